// C8 cache-control values and C0.2 route-table lifetimes.
import { describe, expect, it } from 'vitest'
import { formatLifetime, toCacheControl } from '../../src/prerender/cache-control.ts'

describe('toCacheControl (C8)', () => {
  it.each([
    [false, 0xfffffffe, 's-maxage=31536000'],
    [900, 0xfffffffe, 's-maxage=900, stale-while-revalidate=31535100'],
    [60, 3600, 's-maxage=60, stale-while-revalidate=3540'],
    [3600, 86400, 's-maxage=3600, stale-while-revalidate=82800'],
    [2592000, 31536000, 's-maxage=2592000, stale-while-revalidate=28944000'],
    [5, 0xfffffffe, 's-maxage=5, stale-while-revalidate=31535995'],
    [3, 300, 's-maxage=3, stale-while-revalidate=297'],
    [4, 4, 's-maxage=4'],
  ] as const)('sends revalidate %s, expire %s as %s', (revalidate, expire, header) => {
    expect(toCacheControl(revalidate, expire)).toBe(header)
  })
})

describe('formatLifetime (C0.2)', () => {
  it.each([
    [900, '15m'],
    [2592000, '30d'],
    [31536000, '1y'],
    [0xfffffffe, '1y'],
    [60, '1m'],
    [3600, '1h'],
    [86400, '1d'],
    [604800, '1w'],
    [300, '5m'],
    [5, '5s'],
    [90, '90s'],
    [5400, '90m'],
  ])('shows %s seconds as %s', (seconds, text) => {
    expect(formatLifetime(seconds)).toBe(text)
  })
})
