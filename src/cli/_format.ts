/** Terminal output shared by the commands: the route table, durations, warnings. */
import pc from 'picocolors'
import type { ManifestRoute } from '../compiler/manifest.ts'
import { describeProxyCoverage, type ProxyCoverage } from '../proxy/describe-proxy-coverage.ts'
import type { ManifestProxy } from '../proxy/proxy-manifest.ts'
import { formatLifetime } from '../prerender/cache-control.ts'
import type { RouteRendering } from '../prerender/prerender-manifest.ts'

/** `1.2 s` / `340 ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`
}

const methodsText = (r: ManifestRoute): string => (r.methods.length === 0 ? 'none' : r.methods.join(' '))

const COVERAGE: Record<ProxyCoverage, string> = { all: 'yes', some: 'partly', none: '-' }

/** One line of the route table: the tree and route text, its lifetimes, and its route's columns (pattern lines). */
interface Row {
  left: string
  revalidate: string
  expire: string
  route: ManifestRoute | undefined
}

// C0.2: Next's legend, listing only the symbols the table used.
const LEGEND: Record<string, string> = {
  '○': '(Static)   prerendered as static content',
  '●': '(SSG)      prerendered as static HTML (uses generateStaticParams)',
  ƒ: '(Dynamic)  server-rendered on demand',
}

// Next lists a few params per SSG route and counts the rest.
const MAX_PATHS = 3

const lifetime = (revalidate: number | false, expire: number): [string, string] =>
  revalidate === false ? ['', ''] : [formatLifetime(revalidate), formatLifetime(expire)]

/** C0.2: the `○ ● ƒ` tree rows of `routes`, with SSG paths as children of their pattern line. */
function toRows(routes: readonly ManifestRoute[], renderings: Record<string, RouteRendering>): Row[] {
  const rows: Row[] = []
  routes.forEach((route, i) => {
    const last = i === routes.length - 1
    const branch = routes.length === 1 ? '─' : i === 0 ? '┌' : last ? '└' : '├'
    const rendering = renderings[route.pattern] ?? { rendering: 'dynamic', reason: '' }
    if (rendering.rendering !== 'ssg') {
      const [revalidate, expire] =
        rendering.rendering === 'static' ? lifetime(rendering.revalidate, rendering.expire) : ['', '']
      const symbol = rendering.rendering === 'static' ? '○' : 'ƒ'
      rows.push({ left: `${branch} ${symbol} ${route.pattern}`, revalidate, expire, route })
      return
    }
    rows.push({ left: `${branch}   ${route.pattern}`, revalidate: '', expire: '', route })
    const shown = rendering.paths.slice(0, MAX_PATHS)
    const more = rendering.paths.length - shown.length
    const rail = last ? ' ' : '│'
    shown.forEach((entry, j) => {
      const child = j === shown.length - 1 && more === 0 ? '└' : '├'
      const [revalidate, expire] = lifetime(entry.revalidate, entry.expire)
      rows.push({ left: `${rail} ${child} ● ${entry.path}`, revalidate, expire, route: undefined })
    })
    if (more > 0)
      rows.push({ left: `${rail} └ [+${more} more paths]`, revalidate: '', expire: '', route: undefined })
  })
  return rows
}

/**
 * The route table: URL pattern, methods, source file; with a proxy, a Proxy column (`yes`: every request to
 * the route runs it, `partly`: some URLs or only under has/missing conditions) and a line naming the proxy.
 * With `renderings` (a production build), Next's `○ ● ƒ` tree, Revalidate and Expire columns and legend (C0.2).
 */
export function formatRouteTable(
  routes: readonly ManifestRoute[],
  proxy: ManifestProxy | null = null,
  renderings?: Record<string, RouteRendering>,
): string {
  const footer = proxy === null ? [] : [formatProxyLine(proxy)]
  if (routes.length === 0) return [pc.dim('  (no routes)'), ...footer].join('\n')
  const rows: Row[] =
    renderings === undefined
      ? routes.map((route) => ({ left: `  ${route.pattern}`, revalidate: '', expire: '', route }))
      : toRows(routes, renderings)
  const width = Math.max(7, ...rows.map((r) => r.left.length))
  const mWidth = Math.max(7, ...routes.map((r) => methodsText(r).length))
  const lifetimes = renderings === undefined ? '' : `${'Revalidate'}  ${'Expire'}  `
  const proxyHead = proxy === null ? '' : 'Proxy   '
  const header = pc.dim(
    `${'  Route'.padEnd(width)}  ${lifetimes}${'Methods'.padEnd(mWidth)}  ${proxyHead}File`,
  )
  const lines = rows.map((row) => {
    const left = row.route === undefined ? pc.dim(row.left) : pc.bold(row.left)
    const times =
      renderings === undefined ? '' : `${row.revalidate.padStart(10)}  ${row.expire.padStart(6)}  `
    const r = row.route
    if (r === undefined) return `${left}${' '.repeat(width - row.left.length)}  ${times}`.trimEnd()
    const methods = methodsText(r).padEnd(mWidth)
    const coloured = r.methods.length === 0 ? pc.red(methods) : pc.cyan(methods)
    const covered = proxy === null ? '' : `${COVERAGE[describeProxyCoverage(proxy, r.segments)].padEnd(6)}  `
    return `${left}${' '.repeat(width - row.left.length)}  ${times}${coloured}  ${covered}${pc.dim(r.file)}`
  })
  const used =
    renderings === undefined
      ? []
      : Object.keys(LEGEND).filter((symbol) => rows.some((row) => row.left.includes(` ${symbol} `)))
  const legend =
    used.length === 0 ? [] : ['', ...used.map((symbol) => `${symbol}  ${pc.dim(LEGEND[symbol]!)}`)]
  return [header, ...lines, ...footer, ...legend].join('\n')
}

/** Next prints `ƒ Proxy (Middleware)` under its route table; this adds the file and the matcher. */
function formatProxyLine(proxy: ManifestProxy): string {
  const matcher =
    proxy.matchers === null ? 'every request' : proxy.matchers.map((m) => m.source).join(', ') || 'no request'
  return `${pc.bold('ƒ Proxy')} ${pc.dim(proxy.file)}  ${pc.dim(`(matcher: ${matcher})`)}`
}

/** A status line: rewritten in place on a terminal; elsewhere only its first text is printed, once. */
export function createProgressLine(out: NodeJS.WriteStream = process.stdout): {
  update(text: string): void
  clear(): void
} {
  let shown = false
  return {
    update(text) {
      if (out.isTTY) out.write(`\r\x1b[2K${pc.dim(text)}`)
      else if (!shown) out.write(`${text}\n`)
      shown = true
    },
    clear() {
      if (shown && out.isTTY) out.write('\r\x1b[2K')
    },
  }
}

/** Prints build warnings, one per line. */
export function formatWarnings(warnings: readonly string[]): string {
  return warnings.map((w) => `${pc.yellow('⚠')} ${w}`).join('\n')
}
