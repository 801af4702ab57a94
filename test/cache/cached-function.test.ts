// The cached-function runtime in-process: hits, misses, single flight, lifetimes (C20–C28, deviation e).
import { beforeEach, describe, expect, it } from 'vitest'
import { cacheLife } from '../../src/cache.ts'
import { encodeCacheKey } from '../../src/cache/cache-key.ts'
import { cacheState } from '../../src/cache/cache-state.ts'
import { createCachedFunction } from '../../src/cache/create-cached-function.ts'
import { countFlights } from '../../src/cache/single-flight.ts'
import { freshCache, inRequest, memory, settle, type FakeClock } from './_cache-test-kit.ts'

let clock: FakeClock
beforeEach(() => {
  clock = freshCache()
})

/** A cached function that counts its runs and returns a new stamp each run. */
function counted<A extends unknown[]>(id: string, body: (...args: A) => void = () => {}) {
  let runs = 0
  const fn = createCachedFunction('default', id, async (...args: A) => {
    body(...args)
    runs++
    return { run: runs, args }
  })
  return { fn, runs: () => runs }
}

describe('cached functions', () => {
  it('runs once per argument list and serves the stored value afterwards', async () => {
    const { fn, runs } = counted<[string]>('lib/a.ts#a')
    expect(await fn('x')).toEqual({ run: 1, args: ['x'] })
    expect(await fn('x')).toEqual({ run: 1, args: ['x'] })
    expect(await fn('y')).toEqual({ run: 2, args: ['y'] })
    expect(runs()).toBe(2)
  })

  it('treats a different object key order as a different entry (C21)', async () => {
    const { fn, runs } = counted<[object]>('lib/a.ts#order')
    await fn({ a: 1, b: [1, 2] })
    await fn({ b: [1, 2], a: 1 })
    await fn({ a: 1, b: [1, 2] })
    expect(runs()).toBe(2)
  })

  it('keys closed-over values, read when the call is made (C20)', async () => {
    let id = 'a'
    let runs = 0
    const fn = createCachedFunction(
      'default',
      'lib/a.ts#closure@1:1',
      async () => ({ id, run: ++runs }),
      () => [id],
    )
    expect(await fn()).toEqual({ id: 'a', run: 1 })
    expect(await fn()).toEqual({ id: 'a', run: 1 })
    id = 'b'
    expect(await fn()).toEqual({ id: 'b', run: 2 })
  })

  it('hands out copies, so a caller mutating a result does not change the entry', async () => {
    const { fn } = counted<[]>('lib/a.ts#copy')
    const first = (await fn()) as { run: number }
    first.run = 99
    expect(await fn()).toEqual({ run: 1, args: [] })
  })

  it('keeps Date, Map, Set, BigInt, typed arrays and undefined through the codec', async () => {
    const value = {
      d: new Date(0),
      m: new Map([[1, 'a']]),
      s: new Set([1n]),
      b: new Uint8Array([1, 2]),
      u: undefined,
    }
    const fn = createCachedFunction('default', 'lib/a.ts#codec', async () => value)
    await fn()
    expect(await fn()).toEqual(value)
  })

  it('runs the function once for 100 concurrent cold calls, and all get the same value', async () => {
    let runs = 0
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const fn = createCachedFunction('default', 'lib/a.ts#flight', async () => {
      runs++
      await gate
      return { at: Math.random() }
    })
    const calls = Array.from({ length: 100 }, () => fn())
    release()
    const results = await Promise.all(calls)
    expect(runs).toBe(1)
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1)
    expect(countFlights()).toBe(0)
  })

  it('gives every concurrent caller the same error and stores nothing (C22)', async () => {
    let runs = 0
    const fn = createCachedFunction('default', 'lib/a.ts#fails', async () => {
      runs++
      await settle()
      throw new Error(`boom ${runs}`)
    })
    const results = await Promise.allSettled([fn(), fn(), fn()])
    expect(results.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([
      'boom 1',
      'boom 1',
      'boom 1',
    ])
    await expect(fn()).rejects.toThrow('boom 2')
  })

  it('serves a stale entry once and refreshes it in the background past revalidate (deviation e)', async () => {
    let runs = 0
    const fn = createCachedFunction('default', 'lib/a.ts#swr', async () => {
      cacheLife({ stale: 1, revalidate: 3, expire: 10 })
      return ++runs
    })
    expect(await fn()).toBe(1)
    clock.advance(4)
    expect(await fn()).toBe(1)
    await settle()
    expect(runs).toBe(2)
    expect(await fn()).toBe(2)
  })

  it('blocks and recomputes once an entry is past expire', async () => {
    let runs = 0
    const fn = createCachedFunction('default', 'lib/a.ts#expired', async () => {
      cacheLife({ stale: 1, revalidate: 3, expire: 10 })
      return ++runs
    })
    await fn()
    clock.advance(11)
    expect(await fn()).toBe(2)
  })

  it('stores the default profile when the body sets none (C30)', async () => {
    const { fn } = counted<[]>('lib/a.ts#default')
    await fn()
    const entry = memory().peek(encodeCacheKey(cacheState.buildId, 'lib/a.ts#default', []))
    expect(entry).toMatchObject({ revalidate: 900, expire: 0xfffffffe, stale: 300, tags: [] })
  })

  it('takes the smallest value per field over several cacheLife calls (C33)', async () => {
    const fn = createCachedFunction('default', 'lib/a.ts#twice', async () => {
      cacheLife('hours')
      cacheLife('minutes')
      return 1
    })
    await fn()
    const entry = memory().peek(encodeCacheKey(cacheState.buildId, 'lib/a.ts#twice', []))
    expect(entry).toMatchObject({ stale: 300, revalidate: 60, expire: 3600 })
  })

  it('passes a nested lifetime up to an outer function without cacheLife (C28)', async () => {
    const inner = createCachedFunction('default', 'lib/a.ts#inner', async () => {
      cacheLife('minutes')
      return 'inner'
    })
    const outer = createCachedFunction('default', 'lib/a.ts#outer', async () => `outer(${await inner()})`)
    expect(await outer()).toBe('outer(inner)')
    const entry = memory().peek(encodeCacheKey(cacheState.buildId, 'lib/a.ts#outer', []))
    expect(entry).toMatchObject({ revalidate: 60, expire: 3600 })
  })

  it("keeps the outer function's explicit cacheLife over a shorter nested one (C28)", async () => {
    const inner = createCachedFunction('default', 'lib/a.ts#short', async () => {
      cacheLife({ stale: 1, revalidate: 4, expire: 10 })
      return 1
    })
    const outer = createCachedFunction('default', 'lib/a.ts#long', async () => {
      cacheLife('hours')
      return inner()
    })
    await outer()
    const entry = memory().peek(encodeCacheKey(cacheState.buildId, 'lib/a.ts#long', []))
    expect(entry).toMatchObject({ revalidate: 3600, expire: 86400 })
  })

  it("throws Next's error for a short nested entry under an outer one without cacheLife (C28)", async () => {
    const inner = createCachedFunction('default', 'lib/a.ts#blink', async () => {
      cacheLife({ stale: 1, revalidate: 4, expire: 10 })
      return 1
    })
    const outer = createCachedFunction('default', 'lib/a.ts#nested', async () => inner())
    await expect(inRequest('/nested', '/nested', () => outer())).rejects.toThrow(
      'Route "/nested": A nested `"use cache"` with a short `expire` (under 5 minutes) is inside an outer `"use cache"` that has no `cacheLife()`.',
    )
  })

  it('runs "use cache: private" on every call (C44)', async () => {
    let runs = 0
    const fn = createCachedFunction('private', 'lib/a.ts#private', async () => ++runs)
    expect([await fn(), await fn()]).toEqual([1, 2])
  })
})
