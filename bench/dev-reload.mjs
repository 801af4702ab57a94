// `routekit dev` reload latency and memory: generates a 200-route app in a temp dir, starts `routekit dev`
// on it, saves one route file 500 times and times each save until a request sees it; samples the RSS of the
// dev process tree after every edit. Linux (reads /proc). Run `npm run build` first, then from the repo root:
//   node bench/dev-reload.mjs [--routes 200] [--edits 500] [--lib-edits 50] [--json results/dev-reload.json]
//     [--cpu-prof <dir>]
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { processTree } from './lib/proc.mjs'

const { values } = parseArgs({
  options: {
    routes: { type: 'string', default: '200' },
    edits: { type: 'string', default: '500' },
    'lib-edits': { type: 'string', default: '50' },
    json: { type: 'string' },
    // Writes a CPU profile of the supervisor and of each server process (they inherit its flags) there.
    'cpu-prof': { type: 'string' },
  },
})
const ROUTES = Number(values.routes)
const EDITS = Number(values.edits)
const LIB_EDITS = Number(values['lib-edits'])
const BIN = join(import.meta.dirname, '..', 'bin', 'routekit.mjs')

/** Route i: a static route (every tenth one dynamic), importing two shared modules and next/server. */
function routeSource(i, version) {
  const dynamic = i % 10 === 0
  const up = dynamic ? '../../../../' : '../../../'
  const id = dynamic ? '(await ctx.params).id' : `'r${i}'`
  const ctx = dynamic ? ', ctx: { params: Promise<{ id: string }> }' : ''
  return `import { NextResponse, type NextRequest } from 'next/server'
import { getRow } from '${up}lib/db'
import { format } from '${up}lib/format'

export async function GET(request: NextRequest${ctx}) {
  const id = ${id}
  return NextResponse.json({ route: ${i}, version: ${version}, row: getRow(id), text: format(request.nextUrl.pathname) })
}
`
}
const routeFile = (i) => (i % 10 === 0 ? `app/api/r${i}/[id]/route.ts` : `app/api/r${i}/route.ts`)
const routeUrl = (i) => (i % 10 === 0 ? `/api/r${i}/x` : `/api/r${i}`)
const libSource = (version) => `export function format(value: unknown): string {
  return JSON.stringify({ value, lib: ${version} })
}
`

function generate(dir) {
  const write = (path, text) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  write('package.json', '{ "type": "module", "private": true }\n')
  write(
    'lib/db.ts',
    `const rows = new Map<string, { id: string; n: number }>()
export function getRow(id: string) {
  let row = rows.get(id)
  if (row === undefined) rows.set(id, (row = { id, n: rows.size }))
  return row
}
`,
  )
  write('lib/format.ts', libSource(0))
  for (let i = 0; i < ROUTES; i++) write(routeFile(i), routeSource(i, 0))
}

// One keep-alive connection, as a browser or an API client holds: polling by new connections would time
// the supervisor's accept-and-hand-over as much as the reload.
const agent = new Agent({ keepAlive: true, maxSockets: 1 })

