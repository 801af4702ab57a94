/**
 * The per-request scope behind `headers()`, `cookies()`, `after()` and `connection()`.
 *
 * Why it is optional: on Node 20, enabling any AsyncLocalStorage turns on async_hooks for the whole
 * process and costs 5–15 % of throughput (perf-notes.md). So the storage is created only when something
 * must run inside it: the first request that reaches the handler of a route whose bundle needs it (manifest
 * `requestScope` per route, marked at load), a proxy that needs it (at load), or the first `"use cache"` call
 * or prerender render (`runInRequestStore`). A prerendered answer never calls the handler, so it never does.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { MutableCookies } from './cookies/mutable-cookies.ts'

/** What request-bound APIs can reach while a handler runs. */
export interface RequestStore {
  /** The request the handler received. */
  request: Request
  /** The route pattern, for messages. */
  route: string
  /** The writable `cookies()` jar, made on first use. */
  cookies: MutableCookies | undefined
  /** Callbacks from `after()`, run once the response is sent. */
  after: (() => unknown)[] | undefined
  /** Set while a `"use cache"` function runs: request-time APIs refuse to work inside it (C25). */
  cacheScope: string | undefined
  /**
   * Set while a GET is prerendered: told before `headers()`, `cookies()`, `draftMode()` or `connection()` reach
   * the request; it throws to make the route dynamic (C4) or lets a sanitised request through (R72).
   */
  onRequestData?: (api: string) => void
}

let storage: AsyncLocalStorage<RequestStore> | undefined

/** Creates the storage (once): from here on every handler call runs inside a request scope. */
export function enableRequestStore(): void {
  storage ??= new AsyncLocalStorage<RequestStore>()
}

/** True once something needed the request scope. */
export function isRequestStoreEnabled(): boolean {
  return storage !== undefined
}

/** Runs `fn` with `store` as the current request scope, creating the storage if nothing did yet. */
export function runInRequestStore<T>(store: RequestStore, fn: () => T): T {
  // Callers on the hot path (call-handler.ts) only build a store once the storage exists; the others (a
  // cached function, a prerender render, after() callbacks) need the scope to work at all.
  enableRequestStore()
  return storage!.run(store, fn)
}

/** The current store, or `undefined` outside a request. */
export function peekRequestStore(): RequestStore | undefined {
  return storage?.getStore()
}

/**
 * The current store for the request-time API `api`; throws Next's error outside a request and inside a
 * `"use cache"` scope (C25: that is what keeps one user's data out of another's cached response).
 */
export function getRequestStore(api: string): RequestStore {
  const store = storage?.getStore()
  if (store === undefined) {
    throw new Error(
      `\`${api}\` was called outside a request scope. Call it inside a route handler (or a function a handler calls). ` +
        'Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context',
    )
  }
  if (store.cacheScope !== undefined) {
    // C25: Next's text, plus the cached function's id so the user finds it.
    throw new Error(
      `Route "${store.route}": \`${api}()\` can't be read inside \`"use cache"\` (${store.cacheScope}). ` +
        'Read it outside the cached function and pass what you need as an argument.\n' +
        'Learn more: https://nextjs.org/docs/messages/next-request-in-use-cache',
    )
  }
  store.onRequestData?.(api)
  return store
}
