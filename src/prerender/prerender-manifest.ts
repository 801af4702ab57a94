/**
 * The shape of `.routekit/prerender/manifest.json`: what `routekit build` prerendered (C7, R72, R74), and
 * the classification of every route for the route table. Kept apart from the main manifest, tied to it
 * by the build id, so a leftover from another build is never served.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Bumped whenever the shape changes; an older file is ignored (the routes are then served dynamically). */
export const PRERENDER_VERSION = 1

/** The folder under the build directory. */
export const PRERENDER_DIR = 'prerender'

/** How a route's GET was prerendered: Cache Components rules (C3) or the previous model's (C11–C13). */
export type PrerenderMode = 'cache-components' | 'force-static' | 'auto' | 'error'

/** A route param value as handlers receive it: a string, or the segments of a catch-all. */
export type ParamValue = string | string[]

/** One prerendered URL: the GET response as the build recorded it. */
export interface PrerenderedEntry {
  /** The URL path, percent-encoded as a request would carry it: `/items/a`. */
  path: string
  /** The params of a dynamic route (R74); absent on a static one. */
  params?: Record<string, ParamValue>
  /** The body file, relative to the prerender folder. */
  body: string
  status: number
  /** The handler's own headers (C8), `set-cookie` as a list. */
  headers: Record<string, string | string[]>
  /** Seconds, or false: never by time (C6). */
  revalidate: number | false
  /** Seconds (C6); `INFINITE_CACHE` when nothing shorter was read. */
  expire: number
  /** Explicit tags read while prerendering, then the route's implicit tags (C7, C35, C38). */
  tags: string[]
  /** When the body was made, ms since the epoch: ages count from the build (C9). */
  builtAt: number
}

/** A route whose GET is served from the prerender. */
export interface PrerenderedRoute {
  /** `static`: one URL (○); `ssg`: a dynamic route with `generateStaticParams` (●, R74). */
  rendering: 'static' | 'ssg'
  mode: PrerenderMode
  /** `ssg` only: false → an unlisted param is a 404 (R74). */
  dynamicParams: boolean
  /** The route-level lifetime, used for URLs rendered on demand (R74: `s-maxage=31536000` when false). */
  revalidate: number | false
  expire: number
  entries: PrerenderedEntry[]
}

/** What the build decided about one route, for the route table and `routes --json` (C0.2). */
export type RouteRendering =
  | { rendering: 'dynamic'; reason: string }
  | { rendering: 'static'; revalidate: number | false; expire: number }
  | {
      rendering: 'ssg'
      paths: { path: string; revalidate: number | false; expire: number }[]
    }

/** The file. */
export interface PrerenderManifest {
  version: typeof PRERENDER_VERSION
  /** The main manifest's build id: a prerender of another build is ignored. */
  buildId: string
  /** Route pattern → its prerendered GET; routes not listed are dynamic. */
  routes: Record<string, PrerenderedRoute>
  /** Route pattern → classification, every route. */
  renderings: Record<string, RouteRendering>
}

/** Reads the prerender of the build `buildId`, or undefined when there is none for it. */
export function readPrerenderManifest(outDir: string, buildId: string): PrerenderManifest | undefined {
  const file = join(outDir, PRERENDER_DIR, 'manifest.json')
  if (!existsSync(file)) return undefined
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as PrerenderManifest
  if (manifest.version !== PRERENDER_VERSION || manifest.buildId !== buildId) return undefined
  return manifest
}
