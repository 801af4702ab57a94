/**
 * The runtime behind `"use cache"`: the compiler turns each marked function into
 * `__routekitCached(kind, id, fn, bound?)`, and every call goes through here.
 *
 * A call encodes its key (C20–C23), reads the entry (C41), and then:
 * - fresh entry → its value; nested lifetimes and tags propagate to the caller's scope (C28);
 * - past `revalidate`, before `expire` → the stale value now, one refresh in the background (deviation e);
 * - missing or past `expire` → computes it, once per key however many callers wait (single flight).
 */
import { logger } from '../_internal/logger.ts'
import { enableRequestStore } from '../runtime/request-store.ts'
import { encodeCacheKey, reviveArgs } from './cache-key.ts'
import {
  peekCacheScope,
  peekRequestCacheState,
  peekRoute,
  runInCacheScope,
  type CacheScope,
  type RequestCacheState,
} from './cache-scope.ts'
import { cacheState } from './cache-state.ts'
import type { CacheHandler } from './cache-handler.ts'
import { beginWrite, peekMemory, readEntry } from './handler-io.ts'
import { MemoryCacheHandler, type StoredEntry } from './handlers/memory.ts'
import { createCacheScope, finishCacheScope, propagateToParent } from './scope-lifetimes.ts'
import { getFlight, startFlight, type Computed, type Flight } from './single-flight.ts'
import { UNREADABLE, decodeValue, encodeValue } from './value-codec.ts'

/** One cached function: what every call needs besides its arguments. */
interface Target {
  kind: string
  id: string
  fn: (...args: unknown[]) => Promise<unknown>
  bound: (() => unknown[]) | undefined
}

/**
 * Wraps `fn` (a function marked `"use cache"` or `"use cache: <kind>"`, id `file#name`) so its results are
 * cached; `bound` returns the closed-over values of an inline function, which are part of the key (C20, C21).
 */
export function createCachedFunction<A extends unknown[], R>(
  kind: string,
  id: string,
  fn: (...args: A) => Promise<R>,
  bound?: () => unknown[],
): (...args: A) => Promise<R> {
  // The cache scope lives in the request store's AsyncLocalStorage; an app that caches needs it (perf-notes).
  enableRequestStore()
  const target: Target = { kind, id, fn: fn as unknown as Target['fn'], bound }
  const cached =
    kind === 'private'
      ? (...args: unknown[]): Promise<unknown> => callPrivate(target, args)
      : (...args: unknown[]): Promise<unknown> => callCached(target, args)
  Object.defineProperty(cached, 'name', { value: fn.name })
  return cached as unknown as (...args: A) => Promise<R>
}

async function callCached(target: Target, args: unknown[]): Promise<unknown> {
  const state = cacheState
  const handler = state.handlers.get(target.kind)
  if (handler === undefined) throw new Error(`Unknown cache handler: ${target.kind}`)
  const parent = peekCacheScope()
  const request = peekRequestCacheState()
  const key = encodeCacheKey(state.buildId, target.id, args, target.bound?.())
  const flight = getFlight(key)
  if (flight !== undefined && !flight.background) return join(flight, parent)

  const entry =
    handler instanceof MemoryCacheHandler
      ? peekMemory(handler, key, request)
      : await readEntry(handler, key, request)
  const now = state.now()
  if (entry !== undefined && now <= entry.timestamp + entry.expire * 1000) {
    const value = decodeValue(entry.bytes)
    if (value !== UNREADABLE) {
      propagateToParent(parent, entry)
      // Deviation e: stale (by time, or a tag revalidated with a profile → revalidate -1) is served once more.
      if (now > entry.timestamp + entry.revalidate * 1000 && getFlight(key) === undefined) {
        refresh(target, handler, key, args, request)
      }
      return value
    }
  }
  const pending = getFlight(key)
  return join(pending ?? compute(target, handler, key, args, request, false), parent)
}

async function join(flight: Flight, parent: CacheScope | undefined): Promise<unknown> {
  const { bytes, meta } = await flight.promise
  propagateToParent(parent, meta)
  return decodeValue(bytes)
}

function compute(
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
  return startFlight(key, run(target, args, request), background, (result, error) => {
    if (result === undefined) write.fail(error)
    else write.finish({ bytes: result.bytes, ...result.meta } satisfies StoredEntry)
  })
}

function refresh(
  target: Target,
  handler: CacheHandler,
  key: string,
  args: unknown[],
  request: RequestCacheState | undefined,
): void {
  compute(target, handler, key, args, request, true).promise.catch((error: unknown) =>
    logger.error(
      `"use cache" could not refresh ${target.id} in the background; the stale value is served until it expires:`,
      error,
    ),
  )
}

/** Runs the function in a fresh scope and encodes what it returned (C24). */
async function run(
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

/** C44: `"use cache: private"` is never stored across requests; it only gets a scope and the codec. */
async function callPrivate(target: Target, args: unknown[]): Promise<unknown> {
  const parent = peekCacheScope()
  if (parent !== undefined && parent.kind !== 'private') {
    const route = peekRoute()
    throw new Error(
      `${route === undefined ? '' : `Route "${route}": `}\`"use cache: private"\` can't be nested inside \`"use cache"\` because a shared cached function ` +
        'can\'t depend on private request data. Nest it only inside another `"use cache: private"`.\n' +
        'Learn more: https://nextjs.org/docs/messages/use-cache-private-composition',
    )
  }
  const { bytes, meta } = await run(target, args, peekRequestCacheState())
  propagateToParent(parent, meta)
  return decodeValue(bytes)
}
