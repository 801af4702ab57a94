/**
 * The Redis cache handler: one `"use cache"` cache for many processes and machines (docs/deploy.md).
 *
 * - Entries live in Redis (one string each, `_redis-entry.ts`), with a TTL of their `expire`. A local layer
 *   (the memory handler) sits in front: a hit costs no round trip while nothing changed. It stays coherent
 *   through pub/sub: a `fill` message drops the local copy of a key another process stored anew, a `tags`
 *   message applies a revalidation at the time it was made (tag-events.ts).
 * - The tags manifest lives in a Redis hash (`s:<tag>` stale, `x:<tag>` expired, ms), read whole on connect and
 *   on every reconnect; between those, pub/sub keeps the local copy current, so `refreshTags` is free.
 * - Fleet-wide single flight: a miss takes a lock (`SET NX PX lockTtl`) and computes; the other processes wait
 *   for its `fill` (polling as a safety net) up to `lockWait`, then compute themselves. A lock whose holder died
 *   frees itself after `lockTtl`. A stale entry is refreshed by whichever process takes the lock.
 * - Faults: Redis down or slow never fails a request. Reads fall back to the local layer or a plain miss,
 *   writes stay local, revalidations apply locally and are queued. One warning per outage. On reconnect the
 *   queued revalidations are sent first, the manifest is read back and the local layer is dropped: whatever
 *   another process invalidated or refilled meanwhile is never served from here.
 *
 * It implements Next's CacheHandler contract, so it also works as a `cacheHandlers` entry of a Next.js app.
 */
import { randomUUID } from 'node:crypto'
import { Redis, type RedisOptions } from 'ioredis'
import { logger as defaultLogger, type Logger } from '../../_internal/logger.ts'
import { readAll, streamOf, type CacheEntry, type CacheHandler } from '../cache-handler.ts'
import {
  PROCESS_ORIGIN,
  isTagEvent,
  receiveTagEvent,
  type TagEvent,
  type TagEventTarget,
} from '../tag-events.ts'
import { applyTagUpdate, type TagState } from '../tags.ts'
import { decodeRedisEntry, encodeRedisEntry } from './_redis-entry.ts'
import { checkRedisUrl } from './_redis-url.ts'
import { LOCAL_LAYER, MemoryCacheHandler, type StoredEntry } from './memory.ts'

/** Options of `createRedisCacheHandler`. */
export interface RedisCacheHandlerOptions {
  /** `redis://[user:password@]host[:port][/db]` or `rediss://…` for TLS. */
  url: string
  /** Prefix of every key and of the pub/sub channel: instances sharing one prefix share one cache. */
  keyPrefix?: string
  /** Byte budget of the local layer; 0 turns it off (every read goes to Redis). Default 50 MiB. */
  localMaxSize?: number
  /** ms a fill lock lives: how long a dead holder can hold up a key. Default 10 s. */
  lockTtl?: number
  /** ms a reader waits for another process's fill before computing itself. Default 5 s. */
  lockWait?: number
  /**
   * ms before a Redis command counts as failed (Redis slow = Redis down). Default 1 s: a round trip takes well
   * under a millisecond, and a busy event loop must not pass for an outage.
   */
  commandTimeout?: number
  logger?: Logger
  /** The clock, ms; the runtime passes its own. */
  now?: () => number
}

const DEFAULTS = {
  keyPrefix: 'routekit:',
  localMaxSize: 50 * 1024 * 1024,
  lockTtl: 10_000,
  lockWait: 5_000,
  commandTimeout: 1_000,
}
// A waiter re-checks Redis this often even without a `fill` message (a message can be lost on a reconnect).
const POLL_MS = 100
// After a failed command the handler stays local this long before it probes Redis again.
const PROBE_MS = 1_000

// SET the entry, release our lock (if still ours), announce the fill: one round trip, atomic.
const FILL_SCRIPT = `
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
if ARGV[3] ~= '' and redis.call('get', KEYS[2]) == ARGV[3] then redis.call('del', KEYS[2]) end
redis.call('publish', ARGV[4], ARGV[5])
return 1`
// Release our lock after a failed computation and wake the waiters, who then take the lock themselves.
const RELEASE_SCRIPT = `
if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) end
redis.call('publish', ARGV[2], ARGV[3])
return 1`

