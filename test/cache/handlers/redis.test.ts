// The Redis handler against a real redis-server: shared entries, coherent local layers, fleet-wide single
// flight, and faults (docs/deploy.md). Two handler instances stand for two processes.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Redis } from 'ioredis'
import { readAll, streamOf, type CacheEntry } from '../../../src/cache/cache-handler.ts'
import {
  RedisCacheHandler,
  createRedisCacheHandler,
  type RedisCacheHandlerOptions,
} from '../../../src/cache/handlers/redis.ts'
import { LOCAL_LAYER } from '../../../src/cache/handlers/memory.ts'
import type { Logger } from '../../../src/_internal/logger.ts'
import {
  REDIS_URL,
  dropPrefix,
  startPrivateRedis,
  uniquePrefix,
  type PrivateRedis,
} from '../../_helpers/redis-server.ts'
import { expectEventually } from '../../_helpers/server.ts'

const open: RedisCacheHandler[] = []
const prefixes: string[] = []
const privates: PrivateRedis[] = []

function quietLogger() {
  return {
    info: vi.fn<(message: string) => void>(),
    warn: vi.fn<(message: string) => void>(),
    error: vi.fn<(message: string, error?: unknown) => void>(),
  } satisfies Logger
}

function handler(options: Partial<RedisCacheHandlerOptions> = {}): RedisCacheHandler {
  const created = createRedisCacheHandler({ url: REDIS_URL, logger: quietLogger(), ...options })
  open.push(created)
  return created
}

/** Two handlers sharing one prefix: two processes of one fleet. */
async function fleet(options: Partial<RedisCacheHandlerOptions> = {}) {
  const keyPrefix = uniquePrefix()
  prefixes.push(keyPrefix)
  const pair = [handler({ keyPrefix, ...options }), handler({ keyPrefix, ...options })] as const
  expect(await Promise.all(pair.map((h) => h.connected(5_000)))).toEqual([true, true])
  return pair
}

const entry = (bytes: number[], over: Partial<CacheEntry> = {}): CacheEntry => ({
  value: streamOf(new Uint8Array(bytes)),
  tags: [],
  stale: 300,
  timestamp: performance.timeOrigin + performance.now(),
  revalidate: 60,
  expire: 100,
  ...over,
})
const bytesOf = async (e: CacheEntry | undefined) =>
  e === undefined ? undefined : [...(await readAll(e.value))]

afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()))
  await Promise.all(privates.splice(0).map((r) => r.stop()))
  await Promise.all(prefixes.splice(0).map((p) => dropPrefix(p)))
})

