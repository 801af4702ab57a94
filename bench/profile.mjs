// `node bench/profile.mjs [--endpoint hello,search-post] [--contender routekit|raw] [--seconds 10]`:
// runs a server under `node --cpu-prof` (pinned like the bench), loads one endpoint with wrk, stops the
// server so V8 writes the profile, and prints where the CPU went (self time per area and per function,
// inclusive time of Routekit's functions). Profiles land in bench/.work/profiles/.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { endpoints } from './lib/endpoints.mjs'
import { chooseLoadTool, runLoad } from './lib/load.mjs'
import { detectPinning, pinSelf } from './lib/pin.mjs'
import { cpuSeconds } from './lib/proc.mjs'
import { freePort, killAllStarted, startServer, waitFor200 } from './lib/server-process.mjs'
import { renderProfile, summarizeProfile } from './lib/cpuprofile.mjs'

const benchDir = import.meta.dirname
const root = join(benchDir, '..')
const { values: opts } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'hello,search-post' },
    contender: { type: 'string', default: 'routekit' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    interval: { type: 'string', default: '250' },
    // Another app folder for Next/Routekit (default: bench/app-seed).
    app: { type: 'string' },
  },
})
process.on('exit', killAllStarted)

const pinning = detectPinning()
pinSelf(pinning)
const load = chooseLoadTool()
const workDir = join(benchDir, '.work')
const profilesDir = join(workDir, 'profiles')
mkdirSync(profilesDir, { recursive: true })
const ctx = {
  root,
  benchDir,
  appSeed: opts.app === undefined ? join(benchDir, 'app-seed') : resolve(opts.app),
  workDir,
  log: console.log,
}
const { contender } = await import(`./servers/${opts.contender}.mjs`)
const prepared = contender.prepare === undefined ? {} : await contender.prepare(ctx)
if (prepared.ok === false) throw new Error(prepared.error)

const report = []
for (const id of opts.endpoint.split(',')) {
  const endpoint = endpoints.find((e) => e.id === id)
  if (endpoint === undefined) throw new Error(`unknown endpoint ${id}`)
  const dir = join(profilesDir, `${contender.id}-${id}`)
  rmSync(dir, { recursive: true, force: true })
  const port = await freePort()
  const spec = contender.spawn({ port, host: '127.0.0.1' }, ctx, prepared)
  const args = ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', opts.interval, ...spec.args]
  const t0 = performance.now()
  const server = startServer({ ...spec, args }, { pinning, port, host: '127.0.0.1' })
  if ((await waitFor200(server, '/api/hello', t0)) === undefined) throw new Error(server.output())
  const base = { tool: load.tool, pinning, url: server.url, endpoint, connections: 64, workDir, benchDir }
  const warm = await runLoad({ ...base, seconds: Number(opts.warmup) })
  const cpu0 = cpuSeconds(server.pid)
  const result = await runLoad({ ...base, seconds: Number(opts.seconds) })
  const cpu = cpuSeconds(server.pid) - cpu0
  await server.stop() // SIGTERM: the server exits cleanly and V8 writes the profile
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))
  if (file === undefined) throw new Error(`no profile written in ${dir}:\n${server.output()}`)
  const summary = summarizeProfile(join(dir, file))
  // The profile spans startup, warm-up and the measured window: per-request figures divide by all of it.
  const requests = warm.requests + result.requests
  const head =
    `### ${contender.label}, ${endpoint.label}\n\n` +
    `${Math.round(result.rps).toLocaleString('en-US')} req/s under the profiler, ` +
    `${((cpu * 1e6) / result.requests).toFixed(1)} µs server CPU/req (profiling adds overhead; compare shares, ` +
    `not absolute figures). Profile: ${join(dir, file).slice(root.length + 1)}\n`
  const text = `${head}\n${renderProfile(summary, { requests })}\n`
  report.push(text)
  console.log(text)
}
writeFileSync(join(profilesDir, `${contender.id}-summary.md`), report.join('\n'))
console.log(`wrote ${join(profilesDir, `${contender.id}-summary.md`).slice(root.length + 1)}`)
