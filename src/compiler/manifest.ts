/** The shape of `.routekit/manifest.json`, the contract between `routekit build` and `routekit start`. */
import type { ResolvedConfig } from '../config/resolved-config.ts'
import type { ManifestProxy } from '../proxy/proxy-manifest.ts'
import type { Segment } from '../scanner/route-file.ts'

/** Bumped whenever the manifest shape changes; `start` refuses a build from another version. */
export const MANIFEST_VERSION = 4

/** The seven methods Next.js dispatches to (R20), in the order Next lists them. */
export const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

/** One route in the build output. */
export interface ManifestRoute {
  /** `/users/[id]` */
  pattern: string
  segments: Segment[]
  /** Source file relative to the project: `app/users/[id]/route.ts`. */
  file: string
  /** Compiled module relative to the output directory: `server/app/users/[id]/route.mjs`. */
  module: string
  /** Upper-case method exports found at build (R20, R24). */
  methods: HttpMethod[]
  /** Every named export of the route module (segment config such as `dynamic`, `generateStaticParams`…). */
  exports: string[]
  /**
   * Its bundle uses `next/headers`, `after()` or a `"use cache"` function: the server enables the request
   * scope (AsyncLocalStorage) on the first request that runs one of its handlers, never at load. `build`
   * always writes it; absent reads as false.
   */
  requestScope?: boolean
}

export interface Manifest {
  version: typeof MANIFEST_VERSION
  buildId: string
  /** The app directory relative to the project: `app` or `src/app`. */
  appDir: string
  routes: ManifestRoute[]
  /** next.config as resolved at build (headers/redirects/rewrites already evaluated). */
  config: ResolvedConfig
  /** The proxy's bundle needs the request scope (as a route's would): the server enables it at load. */
  requestScope: boolean
  /** The project's `proxy.ts` / `middleware.ts`, compiled beside the routes; `null` when there is none. */
  proxy: ManifestProxy | null
}
