/**
 * What a prerender collects while a GET handler runs at build (or regenerates at runtime): the lifetimes
 * and tags of the cache entries it read (C6), whether something made it dynamic (C4, C5), the entries
 * themselves (Next's resume data cache: the final pass reads them without touching a handler, C3), and
 * the fills still in flight (the prospective pass waits for them, C3). It hangs off the request store
 * under a symbol, so cached calls and request APIs find it through the one AsyncLocalStorage.
 */
import { peekRequestStore, type RequestStore } from '../runtime/request-store.ts'
import { DYNAMIC_EXPIRE } from './cache-life.ts'
import type { EntryMeta } from './scope-lifetimes.ts'
import type { Computed } from './single-flight.ts'

/** C5: an entry with `stale` under this many seconds is a dynamic hole (`MIN_PRERENDERABLE_STALE`). */
export const MIN_PRERENDERABLE_STALE = 30

/** Which run of the handler this is: the two build passes (C3) or a runtime regeneration (C9). */
export type PrerenderPhase = 'prospective' | 'final' | 'regenerate'

/** The state of one prerender pass. */
export interface PrerenderScope {
  phase: PrerenderPhase
  /** Cache key → entry read or filled during this prerender; shared by the prospective and final pass. */
  entries: Map<string, Computed>
  /** Minimum over what was read, seconds; Infinity while nothing time-based was read (C6). */
  revalidate: number
  expire: number
  stale: number
  /** Explicit tags of the entries read (C7). */
  tags: string[]
  /** Why the route cannot be prerendered; the first reason wins. */
  dynamic: string | undefined
  /** Cache fills in flight. */
  pending: number
  /** Called when `pending` drops to 0. */
  onIdle: (() => void) | undefined
}

const kPrerender = Symbol('routekit.prerender')

interface PrerenderStore extends RequestStore {
  [kPrerender]?: PrerenderScope
}

/** A fresh scope; the final pass passes the prospective pass's `entries`. */
export function createPrerenderScope(
  phase: PrerenderPhase,
  entries: Map<string, Computed> = new Map(),
): PrerenderScope {
  return {
    phase,
    entries,
    revalidate: Infinity,
    expire: Infinity,
    stale: Infinity,
    tags: [],
    dynamic: undefined,
    pending: 0,
    onIdle: undefined,
  }
}

/** Makes `scope` what cached calls under `store` report to. */
export function attachPrerenderScope(store: RequestStore, scope: PrerenderScope): void {
  ;(store as PrerenderStore)[kPrerender] = scope
}

/** The prerender the caller runs in, if any. */
export function peekPrerenderScope(): PrerenderScope | undefined {
  return (peekRequestStore() as PrerenderStore | undefined)?.[kPrerender]
}

/** Records that the route cannot be prerendered (C4), keeping the first reason. */
export function markDynamic(scope: PrerenderScope, reason: string): void {
  scope.dynamic ??= reason
}

/** Counts `promise` as a cache fill until it settles (C3: the prospective pass waits for fills). */
export function trackFill(scope: PrerenderScope, promise: Promise<unknown>): void {
  scope.pending++
  const done = (): void => {
    scope.pending--
    if (scope.pending === 0) scope.onIdle?.()
  }
  promise.then(done, done)
}

/**
 * Resolves once no fill is in flight across a macrotask: a handler that awaits one fill and then starts the
 * next does so in microtasks, before the check runs again.
 */
export function whenFillsSettle(scope: PrerenderScope): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (scope.pending === 0) {
        scope.onIdle = undefined
        resolve()
      } else {
        scope.onIdle = () => setImmediate(check)
      }
    }
    setImmediate(check)
  })
}

/** Folds a time-based lifetime and tags into the route's (C6: the minimum wins; fetch `next.revalidate`). */
export function foldLifetime(
  scope: PrerenderScope,
  lifetime: { revalidate?: number; expire?: number; stale?: number },
  tags: readonly string[],
): void {
  for (const tag of tags) if (!scope.tags.includes(tag)) scope.tags.push(tag)
  if (lifetime.revalidate !== undefined && lifetime.revalidate < scope.revalidate)
    scope.revalidate = lifetime.revalidate
  if (lifetime.expire !== undefined && lifetime.expire < scope.expire) scope.expire = lifetime.expire
  if (lifetime.stale !== undefined && lifetime.stale < scope.stale) scope.stale = lifetime.stale
}

/**
 * Folds a `"use cache"` entry the route read directly into the route (C6). C5: an entry with
 * `revalidate === 0`, `expire < 300` or `stale < 30` is a dynamic hole, which makes the whole GET dynamic.
 */
export function foldEntry(scope: PrerenderScope, meta: EntryMeta): void {
  foldLifetime(scope, meta, meta.tags)
  if (meta.revalidate === 0 || meta.expire < DYNAMIC_EXPIRE || meta.stale < MIN_PRERENDERABLE_STALE) {
    markDynamic(
      scope,
      `it read a "use cache" entry that is too short-lived to prerender (revalidate ${meta.revalidate} s, ` +
        `expire ${meta.expire} s, stale ${meta.stale} s; needs revalidate > 0, expire >= ${DYNAMIC_EXPIRE}, ` +
        `stale >= ${MIN_PRERENDERABLE_STALE})`,
    )
  }
}
