/** `after()` and `connection()` from `next/server`. */
import { getRequestStore } from './request-store.ts'

/** Runs `task` after the response has been sent; its errors are logged, never sent (issue: Next API). */
export function after(task: Promise<unknown> | (() => unknown)): void {
  const store = getRequestStore('after')
  const run = typeof task === 'function' ? task : () => task
  ;(store.after ??= []).push(run)
}

/** Resolves once the handler may do per-request work; marks the request as dynamic during prerendering. */
export function connection(): Promise<void> {
  getRequestStore('connection')
  return Promise.resolve()
}
