/** Test helpers for the cache runtime: a fake clock, a request scope, a fresh cache state per test. */
import { cacheState, resetCacheState } from '../../src/cache/cache-state.ts'
import { runInRequestStore, type RequestStore } from '../../src/runtime/request-store.ts'
import type { MemoryCacheHandler } from '../../src/cache/handlers/memory.ts'

/** A controllable clock installed into the cache state; starts at a realistic epoch. */
export interface FakeClock {
  now: number
  advance(seconds: number): void
}

/** Fresh default state (empty memory LRU, built-in profiles) with a fake clock. */
export function freshCache(): FakeClock {
  resetCacheState()
  const clock: FakeClock = {
    now: 1_800_000_000_000.5,
    advance(seconds) {
      clock.now += seconds * 1000
    },
  }
  cacheState.now = () => clock.now
  return clock
}

/** The default handler of the current state. */
export function memory(): MemoryCacheHandler {
  return cacheState.handlers.get('default') as MemoryCacheHandler
}

/** Runs `fn` as a request to `route` at `path` would: inside a request store. */
export function inRequest<T>(route: string, path: string, fn: () => T): T {
  const store: RequestStore = {
    request: { url: `http://localhost${path}`, headers: new Headers({ 'x-who': 'tester' }) } as Request,
    route,
    cookies: undefined,
    after: undefined,
    cacheScope: undefined,
  }
  return runInRequestStore(store, fn)
}

/** Lets queued microtasks and background refreshes settle. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