describe('RedisCacheHandler', () => {
  it('serves an entry stored by one process to another, with its lifetimes and tags', async () => {
    const [a, b] = await fleet()
    await a.set('k', Promise.resolve(entry([1, 2, 3], { tags: ['t'], revalidate: 7 })))
    const got = await b.get('k', [])
    expect(await bytesOf(got)).toEqual([1, 2, 3])
    expect(got).toMatchObject({ tags: ['t'], revalidate: 7, expire: 100 })
    // And then from its local layer, without Redis.
    expect(b[LOCAL_LAYER].peek('k')?.bytes).toEqual(new Uint8Array([1, 2, 3]))
  })

  it('serves hits from Redis when its local layer is off', async () => {
    const [a, b] = await fleet({ localMaxSize: 0 })
    await a.set('k', Promise.resolve(entry([5, 6])))
    expect(await bytesOf(await b.get('k', []))).toEqual([5, 6])
    expect(await bytesOf(await b.get('k', []))).toEqual([5, 6])
    expect(b[LOCAL_LAYER].peek('k')).toBeUndefined()
  })

  it('applies a revalidation made on one process to the other one', async () => {
    const [a, b] = await fleet()
    await a.set('k', Promise.resolve(entry([1], { tags: ['products'] })))
    expect(await bytesOf(await b.get('k', []))).toEqual([1])
    await a.updateTags(['products'])
    await expectEventually(() => expect(b[LOCAL_LAYER].peek('k')).toBeUndefined())
    expect(await b.getExpiration(['products'])).toBeGreaterThan(0)
    expect(await b.get('k', [])).toBeUndefined()
  })

  it('marks entries stale everywhere on a revalidation with a profile', async () => {
    const [a, b] = await fleet()
    await a.set('k', Promise.resolve(entry([1], { tags: ['p'] })))
    expect(await bytesOf(await b.get('k', []))).toEqual([1])
    await a.updateTags(['p'], { expire: 3600 })
    await expectEventually(() => expect(b[LOCAL_LAYER].peek('k')?.revalidate).toBe(-1))
  })

  it('drops a local copy when another process stores the key anew', async () => {
    const [a, b] = await fleet()
    await a.set('k', Promise.resolve(entry([1])))
    expect(await bytesOf(await b.get('k', []))).toEqual([1])
    await a.set('k', Promise.resolve(entry([2])))
    await expectEventually(async () => expect(await bytesOf(await b.get('k', []))).toEqual([2]))
  })

  it('lets one process compute a missing key while the others wait for its value', async () => {
    const [a, b] = await fleet()
    expect(await a.get('cold', [])).toBeUndefined() // a holds the fill lock now
    const waiting = b.get('cold', [])
    let settled = false
    void waiting.then(() => (settled = true))
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(settled).toBe(false)
    await a.set('cold', Promise.resolve(entry([9])))
    expect(await bytesOf(await waiting)).toEqual([9])
  })

  it('lets one process of the fleet refresh a stale entry, and any process while Redis is away', async () => {
    const [a, b] = await fleet()
    expect(await a.claimRefresh('stale')).toBe(true)
    expect(await b.claimRefresh('stale')).toBe(false)
    expect(await a.claimRefresh('stale')).toBe(false) // a second stale read on the same process too
    // The refresh's fill releases the claim: the next stale period can be claimed again.
    await a.set('stale', Promise.resolve(entry([1])))
    expect(await b.claimRefresh('stale')).toBe(true)
    const offline = handler({ url: 'redis://127.0.0.1:1', keyPrefix: uniquePrefix() })
    expect(await offline.claimRefresh('stale')).toBe(true)
  })

  it('lets a waiting process take over when the computing one fails', async () => {
    const [a, b] = await fleet({ lockWait: 10_000 })
    expect(await a.get('k', [])).toBeUndefined()
    const waiting = b.get('k', [])
    await a.set('k', Promise.reject(new Error('boom')))
    // b took the lock itself: a miss for b to compute, long before lockWait.
    expect(await waiting).toBeUndefined()
    const probe = new Redis(REDIS_URL)
    try {
      const prefix = prefixes.at(-1)!
      expect(await probe.get(`${prefix}l:k`)).not.toBeNull()
    } finally {
      probe.disconnect()
    }
  })

  it('frees the lock of a holder that died after lockTtl', async () => {
    const [, b] = await fleet({ lockWait: 10_000 })
    const prefix = prefixes.at(-1)!
    const probe = new Redis(REDIS_URL)
    try {
      // A holder that crashed: its lock is there, no fill will ever come.
      await probe.set(`${prefix}l:k`, 'dead-process:1', 'PX', 300)
      expect(await b.get('k', [])).toBeUndefined()
      expect(await probe.get(`${prefix}l:k`)).not.toBe('dead-process:1')
    } finally {
      probe.disconnect()
    }
  })

  it('refuses a URL that is not redis:// before connecting', () => {
    expect(() => createRedisCacheHandler({ url: 'http://127.0.0.1:6379' })).toThrow(
      /Invalid Redis URL "http:\/\/127\.0\.0\.1:6379": the scheme is "http:"/,
    )
    expect(() => createRedisCacheHandler({ url: 'not a url' })).toThrow(/it is not a URL/)
  })

  it('serves from the local layer and warns once while Redis cannot be reached', async () => {
    const logger = quietLogger()
    const offline = handler({ url: 'redis://127.0.0.1:1', logger, keyPrefix: uniquePrefix() })
    expect(await offline.connected(300)).toBe(false)
    expect(await offline.get('k', [])).toBeUndefined()
    await offline.set('k', Promise.resolve(entry([4])))
    expect(await bytesOf(await offline.get('k', []))).toEqual([4])
    await offline.updateTags(['t'])
    expect(await offline.getExpiration(['t'])).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 400)) // several reconnect attempts
    expect(logger.warn).toHaveBeenCalledTimes(1)
    expect(logger.warn.mock.calls[0]![0]).toMatch(
      /Redis cache at redis:\/\/127\.0\.0\.1:1 is unreachable \(ECONNREFUSED/,
    )
  })

  it('after an outage sends queued revalidations, resyncs tags and drops its local layer', async () => {
    const server = await startPrivateRedis()
    privates.push(server)
    const logger = quietLogger()
    const keyPrefix = uniquePrefix()
    const a = handler({ url: server.url, logger, keyPrefix })
    const b = handler({ url: server.url, logger: quietLogger(), keyPrefix })
    expect(await a.connected(5_000)).toBe(true)
    expect(await b.connected(5_000)).toBe(true)
    await a.set('k', Promise.resolve(entry([1], { tags: ['t'] })))
    expect(await bytesOf(await b.get('k', []))).toEqual([1])

    await server.stop()
    await expectEventually(() => expect([a.online, b.online]).toEqual([false, false]), 10_000)
    await a.updateTags(['t']) // queued: Redis is away
    expect(a[LOCAL_LAYER].peek('k')).toBeUndefined() // applied locally at once
    expect(b[LOCAL_LAYER].peek('k')).toBeDefined() // b cannot know yet

    await server.start()
    expect(await a.connected(10_000)).toBe(true)
    expect(await b.connected(10_000)).toBe(true)
    // b learned it on reconnect, although the message was sent while it was away.
    await expectEventually(async () => expect(await b.getExpiration(['t'])).toBeGreaterThan(0), 10_000)
    expect(b[LOCAL_LAYER].peek('k')).toBeUndefined()
    expect(logger.warn).toHaveBeenCalledTimes(1)
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/is back after .* 1 queued revalidation sent/),
    )
  })
})
