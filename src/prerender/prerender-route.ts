/**
 * One route at build: decide how its GET may be prerendered from its segment config (C11–C13, R72, R76) or
 * Cache Components (C3), list its URLs (generateStaticParams, R74), prerender each, and write the bodies.
 * The route is static only if every URL is; the first dynamic one makes the route dynamic.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ManifestRoute } from '../compiler/manifest.ts'
import { buildSoftTags } from '../cache/tags.ts'
import type { RouteHandler } from '../runtime/route-handlers.ts'
import { isMetadataRoute } from './find-prerender-candidates.ts'
import type {
  ParamValue,
  PrerenderedEntry,
  PrerenderedRoute,
  PrerenderMode,
  RouteRendering,
} from './prerender-manifest.ts'
import { captureHeaders } from './render-entry.ts'
import { runPrerender } from './run-prerender.ts'
import { toStaticPath } from './to-static-path.ts'

/** A failure that stops the build: the route, the URL and what the handler threw. */
export class PrerenderError extends Error {
  readonly route: ManifestRoute
  readonly path: string
  readonly error: unknown

  constructor(route: ManifestRoute, path: string, error: unknown) {
    super(error instanceof Error ? error.message : String(error))
    this.route = route
    this.path = path
    this.error = error
  }
}

type Plan = { mode: PrerenderMode; revalidate: number | false } | { dynamic: string }

/** C11–C13, R72, R76: what the segment config allows; Cache Components ignores it (R95 rejects it). */
export function planPrerender(
  route: Pick<ManifestRoute, 'segments'>,
  module: Record<string, unknown>,
  cacheComponents: boolean,
): Plan {
  if (cacheComponents) return { mode: 'cache-components', revalidate: false }
  const { dynamic, revalidate } = module
  if (dynamic === 'force-dynamic') return { dynamic: 'it exports dynamic = "force-dynamic"' }
  if (revalidate === 0) return { dynamic: 'it exports revalidate = 0' }
  const seconds = typeof revalidate === 'number' && revalidate > 0 ? revalidate : false
  if (dynamic === 'force-static') return { mode: 'force-static', revalidate: seconds }
  if (dynamic === 'error') return { mode: 'error', revalidate: seconds }
  if (seconds !== false || typeof module.generateStaticParams === 'function' || isMetadataRoute(route)) {
    return { mode: 'auto', revalidate: seconds }
  }
  return {
    dynamic:
      'GET handlers are dynamic by default: export dynamic = "force-static" or revalidate to prerender',
  }
}

/** Prerenders every URL of `route`; bodies go under `prerenderDir`. Throws PrerenderError on a handler error. */
export async function prerenderRoute(
  route: ManifestRoute,
  module: Record<string, unknown>,
  options: { cacheComponents: boolean; prerenderDir: string },
): Promise<{ record: PrerenderedRoute | undefined; rendering: RouteRendering }> {
  const plan: Plan =
    typeof module.GET === 'function'
      ? planPrerender(route, module, options.cacheComponents)
      : { dynamic: 'its GET export is not a function' }
  if ('dynamic' in plan) {
    return { record: undefined, rendering: { rendering: 'dynamic', reason: plan.dynamic } }
  }
  const ssg = route.segments.some((segment) => segment.kind !== 'static')
  const urls = ssg ? await listParams(route, module) : [{ path: route.pattern, params: undefined }]
  const entries: PrerenderedEntry[] = []
  for (const { path, params } of urls) {
    const outcome = await runPrerender({
      handler: module.GET as RouteHandler,
      pattern: route.pattern,
      file: route.file,
      path,
      params,
      mode: plan.mode,
      revalidate: plan.revalidate,
    })
    if (outcome.kind === 'dynamic') {
      const where = ssg ? ` (prerendering ${path})` : ''
      return { record: undefined, rendering: { rendering: 'dynamic', reason: `${outcome.reason}${where}` } }
    }
    if (outcome.kind === 'error') throw new PrerenderError(route, path, outcome.error)
    const body = bodyFile(path)
    await mkdir(dirname(join(options.prerenderDir, body)), { recursive: true })
    await writeFile(join(options.prerenderDir, body), outcome.body)
    entries.push({
      path,
      ...(params === undefined ? {} : { params }),
      body,
      status: outcome.response.status,
      headers: captureHeaders(outcome.response.headers),
      revalidate: outcome.revalidate,
      expire: outcome.expire,
      // C7: explicit tags first, then the implicit ones revalidatePath reaches (C38).
      tags: [...outcome.tags, ...buildSoftTags(route.pattern, path)],
      builtAt: performance.timeOrigin + performance.now(),
    })
  }
  const record: PrerenderedRoute = {
    rendering: ssg ? 'ssg' : 'static',
    mode: plan.mode,
    // R74: only the previous model has dynamicParams (R95 rejects it under Cache Components).
    dynamicParams: module.dynamicParams !== false,
    revalidate: plan.revalidate,
    expire: Math.min(...entries.map((entry) => entry.expire), 0xfffffffe),
    entries,
  }
  const rendering: RouteRendering = ssg
    ? {
        rendering: 'ssg',
        paths: entries.map(({ path, revalidate, expire }) => ({ path, revalidate, expire })),
      }
    : { rendering: 'static', revalidate: entries[0]!.revalidate, expire: entries[0]!.expire }
  return { record, rendering }
}

/** R74: runs generateStaticParams and turns each result into a URL; a bad result fails the build. */
async function listParams(
  route: ManifestRoute,
  module: Record<string, unknown>,
): Promise<{ path: string; params: Record<string, ParamValue> }[]> {
  const generate = module.generateStaticParams
  // A dynamic route without generateStaticParams (previous model, force-static): every URL on demand.
  if (typeof generate !== 'function') return []
  let list: unknown
  try {
    list = await (generate as (options: { params: object }) => unknown)({ params: {} })
  } catch (error) {
    throw new PrerenderError(route, route.pattern, error)
  }
  if (!Array.isArray(list)) {
    throw new PrerenderError(
      route,
      route.pattern,
      new Error('generateStaticParams must return an array of params objects.'),
    )
  }
  const seen = new Set<string>()
  const urls: { path: string; params: Record<string, ParamValue> }[] = []
  for (const item of list) {
    const params = (typeof item === 'object' && item !== null ? item : {}) as Record<string, ParamValue>
    const built = toStaticPath(route.segments, params)
    if ('problem' in built) {
      throw new PrerenderError(
        route,
        route.pattern,
        new Error(`generateStaticParams returned ${built.problem}.`),
      )
    }
    if (seen.has(built.path)) continue
    seen.add(built.path)
    urls.push({ path: built.path, params })
  }
  return urls
}

/** C7: `app/<path>.body` like Next's `server/app/`; `/` is `app.body`, dot segments escaped so a file stays put. */
function bodyFile(path: string): string {
  if (path === '/') return 'app.body'
  const parts = path.split('/').slice(1)
  return `app/${parts.map((part) => part.replace(/^\.\.?$/, (dots) => '%2E'.repeat(dots.length))).join('/')}.body`
}
