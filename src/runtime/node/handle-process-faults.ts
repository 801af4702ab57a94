/**
 * Process-level faults under `routekit start`, each logged once with the route it came from:
 * - an unhandled rejection (a promise a handler left behind) is logged and the server keeps serving: the
 *   rejection touched nothing but its own promise chain;
 * - an uncaught exception (a throw from a timer or an event listener, outside any request) is logged and
 *   starts a graceful shutdown with exit code 1: the code that threw stopped half-way through and may have
 *   left shared state broken, and Node's documentation says resuming after it is unsafe. In-flight requests
 *   still finish; the supervisor (systemd, Kubernetes, pm2) starts a fresh process.
 */
import { createError } from '../../errors.ts'
import type { Logger } from '../../_internal/logger.ts'

export interface ProcessFaultOptions {
  logger: Logger
  /** Route files (`app/x/route.ts`) to look for in stack traces. */
  routeFiles: readonly string[]
  drainTimeout: number
  /** Called once per uncaught exception, after it is logged. */
  onFatal: () => void
}

/** Installs the two handlers; returns a function that removes them. */
export function handleProcessFaults(options: ProcessFaultOptions): () => void {
  const { logger, routeFiles } = options
  const onRejection = (reason: unknown): void => {
    const file = findRouteFile(reason, routeFiles)
    logger.error(createError('RK_UNHANDLED_REJECTION', { file }).message, reason)
  }
  const onException = (error: unknown): void => {
    const file = findRouteFile(error, routeFiles)
    logger.error(createError('RK_UNCAUGHT_EXCEPTION', { file, ms: options.drainTimeout }).message, error)
    options.onFatal()
  }
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
  return () => {
    process.off('unhandledRejection', onRejection)
    process.off('uncaughtException', onException)
  }
}

/**
 * The route file named in the error's stack trace (source maps point frames at the `.ts` source), or a
 * description saying none was found. The first frame that is a route wins: it is the closest to the throw.
 */
export function findRouteFile(error: unknown, routeFiles: readonly string[]): string {
  const stack = error instanceof Error ? error.stack : undefined
  if (stack !== undefined) {
    let best: { file: string; at: number } | undefined
    for (const file of routeFiles) {
      const at = stack.indexOf(`/${file}:`)
      if (at !== -1 && (best === undefined || at < best.at)) best = { file, at }
    }
    if (best !== undefined) return best.file
  }
  return 'no route file in its stack trace'
}
