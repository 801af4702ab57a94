// Turns samples into medians and same-rep ratios, and renders the markdown tables.
import { formatInt, formatMiB, formatMs, formatRatio, median } from './stats.mjs'

const BASE = 'raw'

const find = (list, where) => list.find((item) => Object.entries(where).every(([k, v]) => item[k] === v))

/** Median over reps of `key` of `contender` divided by `other`'s in the same rep (inverted: other ÷ contender). */
const sameRepRatio = (list, endpoint, contender, other, key, invert = false) =>
  median(
    list
      .filter((s) => s.contender === contender && (endpoint === undefined || s.endpoint === endpoint))
      .map((s) => {
        const base = find(list, {
          contender: other,
          rep: s.rep,
          ...(endpoint === undefined ? {} : { endpoint }),
        })
        if (base === undefined) return undefined
        return invert ? base[key] / s[key] : s[key] / base[key]
      }),
  )

/**
 * `samples`: `{ rep, contender, endpoint, rps, cpuUsPerReq, cpuUtil, p50Ms, p99Ms, errors }`;
 * `rss`: `{ rep, contender, bytes }`; `cold`: `{ run, contender, ms }`.
 */
export function summarize({ contenders, endpoints, samples, rss, cold, sizes }) {
  const throughput = {}
  for (const endpoint of endpoints) {
    const row = (throughput[endpoint.id] = {})
    for (const contender of contenders) {
      const own = samples.filter((s) => s.endpoint === endpoint.id && s.contender === contender.id)
      if (own.length === 0) continue
      row[contender.id] = {
        rps: median(own.map((s) => s.rps)),
        ratioToRaw: sameRepRatio(samples, endpoint.id, contender.id, BASE, 'rps'),
        cpuUsPerReq: median(own.map((s) => s.cpuUsPerReq)),
        cpuRatioToRaw: sameRepRatio(samples, endpoint.id, contender.id, BASE, 'cpuUsPerReq', true),
        cpuUtil: median(own.map((s) => s.cpuUtil)),
        p50Ms: median(own.map((s) => s.p50Ms)),
        p99Ms: median(own.map((s) => s.p99Ms)),
        errors: own.reduce((sum, s) => sum + s.errors, 0),
        reps: own.length,
      }
    }
    if (row.routekit !== undefined && row.next !== undefined) {
      row.routekit.ratioToNext = sameRepRatio(samples, endpoint.id, 'routekit', 'next', 'rps')
    }
  }
  const coldStart = {}
  const memory = {}
  for (const contender of contenders) {
    const runs = cold.filter((c) => c.contender === contender.id)
    if (runs.length > 0) {
      const paired = cold.map((c) => ({ ...c, rep: c.run }))
      coldStart[contender.id] = {
        ms: median(runs.map((c) => c.ms)),
        samples: runs.map((c) => c.ms),
        ratioToRaw: sameRepRatio(paired, undefined, contender.id, BASE, 'ms'),
      }
    }
    const reps = rss.filter((r) => r.contender === contender.id)
    if (reps.length > 0) {
      memory[contender.id] = {
        bytes: median(reps.map((r) => r.bytes)),
        ratioToRaw: sameRepRatio(rss, undefined, contender.id, BASE, 'bytes'),
        ratioToNext: sameRepRatio(rss, undefined, contender.id, 'next', 'bytes'),
      }
    }
  }
  return { throughput, coldStart, memory, sizes }
}

/** The targets, each with what was measured and pass / miss / n/a. */
export function checkTargets(summary, endpoints, skipped = {}) {
  const targets = []
  const na = (id, text) => skipped[id] ?? text
  const rk = (id) => summary.throughput[id]?.routekit
  for (const endpoint of endpoints) {
    const goal = endpoint.method === 'GET' && !endpoint.cached ? 0.85 : 0.8
    const ratio = rk(endpoint.id)?.ratioToRaw
    targets.push({
      target: `${endpoint.label}: req/s ≥ ${goal} × node:http`,
      measured: na(endpoint.id, formatRatio(ratio)),
      pass: ratio === undefined ? undefined : ratio >= goal,
    })
  }
  for (const endpoint of endpoints) {
    const ratio = rk(endpoint.id)?.ratioToNext
    targets.push({
      target: `${endpoint.label}: req/s ≥ 10 × next start`,
      measured: na(endpoint.id, formatRatio(ratio, 1)),
      pass: ratio === undefined ? undefined : ratio >= 10,
    })
  }
  const cold = summary.coldStart.routekit?.ms
  targets.push({
    target: 'cold start ≤ 150 ms',
    measured: formatMs(cold),
    pass: cold === undefined ? undefined : cold <= 150,
  })
  const rss = summary.memory.routekit?.ratioToNext
  targets.push({
    target: 'RSS after load ≤ 0.3 × next start',
    measured: formatRatio(rss),
    pass: rss === undefined ? undefined : rss <= 0.3,
  })
  const size = summary.sizes.routekit
  if (size !== undefined) {
    const limit = 15 * 1024 * 1024
    targets.push({
      target: 'installed size with runtime deps (`npm ci --omit=optional`) ≤ 15 MB',
      measured: formatMiB(size.bytes),
      pass: size.bytes <= limit,
    })
    if (size.full !== undefined) {
      targets.push({
        target: '(same, with the optional build tools: `npm install`)',
        measured: formatMiB(size.full.bytes),
        pass: size.full.bytes <= limit,
      })
    }
    targets.push({
      target: '(same, counting only what `routekit start` loads)',
      measured: formatMiB(size.startOnly.bytes),
      pass: size.startOnly.bytes <= limit,
    })
  }
  return targets
}

