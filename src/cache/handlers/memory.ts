/**
 * The default `"use cache"` handler: an in-memory LRU bounded in bytes (`cacheMaxMemorySize`, C42), with a
 * process-local tags manifest. It implements Next's CacheHandler contract for anyone who calls it through
 * that interface, and a synchronous side door (`peek`/`store`) the cached-function runtime uses on the hot
 * path, so a hit costs no stream and no promise.
 *
 * Deviation e: an entry is kept until `expire`, not dropped at `revalidate` as Next's handler does under
 * `next start` (C26); the runtime then serves it stale once while it refreshes.
 */
import { LRUCache } from 'lru-cache'
import { readAll, streamOf, type CacheEntry, type CacheHandler } from '../cache-handler.ts'
import type { TagEvent, TagEventTarget } from '../tag-events.ts'
import { applyTagUpdate, areTagsExpired, areTagsStale, maxExpiration, type TagState } from '../tags.ts'

/** What the memory handler keeps per key: the value bytes and the entry's lifetimes. */
export interface StoredEntry {
  bytes: Uint8Array
  tags: string[]
  stale: number
  timestamp: number
  expire: number
  revalidate: number
}

/** Options of the memory handler. */
export interface MemoryCacheHandlerOptions {
  /** Byte budget (value bytes + key length per entry, as Next counts); 0 disables the cache (C42). */
  maxSize: number
  /** The clock, ms; tests replace it. */
  now?: () => number
}

/**
 * Where the runtime finds a handler's in-process layer, read synchronously on the hot path (handler-io.ts): the
 * memory handler is its own; the Redis handler's is the memory handler in front of Redis.
 */
export const LOCAL_LAYER = Symbol('routekit.cache.localLayer')

const defaultNow = (): number => performance.timeOrigin + performance.now()

/** The built-in handler. `peek`/`store` are Routekit-internal; everything else is Next's contract. */
export class MemoryCacheHandler implements CacheHandler, TagEventTarget {
  readonly [LOCAL_LAYER]: MemoryCacheHandler = this
  readonly tags = new Map<string, TagState>()
  readonly #lru: LRUCache<string, StoredEntry> | undefined
  readonly #pending = new Map<string, Promise<void>>()
  readonly #now: () => number

  constructor(options: MemoryCacheHandlerOptions) {
    this.#now = options.now ?? defaultNow
    // lru-cache refuses a zero budget; zero means "no cache" (C42).
    this.#lru =
      options.maxSize > 0
        ? new LRUCache<string, StoredEntry>({
            maxSize: options.maxSize,
            sizeCalculation: (entry, key) => Math.max(1, entry.bytes.byteLength + key.length),
          })
        : undefined
  }

  /** Bytes in use, for tests and diagnostics. */
  get size(): number {
    return this.#lru?.calculatedSize ?? 0
  }

  /**
   * The live entry for `key` with its `revalidate` turned to -1 when a tag made it stale; undefined when
   * missing, past `expire`, or expired by a tag (C42). Soft tags are the caller's business (`getExpiration`).
   */
  peek(key: string): StoredEntry | undefined {
    const entry = this.#lru?.get(key)
    if (entry === undefined) return undefined
    const live = this.check(entry)
    if (live === undefined && this.#now() > entry.timestamp + entry.expire * 1000) this.#lru!.delete(key)
    return live
  }

  /**
   * `entry` as a read may use it: undefined past `expire` or expired by a tag; `revalidate` -1 when a tag made
   * it stale (C42). The Redis handler checks what it fetched with this too, local layer or not.
   */
  check(entry: StoredEntry): StoredEntry | undefined {
    const now = this.#now()
    if (now > entry.timestamp + entry.expire * 1000) return undefined
    if (this.tags.size === 0) return entry
    if (areTagsExpired(this.tags, entry.tags, entry.timestamp, now)) return undefined
    if (areTagsStale(this.tags, entry.tags, entry.timestamp)) return { ...entry, revalidate: -1 }
    return entry
  }

  /** Stores a finished entry; `expire: 0` entries are never stored (C42). */
  store(key: string, entry: StoredEntry): void {
    if (entry.expire === 0) return
    this.#lru?.set(key, entry)
  }

  /** Drops `key` (another process stored a newer entry for it). */
  forget(key: string): void {
    this.#lru?.delete(key)
  }

  /** Drops every entry and returns how many there were (the Redis handler, after an outage). */
  clear(): number {
    const count = this.#lru?.size ?? 0
    this.#lru?.clear()
    return count
  }

  /** The latest expiration among `tags`, synchronously (the runtime's soft-tag check). */
  expirationOf(tags: readonly string[]): number {
    return this.tags.size === 0 ? 0 : maxExpiration(this.tags, tags)
  }

  async get(cacheKey: string, _softTags: string[]): Promise<CacheEntry | undefined> {
    const pending = this.#pending.get(cacheKey)
    if (pending !== undefined) await pending
    const entry = this.peek(cacheKey)
    if (entry === undefined) return undefined
    const { bytes, ...meta } = entry
    return { ...meta, value: streamOf(bytes) }
  }

  async set(cacheKey: string, pendingEntry: Promise<CacheEntry>): Promise<void> {
    let done!: () => void
    this.#pending.set(
      cacheKey,
      new Promise<void>((resolve) => {
        done = resolve
      }),
    )
    try {
      const { value, ...meta } = await pendingEntry
      this.store(cacheKey, { ...meta, bytes: await readAll(value) })
    } catch {
      // C22: a failed entry (its stream errored) is not stored.
    } finally {
      this.#pending.delete(cacheKey)
      done()
    }
  }

  async refreshTags(): Promise<void> {
    // The manifest is process-local: nothing to sync.
  }

  async getExpiration(tags: string[]): Promise<number> {
    return this.expirationOf(tags)
  }

  async updateTags(tags: string[], durations?: { expire?: number }): Promise<void> {
    applyTagUpdate(this.tags, tags, durations, this.#now())
  }

  /** A revalidation made in another process (cluster worker, another instance): applied at its own time. */
  applyTagEvent(event: TagEvent): void {
    applyTagUpdate(this.tags, event.tags, event.durations, event.at)
  }
}

/** Creates the default handler with a byte budget (Next's default is 50 MiB). */
export function createMemoryCacheHandler(options: MemoryCacheHandlerOptions): MemoryCacheHandler {
  return new MemoryCacheHandler(options)
}
