/**
 * The runtime behind `"use cache"`: the compiler turns each marked function into
 * `__routekitCached(kind, id, fn, bound?)`, and every call goes through here.
 *
 * A call encodes its key (C20–C23), reads the entry (C41), and then:
 * - fresh entry → its value; nested lifetimes and tags propagate to the caller's scope (C28);
 * - past `revalidate`, before `expire` → the stale value now, one refresh in the background (deviation e);
 * - missing or past `expire` → computes it, once per key however many callers wait (single flight).
 * While prerendering a GET (prerender-scope.ts) a call reads the prerender's own entries first, never uses a
 * stale entry, and counts its fill (C3, C9).
 */
import { encodeCacheKey } from './cache-key.ts'
import { peekCacheScope, peekRequestCacheState, peekRoute, type CacheScope } from './cache-scope.ts'
import { cacheState } from './cache-state.ts'
import { compute, refresh, runTarget, type Target } from './_compute-entry.ts'
import { lookupEntry } from './handler-io.ts'
import { callPrerendering } from './_prerender-call.ts'
import { markDynamic, peekPrerenderScope } from './prerender-scope.ts'
import { propagateToParent } from './scope-lifetimes.ts'
import { getFlight, type Flight } from './single-flight.ts'
import { UNREADABLE, decodeValue } from './value-codec.ts'

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
  // The cache scope lives in the request store's AsyncLocalStorage, which is not created here: a route that calls
  // a cached function is marked at build and enables it before its handler runs; a call outside any marked route
  // (a script, a test) creates it on its first computation (runInRequestStore). Loading alone must not (perf-notes).
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
  const prerender = peekPrerenderScope()
  if (prerender !== undefined) return callPrerendering(target, handler, key, args, request, parent, prerender)
  const flight = getFlight(key)
  if (flight !== undefined && !flight.background) return join(flight, parent)

  let entry = lookupEntry(handler, key, request)
  // A local hit stays synchronous: no microtask on the microsecond path.
  if (entry instanceof Promise) entry = await entry
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

/** C44: `"use cache: private"` is never stored across requests; it only gets a scope and the codec. */
async function callPrivate(target: Target, args: unknown[]): Promise<unknown> {
  const parent = peekCacheScope()
  // C44: private entries need the request, which a prerender does not have.
  const prerender = peekPrerenderScope()
  if (prerender !== undefined && prerender.phase !== 'regenerate') {
    markDynamic(prerender, 'it used "use cache: private"')
  }
  if (parent !== undefined && parent.kind !== 'private') {
    const route = peekRoute()
    throw new Error(
      `${route === undefined ? '' : `Route "${route}": `}\`"use cache: private"\` can't be nested inside \`"use cache"\` because a shared cached function ` +
        'can\'t depend on private request data. Nest it only inside another `"use cache: private"`.\n' +
        'Learn more: https://nextjs.org/docs/messages/use-cache-private-composition',
    )
  }
  const { bytes, meta } = await runTarget(target, args, peekRequestCacheState())
  propagateToParent(parent, meta)
  return decodeValue(bytes)
}
