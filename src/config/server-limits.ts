/** Routekit's server limits and timeouts: their shape, defaults, units and the status each one answers. */

/** Every limit, resolved to plain numbers (bytes, milliseconds or a count). */
export interface ServerLimits {
  /** Largest request body, bytes; 413 beyond it, checked on Content-Length and while the body streams. */
  bodyLimit: number
  /** Largest request head (request line + headers), bytes; 431 beyond it (Node's `maxHeaderSize`). */
  maxHeaderSize: number
  /** Longest request target (path + query), bytes; 414 beyond it. */
  maxUrlLength: number
  /** Time to receive the request head, ms; 408 (Node's `headersTimeout`). */
  headersTimeout: number
  /** Time to receive the whole request, body included, ms; 408 (Node's `requestTimeout`); 0 turns it off. */
  requestTimeout: number
  /** How long an idle keep-alive connection stays open, ms (Node's `keepAliveTimeout`). */
  keepAliveTimeout: number
  /** Open connections at most; the next one is answered 503 and closed. 0 means no limit. */
  maxConnections: number
  /** Time for a handler to return its Response, ms, unless the route exports `maxDuration`; 504. 0 turns it off. */
  handlerTimeout: number
  /** On SIGTERM/SIGINT, how long in-flight requests and after() callbacks may take before they are cut, ms. */
  drainTimeout: number
}

/** The unit a limit is written in: sizes accept "16kb"/"10mb", durations "500ms"/"30s"/"2m". */
export type LimitUnit = 'bytes' | 'ms' | 'count'

/** How one limit is described to users: unit, CLI flag and what a client gets when it is hit. */
export interface LimitInfo {
  unit: LimitUnit
  flag: string
  /** The HTTP status a request gets when it crosses the limit; undefined for limits no request crosses. */
  status: number | undefined
}

/** Defaults: Node's own where Node has the setting, so `routekit start` behaves like a plain Node server. */
export const DEFAULT_LIMITS: Readonly<ServerLimits> = {
  // 10 MiB: generous for JSON APIs, small enough that one request cannot exhaust memory.
  bodyLimit: 10 * 1024 * 1024,
  // Node's default; also what nginx and most proxies in front of us accept.
  maxHeaderSize: 16 * 1024,
  // Half the head: a long URL gets its own status (414) before the head as a whole overflows (431).
  maxUrlLength: 8 * 1024,
  headersTimeout: 60_000,
  requestTimeout: 300_000,
  keepAliveTimeout: 5_000,
  maxConnections: 0,
  // Vercel's default maxDuration, so a Next.js app keeps the ceiling it has in production there.
  handlerTimeout: 300_000,
  // Ten seconds leaves room inside Kubernetes' 30 s terminationGracePeriodSeconds.
  drainTimeout: 10_000,
}

/** Per limit: unit, flag, status. The order is the order of `--help` and of docs/deploy.md. */
export const LIMITS: Readonly<Record<keyof ServerLimits, LimitInfo>> = {
  bodyLimit: { unit: 'bytes', flag: '--body-limit', status: 413 },
  maxHeaderSize: { unit: 'bytes', flag: '--max-header-size', status: 431 },
  maxUrlLength: { unit: 'bytes', flag: '--max-url-length', status: 414 },
  headersTimeout: { unit: 'ms', flag: '--headers-timeout', status: 408 },
  requestTimeout: { unit: 'ms', flag: '--request-timeout', status: 408 },
  keepAliveTimeout: { unit: 'ms', flag: '--keep-alive-timeout', status: undefined },
  maxConnections: { unit: 'count', flag: '--max-connections', status: 503 },
  handlerTimeout: { unit: 'ms', flag: '--handler-timeout', status: 504 },
  drainTimeout: { unit: 'ms', flag: '--drain-timeout', status: undefined },
}

/** The names of every limit, in table order. */
export const LIMIT_KEYS = Object.keys(LIMITS) as (keyof ServerLimits)[]

/** What `routekit.config.{ts,mjs,js}` may export: any limit, as a number or a string with a unit. */
export type RoutekitConfig = { [K in keyof ServerLimits]?: number | string }

/** What the build records about routekit.config: the file and the limits it set (numbers, validated). */
export interface ResolvedRoutekitConfig {
  /** The config file relative to the project, or null when there is none. */
  file: string | null
  limits: Partial<ServerLimits>
}
