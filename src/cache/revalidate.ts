/** `revalidateTag`, `revalidatePath`, `updateTag`, `refresh`: on-demand invalidation (C35–C39). */
import { logger } from '../_internal/logger.ts'
import type { CacheLifeProfile } from '../config/resolved-config.ts'
import { lookupProfile, normalizeCacheLifeProfile } from './cache-life.ts'
import { peekCacheScope, peekRoute } from './cache-scope.ts'
import { peekPrerenderScope } from './prerender-scope.ts'
import { cacheState } from './cache-state.ts'
import { trackTagUpdate } from './pending-tag-updates.ts'
import { emitTagEvent } from './tag-events.ts'
import { encodeHeaderSafe, toPathTags } from './tags.ts'

/**
 * Invalidates every entry tagged `tag` in every handler (C35). With a profile (`'max'`, a name, or
 * `{ expire }`) the next read serves the old value once and refreshes it; `{ expire: 0 }` (or no profile,
 * deprecated) makes the next read a blocking miss.
 */
export function revalidateTag(tag: string, profile?: string | CacheLifeProfile): void {
  if (!profile) {
    logger.warn(
      '"revalidateTag" without the second argument is now deprecated, add second argument of "max" or use "updateTag". ' +
        'See more info here: https://nextjs.org/docs/messages/revalidate-tag-single-arg',
    )
  }
  const normalized = typeof profile === 'object' ? normalizeCacheLifeProfile(profile) : profile
  revalidate([encodeHeaderSafe(tag)], `revalidateTag(${JSON.stringify(tag)})`, normalized)
}

/** C38: invalidates the implicit tag of `path` (`_N_T_<path>`, plus `/layout` or `/page` with `type`). */
export function revalidatePath(path: string, type?: 'layout' | 'page'): void {
  const tags = toPathTags(path, type)
  if (tags.length > 0) revalidate(tags, `revalidatePath(${JSON.stringify(path)})`, undefined)
}

/** C37: Server Actions only; Routekit runs route handlers, so this always throws Next's error. */
export function updateTag(tag: string): never {
  void tag
  throw new Error(
    'updateTag can only be called from within a Server Action. To invalidate cache tags in Route Handlers or other ' +
      'contexts, use revalidateTag instead. See more info here: https://nextjs.org/docs/app/api-reference/functions/updateTag',
  )
}

/** Server Actions only, like `updateTag`: always throws Next's error in a route handler. */
export function refresh(): never {
  throw new Error(
    'refresh can only be called from within a Server Action. See more info here: https://nextjs.org/docs/app/api-reference/functions/refresh',
  )
}

function toDurations(profile: string | CacheLifeProfile): { expire?: number } {
  if (typeof profile === 'object') return { expire: profile.expire }
  try {
    return { expire: lookupProfile(cacheState.profiles, profile).expire }
  } catch {
    throw new Error(
      `Invalid profile provided "${profile}" must be configured under cacheLife in next.config or be "max"`,
    )
  }
}

function revalidate(
  tags: string[],
  expression: string,
  profile: string | CacheLifeProfile | undefined,
): void {
  if (peekCacheScope() !== undefined) {
    // C39: revalidating from inside a cached function would make caches inconsistent.
    throw new Error(
      `Route "${peekRoute()}": \`${expression}\` can't be called inside a cached function. Call it from a Server Action ` +
        'or Route Handler instead.\nLearn more: https://nextjs.org/docs/messages/revalidate-in-use-cache',
    )
  }
  const prerender = peekPrerenderScope()
  if (prerender !== undefined && prerender.phase !== 'regenerate') {
    // C39: a prerendering GET has no request to revalidate for.
    throw new Error(`Route "${peekRoute()}" used ${expression} without first calling \`await connection()\`.`)
  }
  // C41: `updateTags(tags, { expire })` with a profile, `updateTags(tags)` without one. Applied at once,
  // not at the end of the request as Next does: the next request must see it, whichever finishes first.
  const durations = profile ? toDurations(profile) : undefined
  // Local listeners now, other processes through their transports (cluster IPC; Redis in its updateTags).
  emitTagEvent(tags, durations)
  for (const handler of cacheState.distinct) {
    const update = durations === undefined ? handler.updateTags(tags) : handler.updateTags(tags, durations)
    trackTagUpdate(
      update.catch((error: unknown) =>
        logger.error(`updateTags(${JSON.stringify(tags)}) failed in a cache handler:`, error),
      ),
    )
  }
}
