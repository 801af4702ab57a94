/**
 * How the Redis handler lays out one entry in one Redis string: a 4-byte big-endian length, the lifetimes
 * and tags as JSON, then the value bytes as the runtime encoded them (value-codec.ts). One GET reads it all.
 */
import type { StoredEntry } from './memory.ts'

const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder()

/** The JSON part: everything but the bytes. */
type EntryMeta = Omit<StoredEntry, 'bytes'>

/** Packs an entry into one buffer. */
export function encodeRedisEntry(entry: StoredEntry): Buffer {
  const meta: EntryMeta = {
    tags: entry.tags,
    stale: entry.stale,
    timestamp: entry.timestamp,
    expire: entry.expire,
    revalidate: entry.revalidate,
  }
  const head = utf8.encode(JSON.stringify(meta))
  const out = Buffer.allocUnsafe(4 + head.byteLength + entry.bytes.byteLength)
  out.writeUInt32BE(head.byteLength, 0)
  out.set(head, 4)
  out.set(entry.bytes, 4 + head.byteLength)
  return out
}

/** Unpacks what `encodeRedisEntry` wrote; undefined for anything else (a foreign or truncated value is a miss). */
export function decodeRedisEntry(blob: Buffer): StoredEntry | undefined {
  if (blob.byteLength < 4) return undefined
  const length = blob.readUInt32BE(0)
  if (4 + length > blob.byteLength) return undefined
  let meta: Partial<EntryMeta>
  try {
    meta = JSON.parse(fromUtf8.decode(blob.subarray(4, 4 + length))) as Partial<EntryMeta>
  } catch {
    return undefined
  }
  const { tags, stale, timestamp, expire, revalidate } = meta
  if (
    !Array.isArray(tags) ||
    typeof stale !== 'number' ||
    typeof timestamp !== 'number' ||
    typeof expire !== 'number' ||
    typeof revalidate !== 'number'
  ) {
    return undefined
  }
  // A copy: the runtime keeps the bytes in its local layer, and `blob` may be a slice of a larger buffer.
  const bytes = new Uint8Array(blob.subarray(4 + length))
  return { bytes, tags, stale, timestamp, expire, revalidate }
}
