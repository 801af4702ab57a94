/**
 * Reading and writing entries through a handler, with the calls Next makes and in its order (C41):
 * `refreshTags` once per request → `get(key, softTags)` → on a hit `getExpiration(softTags)` once per request;
 * a miss → `set(key, pendingEntry)` while the value is still being computed. The built-in memory handler is
 * read and written synchronously instead (same rules, no streams): that is the microsecond hit path.
 */
import { readAll, streamOf, type CacheEntry, type CacheHandler } from './cache-handler.ts'
import { expirationOnce, refreshTagsOnce, softTagsOf, type RequestCacheState } from './cache-scope.ts'
import { settleTagUpdates } from './pending-tag-updates.ts'
import { LOCAL_LAYER, MemoryCacheHandler, type StoredEntry } from './handlers/memory.ts'

/** The memory handler's live entry for `key`, minus entries older than a revalidated soft tag (C38). */
export function peekMemory(
  handler: MemoryCacheHandler,
  key: string,
  request: RequestCacheState | undefined,
): StoredEntry | undefined {
  const entry = handler.peek(key)
  if (entry === undefined || handler.tags.size === 0 || request === undefined) return entry
  return entry.timestamp <= handler.expirationOf(softTagsOf(request)) ? undefined : entry
}

/**
 * The entry for `key`: synchronously from the handler's in-process layer when it has one and holds the key (the
 * memory handler; the layer in front of Redis), otherwise read through the handler's contract (a promise).
 */
export function lookupEntry(
  handler: CacheHandler,
  key: string,
  request: RequestCacheState | undefined,
): StoredEntry | undefined | Promise<StoredEntry | undefined> {
  const local = (handler as { [LOCAL_LAYER]?: MemoryCacheHandler })[LOCAL_LAYER]
  if (local === undefined) return readEntry(handler, key, request)
  const entry = peekMemory(local, key, request)
  return entry !== undefined || local === handler ? entry : readEntry(handler, key, request)
}

/** Reads `key` through a handler's public interface; a discarded or unreadable entry is a miss. */
export async function readEntry(
  handler: CacheHandler,
  key: string,
  request: RequestCacheState | undefined,
): Promise<StoredEntry | undefined> {
  await settleTagUpdates()
  await refreshTagsOnce(request, handler)
  const entry = await handler.get(key, request === undefined ? [] : softTagsOf(request))
  if (entry === undefined) return undefined
  if (request !== undefined) {
    // C38: an entry made before one of the request's implicit tags was revalidated is discarded.
    // Infinity means the handler already checked the soft tags in `get` (C41).
    const expiration = await expirationOnce(request, handler)
    if (expiration !== Infinity && entry.timestamp <= expiration) {
      void entry.value.cancel().catch(() => {})
      return undefined
    }
  }
  let bytes: Uint8Array
  try {
    bytes = await readAll(entry.value)
  } catch {
    return undefined
  }
  const { tags, stale, timestamp, expire, revalidate } = entry
  return { bytes, tags, stale, timestamp, expire, revalidate }
}

/** What a write needs once the value is known: `finish` with the entry, or `fail` with the error. */
export interface PendingWrite {
  finish(entry: StoredEntry): void
  fail(error: unknown): void
}

/**
 * Starts a write for `key`. A public handler gets `set(key, pendingEntry)` at once (Next calls it as the value
 * starts computing, so a `get` from another process can wait for it); the entry resolves when the value is
 * ready, or with an erroring stream when the function failed, which a handler does not store (C22).
 */
export function beginWrite(
  handler: CacheHandler,
  key: string,
  onError: (error: unknown) => void,
): PendingWrite {
  if (handler instanceof MemoryCacheHandler) {
    return { finish: (entry) => handler.store(key, entry), fail: () => {} }
  }
  let resolve!: (entry: CacheEntry) => void
  const pending = new Promise<CacheEntry>((r) => {
    resolve = r
  })
  handler.set(key, pending).catch(onError)
  return {
    finish: ({ bytes, ...meta }) => resolve({ ...meta, value: streamOf(bytes) }),
    fail: (error) =>
      resolve({
        value: new ReadableStream({ start: (controller) => controller.error(error) }),
        tags: [],
        stale: 0,
        timestamp: 0,
        expire: 0,
        revalidate: 0,
      }),
  }
}
