// `node bench/workers.bench.mjs [-- options]`: req/s of `routekit start --workers 2` against `--workers 1` on
// app-seed, interleaved reps (a fresh server per rep and config), medians and same-rep ratios.
// On a machine with few cores the load generator competes with the workers for CPU: nothing is pinned, both
// configs run under the same conditions, and the output says how many cores there were.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { endpoints } from './lib/endpoints.mjs'
import { chooseLoadTool, runLoad } from './lib/load.mjs'
import { describeMachine } from './lib/machine.mjs'
import { cpuSeconds, hostBusyCores } from './lib/proc.mjs'
import { fetchOnce, freePort, killAllStarted, startServer, waitFor200 } from './lib/server-process.mjs'
import { formatInt, formatRatio, median } from './lib/stats.mjs'
import { contender } from './servers/routekit.mjs'

const HELP = `Usage: node bench/workers.bench.mjs [options]

  --workers <list>    configs to compare, comma-separated (default: 1,2; "auto" works too)
  --endpoints <ids>   comma-separated endpoint ids (default: hello,products; see lib/endpoints.mjs)
  --reps <n>          interleaved repetitions (default: 3)
  --warmup <s>        warm-up seconds per endpoint (default: 1)
  --duration <s>      measured seconds per endpoint (default: 3)
  --connections <n>   concurrent connections (default: 64)
  --load <tool>       wrk or autocannon (default: wrk when installed)
  -h, --help          this text`

const { values: opts } = parseArgs({
  options: {
    workers: { type: 'string', default: '1,2' },
    endpoints: { type: 'string', default: 'hello,products' },
    reps: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    duration: { type: 'string', default: '3' },
    connections: { type: 'string', default: '64' },
    load: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (opts.help) {
  console.log(HELP)
  process.exit(0)
}

const benchDir = import.meta.dirname
const root = join(benchDir, '..')
const int = (value) => Math.max(1, Number.parseInt(value, 10))
const config = {
  workers: opts.workers.split(',').map((w) => w.trim()),
  reps: int(opts.reps),
  warmupSeconds: int(opts.warmup),
  durationSeconds: int(opts.duration),
  connections: int(opts.connections),
}
const chosen = endpoints.filter((e) => opts.endpoints.split(',').includes(e.id))
const load = chooseLoadTool(opts.load)
if (load.tool === 'autocannon' && !existsSync(join(benchDir, 'node_modules', 'autocannon'))) {
  console.log('autocannon is missing: npm --prefix bench install …')
  const install = spawnSync('npm', ['--prefix', benchDir, 'install', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
  })
  if (install.status !== 0) process.exit(install.status ?? 1)
}

process.on('exit', killAllStarted)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAllStarted()
    process.exit(130)
  })
}

const log = (message) => console.log(message)
const machine = describeMachine(root)
const workDir = join(benchDir, '.work')
mkdirSync(workDir, { recursive: true })
const ctx = { root, benchDir, appSeed: join(benchDir, 'app-seed'), workDir, rebuild: false, log }
const pinning = { pinned: false, note: 'unpinned' }

log(`Routekit cluster bench: --workers ${config.workers.join(' vs ')}`)
log(`machine: ${machine.nproc} × ${machine.cpu}, Node ${machine.node}`)
log(
  `load: ${load.tool}, ${config.connections} connections; ${config.reps} interleaved reps × (${config.warmupSeconds} s warm-up + ${config.durationSeconds} s)`,
)
if (machine.nproc <= 2) {
  log(
    `⚠ ${machine.nproc} cores: the load generator runs on the same cores as the workers and takes a large share of ` +
      'them, so --workers 2 cannot show its full gain here (nothing is pinned; both configs share the machine alike).',
  )
}

const prepared = await contender.prepare(ctx)
if (!prepared.ok) throw new Error(`routekit build of app-seed failed:\n${prepared.error}`)
const served = chosen.filter((e) => !(e.cached && prepared.withoutCachedRoute))

async function launch(workers) {
  const port = await freePort()
  const host = '127.0.0.1'
  const spec = contender.spawn({ port, host }, ctx, prepared)
  spec.args.push('--workers', workers)
  const t0 = performance.now()
  const server = startServer(spec, { pinning, port, host })
  if ((await waitFor200(server, '/api/hello', t0)) === undefined) {
    await server.stop()
    throw new Error(`--workers ${workers} did not answer on /api/hello:\n${server.output()}`)
  }
  return server
}

