/**
 * The "use cache" hot path in pieces: `npx vitest bench --run bench/cache.bench.ts`.
 * A hit is key encoding + a memory-handler lookup + decoding the value, inside one async call; the pieces
 * are measured alone so a regression shows where it is.
 */
import { bench, describe } from 'vitest'
import { encodeCacheKey } from '../src/cache/cache-key.ts'
import { cacheState, resetCacheState } from '../src/cache/cache-state.ts'
import { createCachedFunction } from '../src/cache/create-cached-function.ts'
import type { MemoryCacheHandler } from '../src/cache/handlers/memory.ts'
import { decodeValue, encodeValue } from '../src/cache/value-codec.ts'

resetCacheState()
const memory = cacheState.handlers.get('default') as MemoryCacheHandler

const SMALL = { id: 'p-1', name: 'apple', price: 1.25, tags: ['fruit', 'red'], at: new Date(0) }
const LIST = { products: Array.from({ length: 50 }, (_, i) => ({ ...SMALL, id: `p-${i}` })) }
const smallBytes = encodeValue(SMALL, 'bench')
const listBytes = encodeValue(LIST, 'bench')
const key = encodeCacheKey('build', 'lib/data.ts#product', ['p-1', { locale: 'en' }])
memory.store(key, {
  bytes: smallBytes,
  tags: [],
  stale: 300,
  revalidate: 900,
  expire: 0xfffffffe,
  timestamp: cacheState.now(),
})

const product = createCachedFunction('default', 'lib/data.ts#product', async (id: string, _o: object) => ({
  ...SMALL,
  id,
}))
const list = createCachedFunction('default', 'lib/data.ts#list', async () => LIST)
await product('p-1', { locale: 'en' })
await list()

describe('cache key', () => {
  bench('one string argument', () => {
    encodeCacheKey('build', 'lib/data.ts#product', ['p-1'])
  })
  bench('string + small object', () => {
    encodeCacheKey('build', 'lib/data.ts#product', ['p-1', { locale: 'en', page: 2 }])
  })
})

describe('codec', () => {
  bench('encode small object', () => {
    encodeValue(SMALL, 'bench')
  })
  bench('decode small object', () => {
    decodeValue(smallBytes)
  })
  bench('decode 50-item list', () => {
    decodeValue(listBytes)
  })
})

describe('memory handler', () => {
  bench('peek (hit)', () => {
    memory.peek(key)
  })
})

describe('cached call, hit', () => {
  bench('small object, two arguments', async () => {
    await product('p-1', { locale: 'en' })
  })
  bench('50-item list, no arguments', async () => {
    await list()
  })
})
