/**
 * Which routes `routekit build` runs at all: only a GET that could come out static is worth a child
 * process. Everything decided from export names alone is decided here, with the reason (C2, C11, R71).
 */
import type { Manifest, ManifestRoute } from '../compiler/manifest.ts'
import type { RouteRendering } from './prerender-manifest.ts'

// C2: any of these next to a GET keeps it from being prerendered (HEAD does not, per the errata).
const BLOCKING_METHODS = ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const

// R71: metadata routes are prerendered by default even without Cache Components.
const METADATA_FILES = new Set([
  'robots.txt',
  'sitemap.xml',
  'manifest.json',
  'manifest.webmanifest',
  'favicon.ico',
])

// C11: without Cache Components, these exports are what can opt a GET into prerendering (R72, R74).
const OPT_IN_EXPORTS = ['dynamic', 'revalidate', 'generateStaticParams'] as const

/** The routes to run in the prerender child, and the final word on every other route. */
export interface PrerenderCandidates {
  candidates: ManifestRoute[]
  renderings: Record<string, RouteRendering>
}

/** True for a route whose last segment is a metadata file name (R71). */
export function isMetadataRoute(route: Pick<ManifestRoute, 'segments'>): boolean {
  const last = route.segments.at(-1)
  return last?.kind === 'static' && METADATA_FILES.has(last.value)
}

/** Splits the routes of a build into prerender candidates and routes that are dynamic by their exports. */
export function findPrerenderCandidates(manifest: Pick<Manifest, 'routes' | 'config'>): PrerenderCandidates {
  const candidates: ManifestRoute[] = []
  const renderings: Record<string, RouteRendering> = {}
  for (const route of manifest.routes) {
    const reason = whyDynamic(route, manifest.config.cacheComponents)
    if (reason === undefined) candidates.push(route)
    else renderings[route.pattern] = { rendering: 'dynamic', reason }
  }
  return { candidates, renderings }
}

function whyDynamic(route: ManifestRoute, cacheComponents: boolean): string | undefined {
  if (!route.methods.includes('GET')) return 'it exports no GET'
  const blocking = BLOCKING_METHODS.filter((method) => route.methods.includes(method))
  if (blocking.length > 0) {
    // C2: Next's words: "Route is configured with methods that cannot be statically generated."
    return `it also exports ${blocking.join(', ')}, methods that cannot be statically generated`
  }
  const params = route.segments.some((segment) => segment.kind !== 'static')
  const listsParams = route.exports.includes('generateStaticParams')
  if (cacheComponents) {
    return params && !listsParams ? 'it has a dynamic segment and no generateStaticParams' : undefined
  }
  if (OPT_IN_EXPORTS.some((name) => route.exports.includes(name)) || isMetadataRoute(route)) return undefined
  return 'GET handlers are dynamic by default: export dynamic = "force-static" or revalidate to prerender'
}
