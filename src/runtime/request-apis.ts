/** `after()` and `connection()` from `next/server`. */
import { getRequestStore, peekRequestStore } from './request-store.ts'

/** Runs `task` after the response has been sent; its errors are logged, never sent (issue: Next API). */
export function after(task: Promise<unknown> | (() => unknown)): void {
  const store = getRequestStore('after')
  const run = typeof task === 'function' ? task : () => task
  ;(store.after ??= []).push(run)
}

/**
 * Resolves at once when serving: a request is already "a connection". It needs no request scope (so
 * apps that only use it do not pay for AsyncLocalStorage), but refuses to run inside `"use cache"` (C25).
 */
export function connection(): Promise<void> {
  const store = peekRequestStore()
  if (store?.cacheScope !== undefined) getRequestStore('connection')
  // C4: while prerendering, waiting for a connection means the route needs a request.
  store?.onRequestData?.('connection')
  return Promise.resolve()
}