interface ScriptedRedis extends Redis {
  routekitFill(
    entry: string,
    lock: string,
    blob: Buffer,
    ttl: number,
    token: string,
    channel: string,
    message: string,
  ): Promise<number>
  routekitRelease(lock: string, token: string, channel: string, message: string): Promise<number>
}

// `o`/`i`: the sending handler instance (two instances in one process, as in tests, still hear each other).
type Message = { t: 'fill' | 'fail'; k: string; o: string } | { t: 'tags'; e: TagEvent; i: string }

/** The tags manifest from its hash: `s:<tag>` → stale at, `x:<tag>` → expired at (ms, exact decimal strings). */
function toManifest(fields: Record<string, string>): Map<string, TagState> {
  const manifest = new Map<string, TagState>()
  for (const [field, value] of Object.entries(fields)) {
    const at = Number(value)
    if (!Number.isFinite(at) || field.length < 3 || field[1] !== ':') continue
    const tag = field.slice(2)
    const state = manifest.get(tag) ?? {}
    if (field[0] === 's') state.stale = at
    else if (field[0] === 'x') state.expired = at
    manifest.set(tag, state)
  }
  return manifest
}

/** The URL without its password, for log lines. */
function showUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.href.replace(/\/$/, '')
  } catch {
    return url
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message
  }
  return String(error)
}

/** The Redis handler. Everything but `LOCAL_LAYER`, `connected` and `close` is Next's contract. */
export class RedisCacheHandler implements CacheHandler, TagEventTarget {
  /** The in-process layer the runtime reads synchronously (handler-io.ts). */
  readonly [LOCAL_LAYER]: MemoryCacheHandler
  readonly #local: MemoryCacheHandler
  readonly #id = randomUUID()
  readonly #cmd: ScriptedRedis
  readonly #sub: Redis
  readonly #logger: Logger
  readonly #now: () => number
  readonly #shown: string
  readonly #prefix: string
  readonly #tagsKey: string
  readonly #channel: string
  readonly #lockTtl: number
  readonly #lockWait: number
  #online = false
  #subscribed = false
  #closed = false
  #syncing: Promise<void> | undefined
  /** While a resync reads the manifest: the revalidations applied meanwhile, replayed onto what it read. */
  #journal: TagEvent[] | undefined
  #probe: NodeJS.Timeout | undefined
  #lastError: unknown
  /** `performance.now()` when the current outage was first noticed; undefined while none. */
  #outageSince: number | undefined
  #onlineWaiters: (() => void)[] = []
  #tokens = 0
  readonly #pendingTags: TagEvent[] = []
  readonly #reads = new Map<string, Promise<StoredEntry | undefined>>()
  readonly #held = new Map<string, string>()
  readonly #waiters = new Map<string, Set<() => void>>()

