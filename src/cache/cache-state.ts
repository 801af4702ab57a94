/**
 * The cache configuration the runtime reads: build id, profiles, handlers by kind, clock. One object per
 * process (module state), replaced by `configureCache` at start-up; until then it holds Next's defaults, so
 * cached functions also work in-process without a loader (tests, scripts).
 */
import type { CacheLifeProfile } from '../config/resolved-config.ts'
import type { CacheHandler } from './cache-handler.ts'
import { resolveCacheLifeProfiles } from './cache-life.ts'
import { MemoryCacheHandler } from './handlers/memory.ts'

/** Next's default `cacheMaxMemorySize`: 50 MiB (C42). */
export const DEFAULT_CACHE_MAX_MEMORY_SIZE = 50 * 1024 * 1024

/** What the runtime reads on every cached call. */
export interface CacheState {
  /** Part of every key (C20). */
  buildId: string
  /** C16: `false` makes `cacheLife()`/`cacheTag()` throw; `undefined` (not configured) does not enforce it. */
  cacheComponents: boolean | undefined
  /** Built-in profiles overlaid with next.config `cacheLife` (C30, C31). */
  profiles: Record<string, CacheLifeProfile>
  /** Kind → handler: `default`, `remote` and configured kinds (C40). */
  handlers: Map<string, CacheHandler>
  /** Each distinct handler once: `revalidateTag` updates them all (C35). */
  distinct: CacheHandler[]
  /** ms, fractional like Next's entry timestamps (C30). */
  now: () => number
}

const systemNow = (): number => performance.timeOrigin + performance.now()

/** A state with Next's defaults: one memory LRU shared by `default` and `remote` (C40). */
export function createDefaultCacheState(): CacheState {
  const memory = new MemoryCacheHandler({
    maxSize: DEFAULT_CACHE_MAX_MEMORY_SIZE,
    now: () => cacheState.now(),
  })
  return {
    buildId: 'development',
    cacheComponents: undefined,
    profiles: resolveCacheLifeProfiles({}),
    handlers: new Map<string, CacheHandler>([
      ['default', memory],
      ['remote', memory],
    ]),
    distinct: [memory],
    now: systemNow,
  }
}

/** The live state. Its fields are replaced, never the object, so modules may keep a reference. */
export const cacheState: CacheState = createDefaultCacheState()

/** Replaces the live state's fields (configureCache, tests). */
export function setCacheState(next: CacheState): void {
  Object.assign(cacheState, next)
}

/** Restores Next's defaults with a fresh, empty memory cache (tests). */
export function resetCacheState(): void {
  setCacheState(createDefaultCacheState())
}
