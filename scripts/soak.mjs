// `npm run soak`: 1,000,000 requests mixed over examples/basic at 64 connections with wrk, the server's
// RSS sampled every second. Not part of `npm test`. Options: --requests N --connections N --max-seconds N.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const root = join(import.meta.dirname, '..')
const bin = join(root, 'bin', 'routekit.mjs')
const app = join(root, 'examples', 'basic')
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000000' },
    connections: { type: 'string', default: '64' },
    'max-seconds': { type: 'string', default: '600' },
  },
})
const total = Number(values.requests)
const connections = Number(values.connections)

const wrk = spawnSync('wrk', ['--version'], { encoding: 'utf8' })
if (wrk.error !== undefined) {
  console.error('wrk is not installed (https://github.com/wg/wrk); the soak needs it on PATH.')
  process.exit(1)
}
if (!existsSync(join(root, 'dist', 'cli', 'main.js')))
  run(process.execPath, [join(root, 'scripts', 'build-package.mjs')])
run(process.execPath, [bin, 'build', app])

const server = spawn(process.execPath, [bin, 'start', app, '--port', '0', '--hostname', '127.0.0.1'], {
  stdio: ['ignore', 'pipe', 'pipe'],
})
let log = ''
server.stdout.on('data', (chunk) => (log += chunk))
server.stderr.on('data', (chunk) => (log += chunk))
const port = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 20_000)
  server.stdout.on('data', () => {
    const m = /ready on http:\/\/[^:]+:(\d+)/.exec(log)
    if (m !== null) {
      clearTimeout(timer)
      resolve(Number(m[1]))
    }
  })
})

const samples = [rssMiB(server.pid)]
const sampler = setInterval(() => samples.push(rssMiB(server.pid)), 1000)
// One thread: the server runs on one core, wrk on the other (2-core CI hosts); the quota is per thread.
const args = [
  '-t1',
  `-c${connections}`,
  `-d${values['max-seconds']}s`,
  '--latency',
  '-s',
  join(root, 'scripts', 'soak.lua'),
]
// Async, so the sampler keeps ticking while wrk runs.
const load = await new Promise((resolve) => {
  const child = spawn('wrk', [...args, `http://127.0.0.1:${port}`, '--', String(total)])
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
    if (stdout.includes('SOAK-QUOTA')) child.kill('SIGINT')
  })
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.on('exit', () => resolve({ stdout, stderr }))
})
clearInterval(sampler)
samples.push(rssMiB(server.pid))
const alive = await status(port, '/api/hello')
server.kill('SIGTERM')
const exitCode = await new Promise((resolve) => server.once('exit', resolve))

const line = /^SOAK (.*)$/m.exec(load.stdout)
if (line === null) {
  console.error(`wrk gave no summary:\n${load.stdout}${load.stderr}`)
  process.exit(1)
}
const r = JSON.parse(line[1])
const socketErrors = r.connect + r.read + r.write + r.timeout
const seconds = r.durationUs / 1e6
console.log(
  `requests        ${r.requests.toLocaleString('en')} in ${seconds.toFixed(1)} s (${Math.round(r.requests / seconds).toLocaleString('en')} req/s, ${connections} connections)`,
)
console.log(`latency         p50 ${(r.p50 / 1000).toFixed(2)} ms, p99 ${(r.p99 / 1000).toFixed(2)} ms`)
console.log(
  `errors          ${r.status} non-2xx/3xx, ${socketErrors} socket (connect ${r.connect}, read ${r.read}, write ${r.write}, timeout ${r.timeout})`,
)
console.log(
  `rss             start ${samples[0]} MiB, end ${samples.at(-1)} MiB, peak ${Math.max(...samples)} MiB (${samples.length} samples, 1/s)`,
)
console.log(`rss samples     ${samples.join(' ')}`)
console.log(`after the load  GET /api/hello → ${alive}; SIGTERM → exit ${exitCode}`)
const failed = r.requests < total || r.status > 0 || socketErrors > 0 || alive !== 200 || exitCode !== 0
if (failed) console.log(`\nserver output:\n${log}`)
process.exitCode = failed ? 1 : 0

function run(command, argv) {
  const result = spawnSync(command, argv, { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

/** Resident set size of `pid` in MiB (Linux /proc; `ps` elsewhere). */
function rssMiB(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1])
    return Math.round(kb / 1024)
  } catch {
    const ps = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' })
    return Math.round(Number(ps.stdout.trim()) / 1024)
  }
}

function status(target, path) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: target, path, agent: false }, (res) => {
      res.resume()
      resolve(res.statusCode)
    })
    req.on('error', (error) => resolve(error.message))
    req.end()
  })
}
