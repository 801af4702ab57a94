/**
 * What a graceful shutdown waits for besides open connections: background tasks that outlive their
 * response (`after()` callbacks), then shutdown hooks that close shared clients (Redis, once it exists).
 */
import { createError } from '../../errors.ts'
import type { Logger } from '../../_internal/logger.ts'

/** Closes one shared resource at shutdown; runs after every request and background task is done. */
export type ShutdownHook = () => unknown

const pending = new Set<Promise<unknown>>()
const hooks = new Map<string, ShutdownHook>()

/** Counts `task` as in flight until it settles; its rejection is the caller's to log, not ours. */
export function trackBackgroundTask(task: Promise<unknown>): void {
  const tracked: Promise<unknown> = task.then(
    () => pending.delete(tracked),
    () => pending.delete(tracked),
  )
  pending.add(tracked)
}

/** How many background tasks are still running. */
export function countBackgroundTasks(): number {
  return pending.size
}

/**
 * Registers `hook` under `name` (one per name: registering again replaces it), e.g. the Redis cache handler's
 * `quit()`. Returns a function that removes it.
 */
export function addShutdownHook(name: string, hook: ShutdownHook): () => void {
  hooks.set(name, hook)
  return () => {
    if (hooks.get(name) === hook) hooks.delete(name)
  }
}

/** Waits for background tasks, including ones they start, until `deadline` (a `performance.now()` time). */
export async function settleBackgroundTasks(deadline: number): Promise<boolean> {
  while (pending.size > 0) {
    const left = deadline - performance.now()
    if (left <= 0) return false
    await within(Promise.all(pending), left).catch(() => undefined)
  }
  return true
}

/**
 * Runs every shutdown hook, all at once, each bounded by `timeoutMs`; a failure or a hang is logged and
 * the others still run, because the process is about to exit either way.
 */
export async function runShutdownHooks(logger: Logger, timeoutMs: number): Promise<void> {
  const running = [...hooks].map(async ([name, hook]) => {
    try {
      await within(Promise.resolve().then(hook), timeoutMs)
    } catch (error) {
      logger.error(createError('RK_SHUTDOWN_HOOK_FAILED', { name }).message, error)
    }
  })
  await Promise.all(running)
}

/** `task`, or a rejection once `ms` pass; the timer is cleared either way so it holds nothing open. */
function within<T>(task: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`it did not finish within ${ms} ms`)), ms)
  })
  return Promise.race([task, timeout]).finally(() => clearTimeout(timer))
}