const hostBusy = await hostBusyCores(1_000)
log(`host load before the run: ${hostBusy.toFixed(2)} cores busy with other processes`)

const samples = []
for (let rep = 1; rep <= config.reps; rep++) {
  for (const workers of config.workers) {
    const server = await launch(workers)
    for (const endpoint of served) {
      // Every worker has its own cache: a few requests fill them before the warm-up (round-robin spreads them).
      for (let i = 0; i < 16; i++)
        await fetchOnce(server.url + endpoint.path, { method: endpoint.method, body: endpoint.requestBody })
      const base = {
        tool: load.tool,
        pinning,
        url: server.url,
        endpoint,
        connections: config.connections,
        workDir,
        benchDir,
      }
      await runLoad({ ...base, seconds: config.warmupSeconds })
      const before = cpuSeconds(server.pid)
      const result = await runLoad({ ...base, seconds: config.durationSeconds })
      const cpu = cpuSeconds(server.pid) - before
      const sample = {
        rep,
        workers,
        endpoint: endpoint.id,
        ...result,
        serverCores: cpu / result.seconds,
        cpuUsPerReq: (cpu * 1e6) / result.requests,
      }
      samples.push(sample)
      log(
        `rep ${rep}/${config.reps} --workers ${workers.padEnd(4)} ${endpoint.label.padEnd(28)} ${formatInt(sample.rps).padStart(7)} req/s  ` +
          `server used ${sample.serverCores.toFixed(2)} cores, ${sample.cpuUsPerReq.toFixed(1)} µs CPU/req${sample.errors > 0 ? `  ⚠ ${sample.errors} errors` : ''}`,
      )
    }
    await server.stop()
  }
}

const [baseline, ...others] = config.workers
const rows = [
  `| endpoint | ${config.workers.map((w) => `--workers ${w} req/s (cores used, µs CPU/req)`).join(' | ')} | ${others.map((w) => `${w} vs ${baseline}`).join(' | ')} |`,
]
rows.push(`|${' --- |'.repeat(1 + config.workers.length + others.length)}`)
const summary = {}
for (const endpoint of served) {
  const of = (workers) => samples.filter((s) => s.workers === workers && s.endpoint === endpoint.id)
  const cells = config.workers.map((w) => {
    const rps = median(of(w).map((s) => s.rps))
    const cores = median(of(w).map((s) => s.serverCores))
    const us = median(of(w).map((s) => s.cpuUsPerReq))
    summary[`${endpoint.id}@${w}`] = { rps, cores, cpuUsPerReq: us }
    return `${formatInt(rps)} (${cores?.toFixed(2) ?? 'n/a'}, ${us?.toFixed(1) ?? 'n/a'})`
  })
  // Same-rep ratios: each rep's pair ran back to back, so a noisy stretch of the host hits both.
  const ratios = others.map((w) => {
    const pairs = of(w).map((s) => s.rps / of(baseline).find((b) => b.rep === s.rep).rps)
    summary[`${endpoint.id}@${w}/${baseline}`] = median(pairs)
    return formatRatio(median(pairs))
  })
  rows.push(`| ${endpoint.label} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`)
}
const table = rows.join('\n')
const note =
  `${machine.nproc} × ${machine.cpu}, Node ${machine.node}; ${load.tool}${load.tool === 'wrk' ? ' (1 thread)' : ''}, ` +
  `${config.connections} connections, unpinned (the load generator shares the cores with the workers); ` +
  `${config.reps} interleaved reps of ${config.warmupSeconds} s + ${config.durationSeconds} s, medians; ` +
  `host ${hostBusy.toFixed(2)} cores busy before the run. "cores used" is the CPU time of the server's process tree ` +
  '(primary + workers) per second, µs CPU/req that time per request. On a shared host, two processes also get a ' +
  'larger share of the CPU than one, so part of a gain can come from other tenants.'
log(`\n${table}\n\n${note}`)

const stamp = new Date().toISOString().replace(/[:.]/g, '-')
mkdirSync(join(benchDir, 'results'), { recursive: true })
const file = join(benchDir, 'results', `workers-${stamp}.json`)
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), config, machine, load, hostBusy, samples, summary, table, note }, null, 2)}\n`,
)
log(`\nwrote ${file.slice(root.length + 1)}`)