const verdict = (pass) => (pass === undefined ? 'n/a' : pass ? 'pass' : '**miss**')

/** Markdown: throughput, CPU per request, startup/memory/size, targets. */
export function renderTables({ summary, contenders, endpoints, skipped, targets }) {
  const head = (first, extra = []) => [
    `| ${[first, ...contenders.map((c) => c.label), ...extra].join(' | ')} |`,
    `|${' --- |'.repeat(1 + contenders.length + extra.length)}`,
  ]
  const hasNext = contenders.some((c) => c.id === 'next') && contenders.some((c) => c.id === 'routekit')
  const out = []
  out.push('Requests per second (median; in brackets the median of same-rep ratios to node:http):', '')
  out.push(...head('endpoint', hasNext ? ['Routekit ÷ next start'] : []))
  for (const endpoint of endpoints) {
    if (skipped[endpoint.id] !== undefined) {
      out.push(
        `| ${endpoint.label} | ${skipped[endpoint.id]} |${' |'.repeat(contenders.length - 1 + (hasNext ? 1 : 0))}`,
      )
      continue
    }
    const row = summary.throughput[endpoint.id] ?? {}
    const cells = contenders.map((c) => {
      const cell = row[c.id]
      if (cell === undefined) return 'n/a'
      return c.id === BASE ? formatInt(cell.rps) : `${formatInt(cell.rps)} (${formatRatio(cell.ratioToRaw)})`
    })
    if (hasNext) cells.push(formatRatio(row.routekit?.ratioToNext, 1))
    out.push(`| ${endpoint.label} | ${cells.join(' | ')} |`)
  }
  out.push(
    '',
    'Server CPU per request in µs (median; in brackets node:http µs ÷ contender µs, same rep):',
    '',
  )
  out.push(...head('endpoint'))
  for (const endpoint of endpoints) {
    if (skipped[endpoint.id] !== undefined) continue
    const row = summary.throughput[endpoint.id] ?? {}
    const cells = contenders.map((c) => {
      const cell = row[c.id]
      if (cell === undefined) return 'n/a'
      const us = cell.cpuUsPerReq.toFixed(1)
      return c.id === BASE ? us : `${us} (${formatRatio(cell.cpuRatioToRaw)})`
    })
    out.push(`| ${endpoint.label} | ${cells.join(' | ')} |`)
  }
  out.push('', 'Startup, memory, size:', '')
  out.push(...head(''))
  const cold = contenders.map((c) => {
    const cell = summary.coldStart[c.id]
    return cell === undefined ? 'n/a' : formatMs(cell.ms)
  })
  out.push(`| cold start (spawn → first 200) | ${cold.join(' | ')} |`)
  const rss = contenders.map((c) => {
    const cell = summary.memory[c.id]
    if (cell === undefined) return 'n/a'
    return c.id === BASE
      ? formatMiB(cell.bytes)
      : `${formatMiB(cell.bytes)} (${formatRatio(cell.ratioToRaw, 1)})`
  })
  out.push(`| RSS after load (× node:http) | ${rss.join(' | ')} |`)
  const size = contenders.map((c) => {
    const cell = summary.sizes[c.id]
    if (cell === undefined) return 'n/a'
    if (c.id === BASE) return '0 (built in)'
    if (c.id === 'routekit')
      return `${formatMiB(cell.bytes)} (with build tools: ${cell.full === undefined ? 'n/a' : formatMiB(cell.full.bytes)}; start loads: ${formatMiB(cell.startOnly.bytes)})`
    return formatMiB(cell.bytes)
  })
  out.push(`| installed size | ${size.join(' | ')} |`)
  out.push('', 'Targets (Routekit):', '', '| target | measured | verdict |', '| --- | --- | --- |')
  for (const t of targets) out.push(`| ${t.target} | ${t.measured} | ${verdict(t.pass)} |`)
  return out.join('\n')
}
