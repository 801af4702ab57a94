/**
 * A cached call made while a GET handler is prerendered (or regenerated): C3 — the final pass finds what the
 * prospective pass read or filled in `prerender.entries`, synchronously, without a handler round trip;
 * C9 — a stale entry (by time or by tag) is recomputed first, so a regenerated route never bakes in old data;
 * C5/C6 — what the route reads directly decides its lifetime, or makes it dynamic.
 */
import type { CacheScope, RequestCacheState } from './cache-scope.ts'
import { cacheState } from './cache-state.ts'
import type { CacheHandler } from './cache-handler.ts'
import { compute, type Target } from './_compute-entry.ts'
import { lookupEntry } from './handler-io.ts'
import { foldEntry, trackFill, type PrerenderScope } from './prerender-scope.ts'
import { propagateToParent, type EntryMeta } from './scope-lifetimes.ts'
import { getFlight } from './single-flight.ts'
import { UNREADABLE, decodeValue } from './value-codec.ts'

/** Reads or computes `key` for a prerender, reporting its lifetime to the outer scope or the route. */
export async function callPrerendering(
  target: Target,
  handler: CacheHandler,
  key: string,
  args: unknown[],
  request: RequestCacheState | undefined,
  parent: CacheScope | undefined,
  prerender: PrerenderScope,
): Promise<unknown> {
  const known = prerender.entries.get(key)
  if (known !== undefined) return deliver(known.bytes, known.meta, parent, prerender)
  if (getFlight(key) === undefined) {
    let entry = lookupEntry(handler, key, request)
    // A local hit stays synchronous: no microtask on the microsecond path.
    if (entry instanceof Promise) entry = await entry
    // A tag-stale entry says revalidate -1, so this check refuses it too.
    if (entry !== undefined && cacheState.now() <= entry.timestamp + entry.revalidate * 1000) {
      const value = deliver(entry.bytes, entry, parent, prerender)
      if (value !== UNREADABLE) {
        prerender.entries.set(key, { bytes: entry.bytes, meta: entry })
        return value
      }
    }
  }
  // Joins a refresh already running too: its value is newer than the stale entry.
  const promise = (getFlight(key) ?? compute(target, handler, key, args, request, false)).promise
  trackFill(prerender, promise)
  const computed = await promise
  prerender.entries.set(key, computed)
  return deliver(computed.bytes, computed.meta, parent, prerender)
}

/** Nested → the outer scope (C28); top level → the route (C5, C6). UNREADABLE bytes report nothing. */
function deliver(
  bytes: Uint8Array,
  meta: EntryMeta,
  parent: CacheScope | undefined,
  prerender: PrerenderScope,
): unknown {
  const value = decodeValue(bytes)
  if (value === UNREADABLE) return value
  if (parent !== undefined) propagateToParent(parent, meta)
  else foldEntry(prerender, meta)
  return value
}
