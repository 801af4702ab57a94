/** The loaded application the request listener serves: routes plus the options that shape requests. */
import type { Logger } from '../_internal/logger.ts'
import type { Router } from '../router/router.ts'
import type { LoadedRoute } from './route-handlers.ts'

/** Options that change how requests are answered, resolved from next.config and Routekit's own config. */
export interface RuntimeOptions {
  /** next.config `basePath` (R43); "" when unset. */
  basePath: string
  /** next.config `trailingSlash` (R15, R16). */
  trailingSlash: boolean
  /** Largest request body the built-in readers accept, in bytes (413 beyond it). */
  bodyLimit: number
  /** `routekit dev`: error details go into 500 bodies. Never true under `start`. */
  dev: boolean
}

/** A ready-to-serve application. */
export interface RuntimeApp extends RuntimeOptions {
  router: Router<LoadedRoute>
  logger: Logger
}

/** 10 MiB: generous for JSON APIs, small enough that one request cannot exhaust memory. */
export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024

/** Defaults for every runtime option. */
export function resolveRuntimeOptions(options: Partial<RuntimeOptions> = {}): RuntimeOptions {
  return {
    basePath: options.basePath ?? '',
    trailingSlash: options.trailingSlash ?? false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    dev: options.dev ?? false,
  }
}
