/** Lifetimes and tags of a cached call: start from the default profile, fold nested entries in, finish (C28). */
import { DYNAMIC_EXPIRE } from './cache-life.ts'
import type { CacheScope } from './cache-scope.ts'
import type { CacheState } from './cache-state.ts'

/** What an entry carries besides its value. */
export interface EntryMeta {
  tags: string[]
  stale: number
  revalidate: number
  expire: number
  timestamp: number
}

/** A fresh scope for one run of the function `fn` of `kind`, starting at the default profile. */
export function createCacheScope(state: CacheState, kind: string, fn: string): CacheScope {
  const fallback = state.profiles.default!
  return {
    kind,
    fn,
    explicit: undefined,
    stale: fallback.stale!,
    revalidate: fallback.revalidate!,
    expire: fallback.expire!,
    innerRevalidate: Infinity,
    innerExpire: Infinity,
    tags: [],
  }
}

/** Folds a nested entry (hit or fresh) into the scope that called it: tags join, lifetimes take the minimum. */
export function propagateToParent(parent: CacheScope | undefined, meta: EntryMeta): void {
  if (parent === undefined) return
  for (const tag of meta.tags) if (!parent.tags.includes(tag)) parent.tags.push(tag)
  if (meta.stale < parent.stale) parent.stale = meta.stale
  // A tag-stale entry reports revalidate -1 (C42); that says "refresh me", not "the outer is dynamic".
  if (meta.revalidate >= 0) {
    if (meta.revalidate < parent.revalidate) parent.revalidate = meta.revalidate
    if (meta.revalidate < parent.innerRevalidate) parent.innerRevalidate = meta.revalidate
  }
  if (meta.expire < parent.expire) parent.expire = meta.expire
  if (meta.expire < parent.innerExpire) parent.innerExpire = meta.expire
}

/**
 * The entry's lifetimes once the body finished: an explicit `cacheLife()` wins, longer or shorter (C28);
 * otherwise the default profile lowered by nested entries — and Next's error when a nested entry is short.
 */
export function finishCacheScope(scope: CacheScope, timestamp: number, route: string | undefined): EntryMeta {
  const explicit = scope.explicit
  if (explicit === undefined) {
    const prefix = route === undefined ? '' : `Route "${route}": `
    const cause = new Error(
      'Nested dynamic "use cache": This "use cache" has a dynamic cache life that was propagated to its parent.',
    )
    if (scope.innerRevalidate === 0) {
      throw new Error(
        `${prefix}A nested \`"use cache"\` with \`revalidate: 0\` is inside an outer \`"use cache"\` that has no \`cacheLife()\`. ` +
          'Add `cacheLife()` to the outer one to choose whether to prerender it with a non-zero `revalidate` or keep it dynamic with `revalidate: 0`.\n' +
          'Learn more: https://nextjs.org/docs/messages/nested-use-cache-no-explicit-cachelife',
        { cause },
      )
    }
    if (scope.innerExpire < DYNAMIC_EXPIRE) {
      throw new Error(
        `${prefix}A nested \`"use cache"\` with a short \`expire\` (under 5 minutes) is inside an outer \`"use cache"\` that has no \`cacheLife()\`. ` +
          'Add `cacheLife()` to the outer one to choose whether to prerender it with a longer `expire` or keep it dynamic with a short `expire`.\n' +
          'Learn more: https://nextjs.org/docs/messages/nested-use-cache-no-explicit-cachelife',
        { cause },
      )
    }
  }
  return {
    tags: scope.tags,
    stale: explicit?.stale ?? scope.stale,
    revalidate: explicit?.revalidate ?? scope.revalidate,
    expire: explicit?.expire ?? scope.expire,
    timestamp,
  }
}
