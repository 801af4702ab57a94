// The default handler: Next's CacheHandler contract, byte-bounded LRU, expire and tag rules (C41, C42).
import { describe, expect, it } from 'vitest'
import { readAll, streamOf, type CacheEntry } from '../../../src/cache/cache-handler.ts'
import { MemoryCacheHandler } from '../../../src/cache/handlers/memory.ts'

const T0 = 1_000_000
function setup(maxSize = 1024) {
  const clock = { now: T0 }
  const handler = new MemoryCacheHandler({ maxSize, now: () => clock.now })
  return { clock, handler }
}
const entry = (bytes: number[], over: Partial<CacheEntry> = {}): CacheEntry => ({
  value: streamOf(new Uint8Array(bytes)),
  tags: [],
  stale: 300,
  timestamp: T0,
  revalidate: 10,
  expire: 100,
  ...over,
})
const text = async (e: CacheEntry | undefined) => [...(await readAll(e!.value))]

describe('MemoryCacheHandler', () => {
  it('returns a new stream on every get', async () => {
    const { handler } = setup()
    await handler.set('k', Promise.resolve(entry([1, 2])))
    expect(await text(await handler.get('k', []))).toEqual([1, 2])
    expect(await text(await handler.get('k', []))).toEqual([1, 2])
  })

  it('makes a get wait for a pending set of the same key', async () => {
    const { handler } = setup()
    let resolve!: (e: CacheEntry) => void
    void handler.set('k', new Promise((r) => (resolve = r)))
    const read = handler.get('k', [])
    resolve(entry([7]))
    expect(await text(await read)).toEqual([7])
  })

  it('keeps an entry past revalidate and drops it past expire (deviation e, C26)', async () => {
    const { handler, clock } = setup()
    await handler.set('k', Promise.resolve(entry([1])))
    clock.now = T0 + 50_000
    expect(await handler.get('k', [])).toBeDefined()
    clock.now = T0 + 100_001
    expect(await handler.get('k', [])).toBeUndefined()
  })

  it('evicts the least recently used entries beyond its byte budget (C42)', async () => {
    const { handler } = setup(10)
    await handler.set('a', Promise.resolve(entry([1, 2, 3])))
    await handler.set('b', Promise.resolve(entry([1, 2, 3])))
    await handler.get('a', [])
    await handler.set('c', Promise.resolve(entry([1, 2, 3])))
    expect(await handler.get('a', [])).toBeDefined()
    expect(await handler.get('b', [])).toBeUndefined()
    expect(handler.size).toBeLessThanOrEqual(10)
  })

  it('stores nothing with a zero budget, nor entries with expire 0 (C42)', async () => {
    const off = setup(0).handler
    await off.set('k', Promise.resolve(entry([1])))
    expect(await off.get('k', [])).toBeUndefined()
    const { handler } = setup()
    await handler.set('k', Promise.resolve(entry([1], { expire: 0 })))
    expect(await handler.get('k', [])).toBeUndefined()
  })

  it('does not store an entry whose stream errors (C22)', async () => {
    const { handler } = setup()
    const broken = entry([], { value: new ReadableStream({ start: (c) => c.error(new Error('x')) }) })
    await handler.set('k', Promise.resolve(broken))
    expect(await handler.get('k', [])).toBeUndefined()
  })

  it('serves a tag-stale entry with revalidate -1 and drops a tag-expired one (C42)', async () => {
    const { handler, clock } = setup()
    await handler.set('a', Promise.resolve(entry([1], { tags: ['t'] })))
    await handler.set('b', Promise.resolve(entry([1], { tags: ['u'] })))
    clock.now = T0 + 1
    await handler.updateTags(['t'], { expire: 31536000 })
    await handler.updateTags(['u'])
    expect((await handler.get('a', []))?.revalidate).toBe(-1)
    expect(await handler.get('b', [])).toBeUndefined()
  })

  it('reports the latest expiration of soft tags, 0 when none was revalidated (C41)', async () => {
    const { handler, clock } = setup()
    expect(await handler.getExpiration(['_N_T_/a'])).toBe(0)
    clock.now = T0 + 5
    await handler.updateTags(['_N_T_/a'])
    expect(await handler.getExpiration(['_N_T_/b', '_N_T_/a'])).toBe(T0 + 5)
  })
})
