/** Running a cached function and storing what it returned: one computation per key (single flight, C46). */
import { logger } from '../_internal/logger.ts'
import { reviveArgs } from './cache-key.ts'
import { peekRoute, runInCacheScope, type RequestCacheState } from './cache-scope.ts'
import { cacheState } from './cache-state.ts'
import type { CacheHandler } from './cache-handler.ts'
import { beginWrite } from './handler-io.ts'
import type { StoredEntry } from './handlers/memory.ts'
import { createCacheScope, finishCacheScope } from './scope-lifetimes.ts'
import { startFlight, type Computed, type Flight } from './single-flight.ts'
import { encodeValue } from './value-codec.ts'

/** One cached function: what every call needs besides its arguments. */
export interface Target {
  kind: string
  id: string
  fn: (...args: unknown[]) => Promise<unknown>
  bound: (() => unknown[]) | undefined
}

/** Starts computing `key` and stores the result in `handler` when it is ready; a failure is not stored (C22). */
export function compute(
  target: Target,
  handler: CacheHandler,
  key: string,
  args: unknown[],
  request: RequestCacheState | undefined,
  background: boolean,
): Flight {
  const write = beginWrite(handler, key, (error) =>
    logger.error(`The cache handler "${target.kind}" failed to store ${target.id}:`, error),
  )
  return startFlight(key, runTarget(target, args, request), background, (result, error) => {
    if (result === undefined) write.fail(error)
    else write.finish({ bytes: result.bytes, ...result.meta } satisfies StoredEntry)
  })
}

/** Deviation e: recomputes a stale entry in the background; the stale value is served meanwhile. */
export function refresh(
  target: Target,
  handler: CacheHandler,
  key: string,
  args: unknown[],
  request: RequestCacheState | undefined,
): void {
  const run = (): void => {
    compute(target, handler, key, args, request, true).promise.catch((error: unknown) =>
      logger.error(
        `"use cache" could not refresh ${target.id} in the background; the stale value is served until it expires:`,
        error,
      ),
    )
  }
  // A shared handler (Redis) lets one process of the fleet refresh the entry; the others keep serving it stale.
  const claim = (handler as Partial<RefreshClaim>).claimRefresh
  if (claim === undefined) return run()
  claim.call(handler, key).then(
    (claimed) => {
      if (claimed) run()
    },
    () => run(),
  )
}

/** A handler that decides which process refreshes a stale entry (the Redis handler's fill lock). */
export interface RefreshClaim {
  claimRefresh(key: string): Promise<boolean>
}

/** Runs the function in a fresh scope and encodes what it returned (C24). */
export async function runTarget(
  target: Target,
  args: unknown[],
  request: RequestCacheState | undefined,
): Promise<Computed> {
  const scope = createCacheScope(cacheState, target.kind, target.id)
  const timestamp = cacheState.now()
  const result = await runInCacheScope(scope, request, () => target.fn(...reviveArgs(args)))
  const bytes = encodeValue(result, target.id)
  return { bytes, meta: finishCacheScope(scope, timestamp, peekRoute()) }
}
