/**
 * The cache handler contract, exactly as Next.js 16 defines it (`next/dist/server/lib/cache-handlers/types`),
 * so a handler written for Next plugs into Routekit unchanged (C41).
 */

/** A timestamp in milliseconds since the epoch. */
export type Timestamp = number

/** One cached result. */
export interface CacheEntry {
  /** The serialized value. It can error part-way: a handler decides whether to keep partial data. */
  value: ReadableStream<Uint8Array>
  /** The entry's explicit tags (`cacheTag`, plus those of nested entries), never soft tags. */
  tags: string[]
  /** Seconds a client may use the value without asking (informational on the server). */
  stale: number
  /** When the entry was created, ms (fractional: `performance.timeOrigin + performance.now()`). */
  timestamp: Timestamp
  /** Seconds from `timestamp` after which the entry must not be used. */
  expire: number
  /** Seconds from `timestamp` after which the entry is stale; `-1` forces a background refresh. */
  revalidate: number
}

/** Where `"use cache"` entries live: `default`, `remote`, or any configured kind (C40). */
export interface CacheHandler {
  /** The entry for `cacheKey`, or undefined; a new stream on every call. Waits for a pending `set` of the key. */
  get(cacheKey: string, softTags: string[]): Promise<undefined | CacheEntry>
  /** Stores an entry that may still be pending: await it, then consume `value` exactly once. */
  set(cacheKey: string, pendingEntry: Promise<CacheEntry>): Promise<void>
  /** Called once per request before the first read from this handler: sync a shared tags manifest here. */
  refreshTags(): Promise<void>
  /** The latest revalidation timestamp of `tags` (ms); `0` = never; `Infinity` = "I check soft tags in `get`". */
  getExpiration(tags: string[]): Promise<Timestamp>
  /** Marks `tags` revalidated: stale-while-revalidate with `durations`, expired at once without. */
  updateTags(tags: string[], durations?: { expire?: number }): Promise<void>
}

const METHODS = ['get', 'set', 'refreshTags', 'getExpiration', 'updateTags'] as const

/** The methods `value` lacks to be a CacheHandler (empty when it is one). */
export function missingHandlerMethods(value: unknown): string[] {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return [...METHODS]
  const record = value as Record<string, unknown>
  return METHODS.filter((name) => typeof record[name] !== 'function')
}

/** A stream that yields `bytes` once: what `get` hands out for each read. */
export function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes)
      controller.close()
    },
  })
}

/** Reads a value stream to the end as one byte array. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    chunks.push(chunk.value)
    size += chunk.value.byteLength
  }
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
