/** `cacheLife()` and `cacheTag()`: they write to the cache scope of the `"use cache"` function they run in. */
import type { CacheLifeProfile } from '../config/resolved-config.ts'
import { minProfile, toProfile } from './cache-life.ts'
import { peekCacheScope, peekRoute } from './cache-scope.ts'
import { cacheState } from './cache-state.ts'
import { validateTags } from './tags.ts'

/** Profile names Next knows, plus any configured one. */
export type CacheLifeProfileName =
  | 'default'
  | 'seconds'
  | 'minutes'
  | 'hours'
  | 'days'
  | 'weeks'
  | 'max'
  | (string & {})

function outside(api: 'cacheLife' | 'cacheTag', docs: string): Error {
  // C32/C34: Next's text; the `Route "…": ` prefix only inside a request.
  const route = peekRoute()
  return new Error(
    `${route === undefined ? '' : `Route "${route}": `}\`${api}()\` can only be called inside a \`"use cache"\` or ` +
      `\`"use cache: private"\` function.\nLearn more: https://nextjs.org/docs/messages/${docs}`,
  )
}

/**
 * Sets how long the surrounding cached function's result lives: a profile name (C30, C31) or an object.
 * Several calls keep the smallest value per field (C33).
 */
export function cacheLife(profile: CacheLifeProfileName | CacheLifeProfile): void {
  if (cacheState.cacheComponents === false) {
    throw new Error('`cacheLife()` is only available with the `cacheComponents` config.')
  }
  const scope = peekCacheScope()
  if (scope === undefined) throw outside('cacheLife', 'cache-life-outside-use-cache')
  minProfile((scope.explicit ??= {}), toProfile(cacheState.profiles, profile))
}

/** Tags the surrounding cached function's result, for `revalidateTag` (C34); calls accumulate. */
export function cacheTag(...tags: string[]): void {
  if (cacheState.cacheComponents === false) {
    throw new Error('`cacheTag()` is only available with the `cacheComponents` config.')
  }
  const scope = peekCacheScope()
  if (scope === undefined) throw outside('cacheTag', 'cache-tag-outside-use-cache')
  for (const tag of validateTags(tags, '`cacheTag()`')) if (!scope.tags.includes(tag)) scope.tags.push(tag)
}
