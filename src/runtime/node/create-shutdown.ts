/**
 * Graceful shutdown, in order: stop accepting; finish in-flight requests and streams; finish `after()`
 * callbacks; run shutdown hooks (Redis…); exit. One `drainTimeout` bounds the first three together, so the
 * process always exits within it (plus at most `HOOK_MS` for the hooks).
 */
import type { Server } from 'node:http'
import { createError } from '../../errors.ts'
import type { Logger } from '../../_internal/logger.ts'
import { drainServer } from './drain-server.ts'
import { countBackgroundTasks, runShutdownHooks, settleBackgroundTasks } from './track-pending-work.ts'

// Hooks close network clients; a healthy one takes milliseconds, a hung one must not block the exit.
const HOOK_MS = 2_000

export interface ShutdownOptions {
  drainTimeout: number
  logger: Logger
  /** Ends the process; `process.exit` in `routekit start`, a spy in tests. */
  exit: (code: number) => void
}

/** Starts (once) and reports on the shutdown of one server. */
export interface Shutdown {
  /** Begins shutting down; the process exits with `code` once done. A second call exits at once with 1. */
  begin(code: number, reason: string): void
  readonly started: boolean
}

/** Builds the shutdown sequence for `server`. */
export function createShutdown(server: Server, options: ShutdownOptions): Shutdown {
  const { drainTimeout, logger, exit } = options
  let started = false
  const run = async (code: number): Promise<void> => {
    const deadline = performance.now() + drainTimeout
    const { cut } = await drainServer(server, drainTimeout)
    const settled = await settleBackgroundTasks(deadline)
    if (cut > 0 || !settled) {
      const open = cut + (settled ? 0 : countBackgroundTasks())
      logger.error(createError('RK_DRAIN_TIMEOUT', { ms: drainTimeout, open }).message)
    }
    await runShutdownHooks(logger, HOOK_MS)
    exit(code)
  }
  return {
    begin(code, reason) {
      if (started) {
        logger.warn(`${reason} again: exiting now without waiting for in-flight requests.`)
        exit(1)
        return
      }
      started = true
      logger.info(`${reason}: finishing in-flight requests (up to ${drainTimeout} ms), then exiting.`)
      run(code).catch((error: unknown) => {
        logger.error('Shutdown failed; exiting anyway:', error)
        exit(code === 0 ? 1 : code)
      })
    },
    get started() {
      return started
    },
  }
}
