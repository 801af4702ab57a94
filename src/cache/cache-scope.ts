/**
 * Where a cached call runs: a child of the request scope (the one AsyncLocalStorage of request-store.ts, so an
 * app pays for one ALS, not two) that carries the cache scope — what `cacheLife()`/`cacheTag()` write to —
 * and sets `cacheScope`, which makes `headers()`/`cookies()`/`connection()` throw inside it (C25).
 * Per-request cache state (soft tags, refreshTags/getExpiration once per handler, C41) hangs off the
 * request's store under a symbol.
 */
import { peekRequestStore, runInRequestStore, type RequestStore } from '../runtime/request-store.ts'
import type { CacheLifeProfile } from '../config/resolved-config.ts'
import type { CacheHandler } from './cache-handler.ts'
import { buildSoftTags } from './tags.ts'

/** One running cached function: what its body declared and what nested entries propagated (C28, C33). */
export interface CacheScope {
  kind: string
  /** The function id, for messages. */
  fn: string
  /** Set by `cacheLife()` calls, per-field minimum (C33); undefined when the body never called it. */
  explicit: CacheLifeProfile | undefined
  /** The default profile lowered by nested entries (used when `explicit` leaves a field open). */
  stale: number
  revalidate: number
  expire: number
  /** The shortest nested lifetimes, for Next's nested-short-lifetime error (C28). */
  innerRevalidate: number
  innerExpire: number
  /** `cacheTag()` tags plus nested entries' tags. */
  tags: string[]
}

/** Cache bookkeeping for one request. */
export interface RequestCacheState {
  store: RequestStore
  softTags: string[] | undefined
  refreshed: Map<CacheHandler, Promise<void>> | undefined
  expirations: Map<CacheHandler, Promise<number>> | undefined
}

const kScope = Symbol('routekit.cache.scope')
const kRequest = Symbol('routekit.cache.request')

interface ScopedStore extends RequestStore {
  [kScope]?: CacheScope
  [kRequest]?: RequestCacheState
}

/** The cache scope the caller runs in, if any. */
export function peekCacheScope(): CacheScope | undefined {
  return (peekRequestStore() as ScopedStore | undefined)?.[kScope]
}

/** The route pattern for Next's `Route "…": ` message prefix, or undefined outside a request. */
export function peekRoute(): string | undefined {
  const route = peekRequestStore()?.route
  return route === '' ? undefined : route
}

/** The current request's cache state, created on first use; undefined outside a request. */
export function peekRequestCacheState(): RequestCacheState | undefined {
  const store = peekRequestStore() as ScopedStore | undefined
  if (store === undefined || store.request === undefined) return undefined
  return (store[kRequest] ??= { store, softTags: undefined, refreshed: undefined, expirations: undefined })
}

/** Gives `store` its soft tags up front: a prerender's request must not be read for them (C3, C38). */
export function presetSoftTags(store: RequestStore, softTags: string[]): void {
  ;(store as ScopedStore)[kRequest] = { store, softTags, refreshed: undefined, expirations: undefined }
}

/** Runs `fn` inside `scope`: a child store, so the caller's own scope is untouched once `fn` returns. */
export function runInCacheScope<T>(
  scope: CacheScope,
  request: RequestCacheState | undefined,
  fn: () => T,
): T {
  const parent = peekRequestStore() as ScopedStore | undefined
  const store: ScopedStore =
    parent === undefined
      ? {
          request: undefined as unknown as Request,
          route: '',
          cookies: undefined,
          after: undefined,
          cacheScope: undefined,
        }
      : { ...parent }
  // C25/C44: public scopes refuse request data; a private scope may read headers() and cookies().
  store.cacheScope = scope.kind === 'private' ? parent?.cacheScope : scope.fn
  store[kScope] = scope
  store[kRequest] = request
  return runInRequestStore(store, fn)
}

/** C38/C41: the request's soft tags (`_N_T_/…`), computed once per request. */
export function softTagsOf(request: RequestCacheState): string[] {
  if (request.softTags !== undefined) return request.softTags
  const url = request.store.request.url
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const query = url.indexOf('?', start)
  const pathname = start === -1 ? '/' : url.slice(start, query === -1 ? undefined : query)
  return (request.softTags = buildSoftTags(request.store.route, pathname))
}

/** C41: `refreshTags()` once per request per handler, before its first read. */
export function refreshTagsOnce(
  request: RequestCacheState | undefined,
  handler: CacheHandler,
): Promise<void> {
  if (request === undefined) return handler.refreshTags()
  const refreshed = (request.refreshed ??= new Map())
  let pending = refreshed.get(handler)
  if (pending === undefined) refreshed.set(handler, (pending = handler.refreshTags()))
  return pending
}

/** C41: `getExpiration(softTags)` once per request per handler, on the first hit. */
export function expirationOnce(request: RequestCacheState, handler: CacheHandler): Promise<number> {
  const expirations = (request.expirations ??= new Map())
  let pending = expirations.get(handler)
  if (pending === undefined) expirations.set(handler, (pending = handler.getExpiration(softTagsOf(request))))
  return pending
}
