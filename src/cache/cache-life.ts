/** `cacheLife` profiles: Next's built-in numbers, config profiles, inline objects, and their validation (C30–C33). */
import type { CacheLifeProfile } from '../config/resolved-config.ts'

/** Next's "never" for a duration in seconds (`INFINITE_CACHE`): `Infinity` turns into this (C30). */
export const INFINITE_CACHE = 0xfffffffe

/** C5/C28: an entry with `expire` under this many seconds counts as dynamic (`DYNAMIC_EXPIRE`). */
export const DYNAMIC_EXPIRE = 300

/** A profile with every field known, as a cached entry carries it. */
export interface CacheLifetime {
  stale: number
  revalidate: number
  expire: number
}

/** C30: the built-in profiles, seconds. `default` has no stale in Next's table; config normalisation makes it 300. */
export const BUILT_IN_PROFILES: Readonly<Record<string, Readonly<CacheLifeProfile>>> = {
  default: { stale: 300, revalidate: 900, expire: INFINITE_CACHE },
  seconds: { stale: 30, revalidate: 1, expire: 60 },
  minutes: { stale: 300, revalidate: 60, expire: 3600 },
  hours: { stale: 300, revalidate: 3600, expire: 86400 },
  days: { stale: 300, revalidate: 86400, expire: 604800 },
  weeks: { stale: 300, revalidate: 604800, expire: 2592000 },
  max: { stale: 300, revalidate: 2592000, expire: 31536000 },
}

type Where = { kind: 'inline' } | { kind: 'config'; profileName: string }

const FIELDS = ['stale', 'revalidate', 'expire'] as const

function normalizeField(key: (typeof FIELDS)[number], value: unknown, where: Where): number | undefined {
  if (value === undefined) return undefined
  if (value === false) {
    // C31: Next's texts, one per field.
    if (key === 'stale') {
      throw new Error(
        'Pass `Infinity` instead of `false` if you want to cache on the client forever without checking with the server.',
      )
    }
    if (key === 'revalidate') {
      throw new Error('Pass `Infinity` instead of `false` if you do not want to revalidate by time.')
    }
    throw new Error(
      'Pass `Infinity` instead of `false` if you want to cache on the server forever without checking with the origin.',
    )
  }
  if (typeof value !== 'number') throw new Error(`The ${key} option must be a number of seconds.`)
  if (value === Infinity) return INFINITE_CACHE
  if (!Number.isFinite(value)) {
    throw new Error(
      where.kind === 'config'
        ? `Invalid "cacheLife.${where.profileName}.${key}" provided, expected a finite number of seconds or Infinity, received ${value}`
        : `Invalid \`cacheLife()\` option "${key}" provided, expected a finite number of seconds or Infinity, received ${value}.`,
    )
  }
  return value
}

/** C31: validates a profile object and turns `Infinity` into INFINITE_CACHE; missing fields stay missing. */
export function normalizeCacheLifeProfile(
  profile: CacheLifeProfile,
  where: Where = { kind: 'inline' },
): CacheLifeProfile {
  const out: CacheLifeProfile = {}
  for (const key of FIELDS) {
    const value = normalizeField(key, (profile as Record<string, unknown>)[key], where)
    if (value !== undefined) out[key] = value
  }
  if (out.revalidate !== undefined && out.expire !== undefined && out.revalidate > out.expire) {
    throw new Error(
      'If providing both the revalidate and expire options, the expire option must be greater than the revalidate option. ' +
        'The expire option indicates how many seconds from the start until it can no longer be used.',
    )
  }
  return out
}

/** Built-ins overlaid with the config's profiles; `default` always ends up complete (Next's config normalisation). */
export function resolveCacheLifeProfiles(
  custom: Record<string, CacheLifeProfile>,
): Record<string, CacheLifeProfile> {
  const profiles: Record<string, CacheLifeProfile> = { ...BUILT_IN_PROFILES }
  for (const [name, profile] of Object.entries(custom)) {
    profiles[name] = normalizeCacheLifeProfile(profile, { kind: 'config', profileName: name })
  }
  const fallback = BUILT_IN_PROFILES.default!
  profiles.default = { ...fallback, ...profiles.default }
  return profiles
}

/** C31: the profile named `name`, or Next's error for an unknown name (with the "spaces" hint). */
export function lookupProfile(profiles: Record<string, CacheLifeProfile>, name: string): CacheLifeProfile {
  const profile = Object.hasOwn(profiles, name) ? profiles[name] : undefined
  if (profile !== undefined) return profile
  if (Object.hasOwn(profiles, name.trim())) {
    throw new Error(
      `Unknown \`cacheLife()\` profile "${name}" is not configured in next.config.js\nDid you mean "${name.trim()}" without the spaces?`,
    )
  }
  throw new Error(
    `Unknown \`cacheLife()\` profile "${name}" is not configured in next.config.js\n` +
      `module.exports = {\n  cacheLife: {\n    "${name}": ...\n  }\n}`,
  )
}

/** C31: a `cacheLife()` argument (profile name or object) as the profile it stands for. */
export function toProfile(profiles: Record<string, CacheLifeProfile>, arg: unknown): CacheLifeProfile {
  if (typeof arg === 'string') return lookupProfile(profiles, arg)
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) {
    throw new Error('Invalid `cacheLife()` option. Either pass a profile name or object.')
  }
  return normalizeCacheLifeProfile(arg as CacheLifeProfile)
}

/** C33: folds `profile` into `into`, keeping the smaller value per field (not "last call wins"). */
export function minProfile(into: CacheLifeProfile, profile: CacheLifeProfile): void {
  for (const key of FIELDS) {
    const value = profile[key]
    if (value === undefined) continue
    const current = into[key]
    if (current === undefined || value < current) into[key] = value
  }
}