  constructor(options: RedisCacheHandlerOptions) {
    const problem = checkRedisUrl(options.url)
    if (problem !== undefined) throw new Error(`Invalid Redis URL "${showUrl(options.url)}": ${problem}.`)
    this.#logger = options.logger ?? defaultLogger
    this.#now = options.now ?? ((): number => performance.timeOrigin + performance.now())
    this.#shown = showUrl(options.url)
    this.#prefix = options.keyPrefix ?? DEFAULTS.keyPrefix
    this.#tagsKey = `${this.#prefix}tags`
    this.#channel = `${this.#prefix}events`
    this.#lockTtl = options.lockTtl ?? DEFAULTS.lockTtl
    this.#lockWait = options.lockWait ?? DEFAULTS.lockWait
    this.#local = new MemoryCacheHandler({
      maxSize: options.localMaxSize ?? DEFAULTS.localMaxSize,
      now: this.#now,
    })
    this[LOCAL_LAYER] = this.#local
    const base: RedisOptions = {
      // Fail fast while disconnected: a request must not wait for Redis to come back.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeout ?? DEFAULTS.commandTimeout,
      connectTimeout: 2_000,
      // Reconnect with backoff: 100 ms, 200 ms, … capped at 2 s, forever.
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times - 1, 5), 2_000),
      // The subscription is renewed by hand on every connect, before the manifest is read (no gap).
      autoResubscribe: false,
    }
    this.#cmd = new Redis(options.url, base) as ScriptedRedis
    this.#cmd.defineCommand('routekitFill', { numberOfKeys: 2, lua: FILL_SCRIPT })
    this.#cmd.defineCommand('routekitRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT })
    this.#sub = new Redis(options.url, { ...base, commandTimeout: undefined })
    for (const client of [this.#cmd, this.#sub]) {
      client.on('error', (error: unknown) => {
        this.#lastError = error
      })
      client.on('close', () => this.#goOffline(client === this.#sub))
    }
    this.#cmd.on('ready', () => this.#maybeSync())
    this.#sub.on('ready', () => {
      this.#sub.subscribe(this.#channel).then(
        () => {
          this.#subscribed = true
          this.#maybeSync()
        },
        (error: unknown) => this.#noteFailure(error),
      )
    })
    this.#sub.on('message', (_channel: string, text: string) => this.#onMessage(text))
  }

  /** True while Redis is connected, subscribed and synced. */
  get online(): boolean {
    return this.#online
  }

  /** Resolves true once connected and synced, false after `timeout` ms (start-up reports which). */
  connected(timeout: number): Promise<boolean> {
    if (this.#online) return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeout)
      this.#onlineWaiters.push(() => {
        clearTimeout(timer)
        resolve(true)
      })
    })
  }

  /** Closes both connections (shutdown, tests). */
  async close(): Promise<void> {
    this.#closed = true
    this.#online = false
    clearTimeout(this.#probe)
    await Promise.allSettled([this.#cmd.quit(), this.#sub.quit()])
    this.#cmd.disconnect()
    this.#sub.disconnect()
  }

  async get(cacheKey: string, _softTags: string[]): Promise<CacheEntry | undefined> {
    const entry = this.#local.peek(cacheKey) ?? (await this.#read(cacheKey))
    if (entry === undefined) return undefined
    const { bytes, ...meta } = entry
    return { ...meta, value: streamOf(bytes) }
  }

  async set(cacheKey: string, pendingEntry: Promise<CacheEntry>): Promise<void> {
    let entry: StoredEntry
    try {
      const { value, ...meta } = await pendingEntry
      entry = { ...meta, bytes: await readAll(value) }
    } catch {
      // C22: a failed computation is not stored; let the waiting processes compute it themselves.
      await this.#release(cacheKey)
      return
    }
    this.#local.store(cacheKey, entry)
    const token = this.#held.get(cacheKey) ?? ''
    this.#held.delete(cacheKey)
    const ttl = Math.ceil(entry.timestamp + entry.expire * 1000 - this.#now())
    if (!this.#online || entry.expire === 0 || ttl <= 0) {
      if (token !== '') await this.#release(cacheKey, token)
      return
    }
    try {
      const message: Message = { t: 'fill', k: cacheKey, o: this.#id }
      await this.#cmd.routekitFill(
        this.#entryKey(cacheKey),
        this.#lockKey(cacheKey),
        encodeRedisEntry(entry),
        ttl,
        token,
        this.#channel,
        JSON.stringify(message),
      )
    } catch (error) {
      this.#noteFailure(error)
    }
  }

  async refreshTags(): Promise<void> {
    // Pub/sub keeps the manifest current while online; right after a reconnect, wait for the resync.
    if (this.#syncing !== undefined) await this.#syncing
  }

  async getExpiration(tags: string[]): Promise<number> {
    return this.#local.expirationOf(tags)
  }

  async updateTags(tags: string[], durations?: { expire?: number }): Promise<void> {
    const event: TagEvent = { tags, durations, at: this.#now(), origin: PROCESS_ORIGIN }
    this.applyTagEvent(event)
    if (!this.#online) {
      this.#pendingTags.push(event)
      return
    }
    try {
      await this.#pushTags(event)
    } catch (error) {
      this.#pendingTags.push(event)
      this.#noteFailure(error)
    }
  }

  /** A revalidation made elsewhere (pub/sub, cluster IPC): applied to the local manifest at its own time. */
  applyTagEvent(event: TagEvent): void {
    applyTagUpdate(this.#local.tags, event.tags, event.durations, event.at)
    this.#journal?.push(event)
  }

  /**
   * Whether this process should refresh the stale entry `key` (deviation e): true when it took the lock, so one
   * process in the fleet refreshes it while all keep serving the stale value. Offline, every process may.
   */
  async claimRefresh(key: string): Promise<boolean> {
    if (!this.#online) return true
    try {
      return await this.#lock(key)
    } catch (error) {
      this.#noteFailure(error)
      return true
    }
  }

  #entryKey(key: string): string {
    return `${this.#prefix}e:${key}`
  }

  #lockKey(key: string): string {
    return `${this.#prefix}l:${key}`
  }

  /** One Redis read per key at a time in this process: concurrent callers share it. */
  #read(key: string): Promise<StoredEntry | undefined> {
    if (!this.#online) return Promise.resolve(undefined)
    let read = this.#reads.get(key)
    if (read === undefined) {
      read = this.#fetchOrLock(key).finally(() => this.#reads.delete(key))
      this.#reads.set(key, read)
    }
    return read
  }

  async #fetchOrLock(key: string): Promise<StoredEntry | undefined> {
    try {
      const hit = await this.#fetch(key)
      if (hit !== undefined || (await this.#lock(key))) return hit
      return await this.#waitForFill(key)
    } catch (error) {
      this.#noteFailure(error)
      return undefined
    }
  }

  /** The entry from Redis, through the local layer (which applies expiry and tags); undefined = miss. */
  async #fetch(key: string): Promise<StoredEntry | undefined> {
    const blob = await this.#cmd.getBuffer(this.#entryKey(key))
    const entry = blob === null ? undefined : decodeRedisEntry(blob)
    if (entry === undefined) return undefined
    // Checked here, not through the local layer: with `localMaxSize: 0` it keeps nothing.
    const live = this.#local.check(entry)
    if (live !== undefined) this.#local.store(key, entry)
    return live
  }

  async #lock(key: string): Promise<boolean> {
    const token = `${this.#id}:${++this.#tokens}`
    const ok = await this.#cmd.set(this.#lockKey(key), token, 'PX', this.#lockTtl, 'NX')
    if (ok !== 'OK') return false
    this.#held.set(key, token)
    return true
  }

  async #release(key: string, token = this.#held.get(key)): Promise<void> {
    this.#held.delete(key)
    if (token === undefined || !this.#online) return
    try {
      const message: Message = { t: 'fail', k: key, o: this.#id }
      await this.#cmd.routekitRelease(this.#lockKey(key), token, this.#channel, JSON.stringify(message))
    } catch (error) {
      this.#noteFailure(error)
    }
  }

  /** Another process holds the lock: wait for its fill, or for the lock to free, up to `lockWait`. */
  async #waitForFill(key: string): Promise<StoredEntry | undefined> {
    const deadline = performance.now() + this.#lockWait
    for (let left = this.#lockWait; left > 0 && this.#online; left = deadline - performance.now()) {
      await this.#signal(key, Math.min(POLL_MS, left))
      if (!this.#online) break
      const hit = await this.#fetch(key)
      if (hit !== undefined || (await this.#lock(key))) return hit
    }
    // Waited long enough (or Redis went away): compute here; the result is stored as usual.
    return undefined
  }

  /** Resolves on the next fill/fail message for `key`, or after `ms`. */
  #signal(key: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let waiters = this.#waiters.get(key)
      if (waiters === undefined) this.#waiters.set(key, (waiters = new Set()))
      const done = (): void => {
        clearTimeout(timer)
        waiters.delete(done)
        if (waiters.size === 0 && this.#waiters.get(key) === waiters) this.#waiters.delete(key)
        resolve()
      }
      const timer = setTimeout(done, ms)
      waiters.add(done)
    })
  }

  #onMessage(text: string): void {
    let message: Message
    try {
      message = JSON.parse(text) as Message
    } catch {
      return
    }
    if (message.t === 'tags') {
      if (message.i === this.#id || !isTagEvent(message.e)) return
      this.applyTagEvent(message.e)
      // Prerendered routes and other local handlers hear of it too.
      receiveTagEvent(message.e)
      return
    }
    if (typeof message.k !== 'string') return
    // Another process stored this key anew: the local copy is older than what Redis has now.
    if (message.t === 'fill' && message.o !== this.#id) this.#local.forget(message.k)
    // Waking deletes from the set being iterated: allowed for a Set, the rest are still visited.
    for (const wake of this.#waiters.get(message.k) ?? []) wake()
  }

  async #pushTags(event: TagEvent): Promise<void> {
    const fields: Record<string, string> = {}
    for (const tag of event.tags) {
      if (event.durations === undefined) fields[`x:${tag}`] = String(event.at)
      else {
        fields[`s:${tag}`] = String(event.at)
        if (event.durations.expire !== undefined) {
          fields[`x:${tag}`] = String(event.at + event.durations.expire * 1000)
        }
      }
    }
    const message: Message = { t: 'tags', e: event, i: this.#id }
    const results = await this.#cmd
      .multi()
      .hset(this.#tagsKey, fields)
      .publish(this.#channel, JSON.stringify(message))
      .exec()
    const failed = results?.find(([error]) => error !== null)
    if (failed !== undefined) throw failed[0]
  }

  #maybeSync(): void {
    if (this.#closed || this.#online || this.#syncing !== undefined) return
    if (this.#cmd.status !== 'ready' || !this.#subscribed) return
    this.#syncing = this.#resync().finally(() => {
      this.#syncing = undefined
    })
  }

  /** Connect or reconnect: send queued revalidations, read the manifest, drop the local layer. */
  async #resync(): Promise<void> {
    // Revalidations applied while this runs (received, or made here) are replayed onto the manifest read back.
    const journal: TagEvent[] = []
    this.#journal = journal
    try {
      let sent = await this.#flushPending()
      const fields = await this.#cmd.hgetall(this.#tagsKey)
      this.#local.tags.clear()
      for (const [tag, state] of toManifest(fields)) this.#local.tags.set(tag, state)
      for (const event of journal) applyTagUpdate(this.#local.tags, event.tags, event.durations, event.at)
      // Made here while the manifest was read: still queued, since this process is not online yet.
      sent += await this.#flushPending()
      // Conservative: fills and revalidations may have been missed while away; nothing stale is served.
      // From the last flush to here nothing awaits, so no revalidation can be queued and forgotten.
      const dropped = this.#local.clear()
      this.#online = true
      for (const wake of this.#onlineWaiters.splice(0)) wake()
      if (this.#outageSince !== undefined) {
        const seconds = ((performance.now() - this.#outageSince) / 1000).toFixed(1)
        this.#outageSince = undefined
        this.#logger.info(
          `Redis cache at ${this.#shown} is back after ${seconds} s: tags resynced, ${dropped} local ` +
            `entr${dropped === 1 ? 'y' : 'ies'} dropped, ${sent} queued revalidation${sent === 1 ? '' : 's'} sent.`,
        )
      }
    } catch (error) {
      this.#noteFailure(error)
    } finally {
      this.#journal = undefined
    }
  }

  /** Sends the queued revalidations in order, including any queued meanwhile; returns how many. */
  async #flushPending(): Promise<number> {
    let sent = 0
    for (let next = this.#pendingTags[0]; next !== undefined; next = this.#pendingTags[0]) {
      await this.#pushTags(next)
      this.#pendingTags.shift()
      sent++
    }
    return sent
  }

  #goOffline(subscriber: boolean): void {
    if (subscriber) this.#subscribed = false
    if (this.#closed) return
    this.#online = false
    this.#noteOutage()
  }

  /** A command failed or timed out: stay local, probe again shortly (Redis slow counts as Redis down). */
  #noteFailure(error: unknown): void {
    if (this.#closed) return
    this.#lastError = error
    this.#online = false
    this.#noteOutage()
    if (this.#probe !== undefined) return
    this.#probe = setTimeout(() => {
      this.#probe = undefined
      if (this.#closed || this.#online) return
      this.#cmd.ping().then(
        () => this.#maybeSync(),
        (failure: unknown) => this.#noteFailure(failure),
      )
    }, PROBE_MS)
    this.#probe.unref()
  }

  #noteOutage(): void {
    if (this.#outageSince !== undefined) return
    this.#outageSince = performance.now()
    const reason = this.#lastError === undefined ? 'connection closed' : describeError(this.#lastError)
    this.#logger.warn(
      `Redis cache at ${this.#shown} is unreachable (${reason}). Requests are served from this process's ` +
        'cache and misses computed here; revalidations are queued and sent when Redis is back.',
    )
  }
}

/** Creates a Redis handler; export it as the default of a `cacheHandlers` module, or pass `--redis <url>`. */
export function createRedisCacheHandler(options: RedisCacheHandlerOptions): RedisCacheHandler {
  return new RedisCacheHandler(options)
}
