// `node bench/prerender.bench.mjs [--reps 5] [--duration 5]`: a prerendered GET against a dynamic one, same server.
//
// One app, one `routekit start` pinned to CPU 0: `GET /api/hello` (dynamic: the handler runs per request) and
// `GET /api/hello-static` (`dynamic = 'force-static'`: answered from the prerender, Caching II). Both return
// `{"message":"Hello!"}`. wrk on CPU 1 (`-t1 -c64`), the two endpoints interleaved per rep; medians, and the
// median of same-rep ratios (the host is noisy: a ratio within one rep cancels most of its drift).
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const root = join(import.meta.dirname, '..')
const bin = join(root, 'bin', 'routekit.mjs')
const { values } = parseArgs({
  options: { reps: { type: 'string', default: '5' }, duration: { type: 'string', default: '5' } },
})
const reps = Number(values.reps)
const duration = Number(values.duration)

const HELLO = "export function GET() {\n  return Response.json({ message: 'Hello!' })\n}\n"
const app = mkdtempSync(join(tmpdir(), 'routekit-prerender-bench-'))
for (const [path, source] of [
  ['app/api/hello/route.ts', HELLO],
  ['app/api/hello-static/route.ts', `export const dynamic = 'force-static'\n${HELLO}`],
]) {
  mkdirSync(join(app, path, '..'), { recursive: true })
  writeFileSync(join(app, path), source)
}

const built = spawnSync(process.execPath, [bin, 'build', app], { encoding: 'utf8' })
if (built.status !== 0) throw new Error(`build failed:\n${built.stdout}${built.stderr}`)

const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0
const onCpu = (cpu, command, args) =>
  pinned ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args]

function startServer() {
  const [command, args] = onCpu(0, process.execPath, [
    bin,
    'start',
    app,
    '--port',
    '0',
    '--hostname',
    '127.0.0.1',
  ])
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NO_COLOR: '1' },
  })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000)
    child.stdout.on('data', (chunk) => {
      out += chunk
      const port = /ready on http:\/\/[^:]+:(\d+)/.exec(out)?.[1]
      if (port !== undefined) {
        clearTimeout(timer)
        resolve({ child, origin: `http://127.0.0.1:${port}` })
      }
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)))
  })
}

/** utime + stime of `pid` in clock ticks (Linux), or NaN elsewhere. */
function cpuTicks(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return Number.NaN
  }
}

/** One wrk window: requests/second, and the server's CPU per request in µs (100 ticks/s). */
function wrk(url, seconds, pid) {
  const [command, args] = onCpu(1, 'wrk', ['-t1', '-c64', `-d${seconds}s`, url])
  const before = cpuTicks(pid)
  const result = spawnSync(command, args, { encoding: 'utf8' })
  const ticks = cpuTicks(pid) - before
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(result.stdout)?.[1]
  const total = /(\d+) requests in/.exec(result.stdout)?.[1]
  if (rps === undefined || total === undefined)
    throw new Error(`wrk failed:\n${result.stdout}${result.stderr}`)
  if (/Non-2xx/.test(result.stdout)) throw new Error(`non-2xx answers from ${url}:\n${result.stdout}`)
  return { rps: Number(rps), cpuUs: (ticks * 10_000) / Number(total) }
}

const median = (list) => {
  const sorted = list.toSorted((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const { child, origin } = await startServer()
try {
  const check = await Promise.all(['/api/hello', '/api/hello-static'].map((p) => fetch(origin + p)))
  const cache = check.map((r) => r.headers.get('x-nextjs-cache'))
  if (cache[0] !== null || cache[1] !== 'HIT')
    throw new Error(`unexpected x-nextjs-cache: ${cache.join(', ')}`)
  wrk(`${origin}/api/hello`, 2, child.pid)
  wrk(`${origin}/api/hello-static`, 2, child.pid)
  const dynamic = []
  const prerendered = []
  const ratios = []
  const cpu = { dynamic: [], static: [] }
  for (let rep = 0; rep < reps; rep++) {
    // Alternate which endpoint goes first, so neither always gets the warmer half of the rep.
    const order = rep % 2 === 0 ? ['dynamic', 'static'] : ['static', 'dynamic']
    const sample = {}
    for (const which of order) {
      const { rps, cpuUs } = wrk(
        `${origin}/api/${which === 'static' ? 'hello-static' : 'hello'}`,
        duration,
        child.pid,
      )
      sample[which] = rps
      cpu[which].push(cpuUs)
    }
    dynamic.push(sample.dynamic)
    prerendered.push(sample.static)
    ratios.push(sample.static / sample.dynamic)
    console.log(
      `rep ${rep + 1}: dynamic ${sample.dynamic.toFixed(0)} req/s (${cpu.dynamic.at(-1).toFixed(1)} µs CPU/req), ` +
        `prerendered ${sample.static.toFixed(0)} req/s (${cpu.static.at(-1).toFixed(1)} µs), ` +
        `ratio ${(sample.static / sample.dynamic).toFixed(3)}`,
    )
  }
  console.log(
    `${pinned ? 'server on CPU 0, wrk on CPU 1' : 'unpinned (no taskset)'}; wrk -t1 -c64 -d${duration}s, ${reps} reps`,
  )
  console.log(`GET /api/hello (dynamic)        median ${median(dynamic).toFixed(0)} req/s`)
  console.log(`GET /api/hello-static (○, HIT)  median ${median(prerendered).toFixed(0)} req/s`)
  console.log(`prerendered / dynamic: median of same-rep ratios ${median(ratios).toFixed(3)}`)
  console.log(
    `server CPU per request, medians: dynamic ${median(cpu.dynamic).toFixed(1)} µs, prerendered ${median(cpu.static).toFixed(1)} µs`,
  )
} finally {
  child.kill('SIGTERM')
  rmSync(app, { recursive: true, force: true })
}
