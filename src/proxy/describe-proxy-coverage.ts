/**
 * Which routes the proxy covers, for `routekit routes` and `build` (issue item 6). A matcher is a regex over
 * URLs and a route a pattern, so each route is probed with sample URLs: every dynamic segment gets a few
 * values (a word, a number, a dotted name; catch-alls one and two segments, optional ones also none).
 */
import type { Segment } from '../scanner/route-file.ts'
import type { ManifestProxy } from './proxy-manifest.ts'

/** `all`: every request to the route runs the proxy; `some`: only some URLs or only under conditions. */
export type ProxyCoverage = 'all' | 'some' | 'none'

const ONE = ['x', '1', 'a.b']
const MANY = ['x', '1', 'a/b']
const MAX_PROBES = 64

/** The sample URLs of a route, at most MAX_PROBES of them. */
export function toProbePaths(segments: readonly Segment[]): string[] {
  let paths = ['']
  for (const segment of segments) {
    const values =
      segment.kind === 'static'
        ? [segment.value]
        : segment.kind === 'dynamic'
          ? ONE
          : segment.kind === 'catch-all'
            ? MANY
            : ['', ...MANY]
    paths = paths
      .flatMap((path) => values.map((value) => (value === '' ? path : `${path}/${value}`)))
      .slice(0, MAX_PROBES)
  }
  return paths.map((path) => path || '/')
}

/** How much of the route at `segments` the proxy covers. */
export function describeProxyCoverage(proxy: ManifestProxy, segments: readonly Segment[]): ProxyCoverage {
  if (proxy.matchers === null) return 'all'
  const entries = proxy.matchers.map((m) => ({
    regexp: new RegExp(m.regexp),
    conditional: (m.has?.length ?? 0) + (m.missing?.length ?? 0) > 0,
  }))
  let always = 0
  let sometimes = 0
  const probes = toProbePaths(segments)
  for (const path of probes) {
    const hits = entries.filter((e) => e.regexp.test(path))
    if (hits.some((e) => !e.conditional)) always++
    else if (hits.length > 0) sometimes++
  }
  if (always === probes.length) return 'all'
  return always + sometimes === 0 ? 'none' : 'some'
}
