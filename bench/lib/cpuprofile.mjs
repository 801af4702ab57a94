// Summarises a V8 .cpuprofile: self time per function, inclusive time per function, and self time per area.
import { readFileSync } from 'node:fs'

/** Where a frame's code lives, for the per-area totals. */
function areaOf(frame) {
  const { url, functionName } = frame
  if (url === '') {
    if (/^\((?:garbage collector|program|idle|root)\)$/.test(functionName)) return functionName
    return 'V8 builtins / native (JSON, Map, RegExp…)'
  }
  if (url.startsWith('node:')) {
    const mod = url.slice(5)
    if (/^_http_|^http$/.test(mod)) return 'node: http'
    if (/^net$|stream_base|tcp_wrap/.test(mod)) return 'node: net / socket'
    if (/streams\//.test(mod)) return 'node: streams'
    if (/^events$/.test(mod)) return 'node: events'
    if (/async_hooks|async_context|promise_hooks/.test(mod)) return 'node: async_hooks'
    if (/timers|process\/task_queues/.test(mod)) return 'node: timers / nextTick'
    if (/webstreams|deps\/undici|fetch/.test(mod)) return 'node: undici / web streams'
    return `node: ${mod}`
  }
  const dist = /\/dist\/(.+)\.js$/.exec(url)
  if (dist !== null) return `routekit: src/${dist[1]}.ts`
  if (/\/\.routekit\/server\//.test(url)) return 'app route modules'
  if (/\/node_modules\//.test(url)) return `package: ${/\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)[1]}`
  return url
}

function label(frame) {
  const name = frame.functionName || '(anonymous)'
  if (frame.url === '') return name
  const file = frame.url.replace(/^file:\/\/.*\/dist\//, 'dist/').replace(/^file:\/\/.*\/bench\//, 'bench/')
  return `${name} ${file}:${frame.lineNumber + 1}`
}

/**
 * `{ totalMs, samples, self: [{ label, area, ms, share }], inclusive: [...], areas: [{ area, ms, share }] }`,
 * with `(idle)` left out of every share (the shares are of busy time).
 */
export function summarizeProfile(path, { top = 25 } = {}) {
  const profile = JSON.parse(readFileSync(path, 'utf8'))
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfUs = new Map()
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  }
  const parent = new Map()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const selfByLabel = new Map()
  const inclusiveByLabel = new Map()
  const areas = new Map()
  let busyUs = 0
  for (const [id, us] of selfUs) {
    const node = byId.get(id)
    const area = areaOf(node.callFrame)
    if (area === '(idle)') continue
    busyUs += us
    const key = label(node.callFrame)
    const entry = selfByLabel.get(key) ?? { label: key, area, us: 0 }
    entry.us += us
    selfByLabel.set(key, entry)
    areas.set(area, (areas.get(area) ?? 0) + us)
    // Inclusive: once per distinct function on the stack (recursion counted once).
    const seen = new Set()
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at).callFrame
      const name = label(frame)
      if (seen.has(name)) continue
      seen.add(name)
      const inc = inclusiveByLabel.get(name) ?? { label: name, area: areaOf(frame), us: 0 }
      inc.us += us
      inclusiveByLabel.set(name, inc)
    }
  }
  const finish = (list) =>
    list.toSorted((a, b) => b.us - a.us).map((e) => ({ ...e, ms: e.us / 1000, share: e.us / busyUs }))
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    busyMs: busyUs / 1000,
    samples: profile.samples.length,
    self: finish([...selfByLabel.values()]).slice(0, top),
    inclusive: finish([...inclusiveByLabel.values()]).filter((e) => /^routekit|^app/.test(e.area)),
    areas: finish([...areas].map(([area, us]) => ({ area, us }))),
  }
}

const pct = (share) => `${(share * 100).toFixed(1)} %`

/** The summary as markdown tables. */
export function renderProfile(summary, { requests, areasTop = 14, inclusiveTop = 20 } = {}) {
  // µs per request, when the number of requests the profile covers is known.
  const known = requests !== undefined
  const per = (ms) => (known ? ` | ${((ms * 1000) / requests).toFixed(2)}` : '')
  const col = known ? ' | µs/req' : ''
  const sep = known ? ' --- |' : ''
  const out = [
    `${summary.samples} samples, ${summary.busyMs.toFixed(0)} ms busy of ${summary.totalMs.toFixed(0)} ms` +
      (known ? `, ${requests.toLocaleString('en-US')} requests.` : '.'),
    '',
    `| self time by area | ms | share of busy${col} |`,
    `| --- | --- | --- |${sep}`,
  ]
  for (const a of summary.areas.slice(0, areasTop)) {
    out.push(`| ${a.area} | ${a.ms.toFixed(0)} | ${pct(a.share)}${per(a.ms)} |`)
  }
  const rest = summary.areas.slice(areasTop)
  if (rest.length > 0) {
    const ms = rest.reduce((sum, a) => sum + a.ms, 0)
    const share = rest.reduce((sum, a) => sum + a.share, 0)
    out.push(
      `| ${rest.length} other areas (module loading, startup…) | ${ms.toFixed(0)} | ${pct(share)}${per(ms)} |`,
    )
  }
  out.push('', `| top self time | area | ms | share${col} |`, `| --- | --- | --- | --- |${sep}`)
  for (const e of summary.self) {
    out.push(`| \`${e.label}\` | ${e.area} | ${e.ms.toFixed(0)} | ${pct(e.share)}${per(e.ms)} |`)
  }
  if (summary.inclusive.length > 0) {
    out.push('', `| Routekit / app function (inclusive) | ms | share${col} |`, `| --- | --- | --- |${sep}`)
    for (const e of summary.inclusive.slice(0, inclusiveTop)) {
      out.push(`| \`${e.label}\` | ${e.ms.toFixed(0)} | ${pct(e.share)}${per(e.ms)} |`)
    }
  }
  return out.join('\n')
}
