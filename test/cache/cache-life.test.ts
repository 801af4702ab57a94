// cacheLife profiles: Next's numbers, config profiles, inline objects, validation messages (C30–C33).
import { describe, expect, it } from 'vitest'
import {
  BUILT_IN_PROFILES,
  INFINITE_CACHE,
  minProfile,
  normalizeCacheLifeProfile,
  resolveCacheLifeProfiles,
  toProfile,
} from '../../src/cache/cache-life.ts'

describe('cacheLife profiles', () => {
  it("has Next's built-in numbers (C30)", () => {
    expect(BUILT_IN_PROFILES).toEqual({
      default: { stale: 300, revalidate: 900, expire: 0xfffffffe },
      seconds: { stale: 30, revalidate: 1, expire: 60 },
      minutes: { stale: 300, revalidate: 60, expire: 3600 },
      hours: { stale: 300, revalidate: 3600, expire: 86400 },
      days: { stale: 300, revalidate: 86400, expire: 604800 },
      weeks: { stale: 300, revalidate: 604800, expire: 2592000 },
      max: { stale: 300, revalidate: 2592000, expire: 31536000 },
    })
  })

  it('adds config profiles, keeps partial ones partial, and completes an overridden default (C31)', () => {
    const profiles = resolveCacheLifeProfiles({
      blink: { stale: 1, revalidate: 3, expire: 10 },
      seven: { revalidate: 7 },
      default: { revalidate: 60 },
    })
    expect(profiles.blink).toEqual({ stale: 1, revalidate: 3, expire: 10 })
    expect(profiles.seven).toEqual({ revalidate: 7 })
    expect(profiles.default).toEqual({ stale: 300, revalidate: 60, expire: INFINITE_CACHE })
  })

  it('turns Infinity into INFINITE_CACHE', () => {
    expect(normalizeCacheLifeProfile({ expire: Infinity })).toEqual({ expire: INFINITE_CACHE })
  })

  it("rejects bad values with Next's messages (C31)", () => {
    expect(() => normalizeCacheLifeProfile({ revalidate: false as never })).toThrow(
      'Pass `Infinity` instead of `false` if you do not want to revalidate by time.',
    )
    expect(() => normalizeCacheLifeProfile({ stale: '5' as never })).toThrow(
      'The stale option must be a number of seconds.',
    )
    expect(() => normalizeCacheLifeProfile({ revalidate: 10, expire: 5 })).toThrow(
      'If providing both the revalidate and expire options, the expire option must be greater than the revalidate option.',
    )
    expect(() => normalizeCacheLifeProfile({ expire: NaN })).toThrow(
      'expected a finite number of seconds or Infinity',
    )
    expect(() => toProfile(BUILT_IN_PROFILES as never, 42)).toThrow(
      'Invalid `cacheLife()` option. Either pass a profile name or object.',
    )
  })

  it('suggests the name without spaces, or shows where to configure an unknown one (C31)', () => {
    expect(() => toProfile({ ...BUILT_IN_PROFILES }, ' hours')).toThrow(
      'Did you mean "hours" without the spaces?',
    )
    expect(() => toProfile({ ...BUILT_IN_PROFILES }, 'x')).toThrow(
      'Unknown `cacheLife()` profile "x" is not configured in next.config.js\nmodule.exports = {\n  cacheLife: {\n    "x": ...',
    )
  })

  it('keeps the minimum per field, in either call order (C33)', () => {
    const a = {}
    minProfile(a, BUILT_IN_PROFILES.hours!)
    minProfile(a, BUILT_IN_PROFILES.minutes!)
    const b = {}
    minProfile(b, BUILT_IN_PROFILES.minutes!)
    minProfile(b, BUILT_IN_PROFILES.hours!)
    expect(a).toEqual({ stale: 300, revalidate: 60, expire: 3600 })
    expect(b).toEqual(a)
  })
})
