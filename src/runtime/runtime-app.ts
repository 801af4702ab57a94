/** The loaded application the request listener serves: routes plus the options that shape requests. */
import type { Logger } from '../_internal/logger.ts'
import { DEFAULT_LIMITS } from '../config/server-limits.ts'
import type { Router } from '../router/router.ts'
import type { ConfigRoutes } from '../proxy/create-config-routes.ts'
import type { LoadedProxy } from '../proxy/load-proxy.ts'
import type { LoadedRoute } from './route-handlers.ts'

/** Options that change how requests are answered, resolved from next.config and Routekit's own config. */
export interface RuntimeOptions {
  /** next.config `basePath` (R43); "" when unset. */
  basePath: string
  /** next.config `trailingSlash` (R15, R16). */
  trailingSlash: boolean
  /** Largest request body the built-in readers and `request.body` accept, in bytes (413 beyond it). */
  bodyLimit: number
  /** Time for a handler to return its Response, in ms, unless the route exports `maxDuration` (504); 0 = none. */
  handlerTimeout: number
  /** `routekit dev`: error details go into 500 bodies. Never true under `start`. */
  dev: boolean
}

/** A ready-to-serve application. */
export interface RuntimeApp extends RuntimeOptions {
  router: Router<LoadedRoute>
  logger: Logger
  /** The project's `proxy.ts` / `middleware.ts`, when it has one (proxy.md). */
  proxy?: LoadedProxy
  /** next.config headers/redirects/rewrites, when there are any (proxy.md P20). */
  configRoutes?: ConfigRoutes
}

/** 10 MiB: generous for JSON APIs, small enough that one request cannot exhaust memory. */
export const DEFAULT_BODY_LIMIT = DEFAULT_LIMITS.bodyLimit

/** Defaults for every runtime option. */
export function resolveRuntimeOptions(options: Partial<RuntimeOptions> = {}): RuntimeOptions {
  return {
    basePath: options.basePath ?? '',
    trailingSlash: options.trailingSlash ?? false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    handlerTimeout: options.handlerTimeout ?? DEFAULT_LIMITS.handlerTimeout,
    dev: options.dev ?? false,
  }
}
