/** The IPC messages between `routekit dev` (the supervisor) and its server process (dev-server.ts). */
import type { ServerLimits } from '../config/server-limits.ts'
import type { Segment } from '../scanner/route-file.ts'

/** A build the server process should serve (it reads the manifest in `outDir`, as `start` does). */
export interface HostBuild {
  projectDir: string
  outDir: string
  /** The routes of the manifest, for telling broken routes from good ones by Next's precedence. */
  routes: RoutePattern[]
  /** Module relative to `server/` → content hash: an entry is imported again only when its hash changes. */
  versions: Record<string, string>
  /** routekit.config's limits over the defaults, as `routekit start` applies them (no flags in dev). */
  limits: ServerLimits
}

/** A route's URL pattern and segments. */
export interface RoutePattern {
  pattern: string
  segments: Segment[]
}

/** A build error and the routes it breaks; `routes: null`: it belongs to no route, so every request gets it. */
export interface BuildFailure {
  error: string
  routes: RoutePattern[] | null
}

/** Supervisor → server process. A `connection` message carries the accepted socket as its handle. */
export type ToServerMessage =
  /** A change is being built: hold requests until the next `load`, `broken` or `release`. */
  | { type: 'hold' }
  /** Serve `build`; `failure` names routes the build had to leave out, which answer with the error. */
  | { type: 'load'; build: HostBuild; failure: BuildFailure | undefined }
  /** The build failed as a whole: keep serving the last good build, except where `failure` says. */
  | { type: 'broken'; failure: BuildFailure }
  /** The change altered nothing the server runs. */
  | { type: 'release' }
  | { type: 'connection' }
  /** A replacement is serving: finish the requests in flight and exit. */
  | { type: 'retire' }

/**
 * Server process → supervisor: `loaded` answers each `load`, `broken` and `release`; `memory` follows a
 * load once the process has collected garbage, for the decision to replace it.
 */
export type FromServerMessage =
  /** `ms`: how long the process took to apply the message (a load: importing modules, building the router). */
  { type: 'loaded'; ms: number } | { type: 'memory'; rss: number }
