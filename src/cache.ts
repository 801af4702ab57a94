/** `routekit/cache` (and `next/cache`): `cacheLife`, `cacheTag`, revalidation, and the cache handler types. */
export { cacheLife, cacheTag, type CacheLifeProfileName } from './cache/cache-scope-api.ts'
export { refresh, revalidatePath, revalidateTag, updateTag } from './cache/revalidate.ts'
export type { CacheEntry, CacheHandler, Timestamp } from './cache/cache-handler.ts'
export type { CacheLifeProfile as CacheLife } from './config/resolved-config.ts'
/** @internal The wrapper the `"use cache"` transform calls; not part of the documented API. */
export { createCachedFunction as __routekitCached } from './cache/create-cached-function.ts'