function get(port, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Saves `text` to `file` and polls `path` until its body contains `expect`; returns the ms in between. */
async function timeEdit(port, file, text, path, expect) {
  const started = performance.now()
  writeFileSync(file, text)
  const deadline = started + 10_000
  for (let body = ''; ;) {
    // A replaced server process closes its idle connections: a request racing that close is sent again.
    body = await get(port, path).then((r) => r.body, String)
    if (body.includes(expect)) return performance.now() - started
    if (performance.now() > deadline) throw new Error(`${path} never showed ${expect}; last: ${body}`)
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

function rssOf(pid) {
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024
  } catch {
    return 0 // exited between listing its pid and reading its status
  }
}

/** RSS of the supervisor and of its server processes (more than one while a replacement starts). */
function sampleRss(pid) {
  const supervisor = rssOf(pid)
  const members = processTree(pid).slice(1)
  const servers = members.reduce((sum, member) => sum + rssOf(member), 0)
  return { supervisor, servers, total: supervisor + servers, processes: members.length }
}

/** p50, p95 and max of a list of milliseconds (NaN when it is empty). */
function summarize(list) {
  const sorted = list.toSorted((a, b) => a - b)
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN }
}
const format = ({ p50, p95, max }) =>
  `p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  max ${max.toFixed(1)} ms`
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

const loadBefore = loadavg()[0]
const dir = mkdtempSync(join(tmpdir(), 'routekit-dev-bench-'))
let child
try {
  generate(dir)
  const started = performance.now()
  const profile = values['cpu-prof'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']]
  child = spawn(process.execPath, [...profile, BIN, 'dev', dir, '--port', '0', '--hostname', '127.0.0.1'], {
    // The reload lines then say where each reload's time went (quiet, build, modules, write, serve, load).
    env: { ...process.env, NO_COLOR: '1', ROUTEKIT_DEV_TIMINGS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = /ready on http:\/\/[^:]+:(\d+)/.exec(out)
      if (match !== null) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`routekit dev exited with ${code}:\n${out}`)))
  })
  const readyMs = performance.now() - started
  // The supervisor's own figure, from the first file event to the server process having the build.
  const reloads = []
  const phases = { quiet: [], build: [], modules: [], wait: [], write: [], serve: [], load: [] }
  let pendingOut = ''
  child.stdout.on('data', (chunk) => {
    pendingOut += chunk
    const lines = pendingOut.split('\n')
    pendingOut = lines.pop()
    for (const line of lines) {
      const total = /reloaded in ([\d.]+) (ms|s)/.exec(line)
      if (total === null) continue
      reloads.push(Number(total[1]) * (total[2] === 's' ? 1000 : 1))
      for (const match of line.matchAll(/(quiet|build|modules|wait|write|serve|load) ([\d.]+)/g))
        phases[match[1]].push(Number(match[2]))
    }
  })

  const latencies = []
  const samples = []
  const statics = Array.from({ length: ROUTES }, (_, i) => i).filter((i) => i % 10 !== 0)
  for (let n = 1; n <= EDITS; n++) {
    const i = statics[(n * 7) % statics.length]
    const file = join(dir, routeFile(i))
    latencies.push(await timeEdit(port, file, routeSource(i, n), routeUrl(i), `"version":${n},`))
    samples.push(sampleRss(child.pid))
  }
  const serverSide = reloads.splice(0)
  const summarizePhases = () =>
    Object.fromEntries(Object.entries(phases).map(([name, list]) => [name, summarize(list.splice(0))]))
  const phaseSummary = summarizePhases()
  const libLatencies = []
  for (let n = 1; n <= LIB_EDITS; n++) {
    libLatencies.push(
      await timeEdit(port, join(dir, 'lib/format.ts'), libSource(n), routeUrl(1), `\\"lib\\":${n}}`),
    )
  }

  const libPhases = summarizePhases()

  // RSS after the first edit, after 50, after the last. A sample taken while a replacement server process
  // starts counts two processes; `settled` is the last sample with one, `settledMax` the highest such sample.
  const single = samples.filter((sample) => sample.processes === 1)
  const at = {
    first: samples[0],
    warm: samples[Math.min(49, samples.length - 1)],
    last: samples.at(-1),
    settled: single.at(-1) ?? samples.at(-1),
  }
  const peak = (key, list = samples) => Math.max(...list.map((sample) => sample[key]))
  const replacing = samples.length - single.length
  const result = {
    routes: ROUTES,
    edits: EDITS,
    loadAverage: [loadBefore, loadavg()[0]],
    readyMs: Math.round(readyMs),
    routeEdit: summarize(latencies),
    serverSide: summarize(serverSide),
    phases: phaseSummary,
    libEdit: summarize(libLatencies),
    libPhases,
    rss: {
      ...at,
      max: { supervisor: peak('supervisor'), servers: peak('servers'), total: peak('total') },
      settledMax: { supervisor: peak('supervisor', single), servers: peak('servers', single), total: peak('total', single) },
      samplesWithTwoServers: replacing,
    },
  }
  const load = result.loadAverage.map((value) => value.toFixed(1)).join(' → ')
  console.log(`routekit dev: ${ROUTES} routes, ${EDITS} edits of one route file each; 1-min load ${load}`)
  console.log(`  ready in ${result.readyMs} ms`)
  console.log(`  reload, save → response:  ${format(result.routeEdit)}`)
  console.log(`    supervisor's own figure, file event → loaded:  ${format(result.serverSide)}`)
  for (const [name, summary] of Object.entries(result.phases)) {
    if (!Number.isNaN(summary.p50)) console.log(`      ${name.padEnd(8)} ${format(summary)}`)
  }
  console.log(
    `  a module all routes import, save → response (${LIB_EDITS} edits):  ${format(result.libEdit)}`,
  )
  for (const [name, summary] of Object.entries(result.libPhases)) {
    if (!Number.isNaN(summary.p50)) console.log(`      ${name.padEnd(8)} ${format(summary)}`)
  }
  for (const key of ['supervisor', 'servers', 'total']) {
    const growth = (from) => `${((at.last[key] / at[from][key] - 1) * 100).toFixed(1)} %`
    console.log(
      `  RSS ${key.padEnd(10)} first ${mib(at.first[key])}  after 50 ${mib(at.warm[key])}  last ${mib(at.last[key])}` +
        `  (${growth('first')} from first, ${growth('warm')} from 50)  max ${mib(result.rss.max[key])}`,
    )
  }
  console.log(`  ${replacing} of ${samples.length} samples caught a replacement server process starting; without them:`)
  for (const key of ['supervisor', 'servers', 'total']) {
    const growth = ((at.settled[key] / at.first[key] - 1) * 100).toFixed(1)
    const worst = ((result.rss.settledMax[key] / at.first[key] - 1) * 100).toFixed(1)
    console.log(
      `  RSS ${key.padEnd(10)} last ${mib(at.settled[key])} (${growth} % from first)  max ${mib(result.rss.settledMax[key])} (${worst} %)`,
    )
  }
  if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`)
} finally {
  agent.destroy()
  child?.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
}
