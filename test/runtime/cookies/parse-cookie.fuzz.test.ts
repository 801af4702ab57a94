// Property tests for the Cookie header parser: never throws, round-trips what serializeCookie encodes,
// first name wins (fixed seed, bounded runs).
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeCookieValue, parseCookieHeader } from '../../../src/runtime/cookies/parse-cookie.ts'

const RUNS = { seed: 20261124, numRuns: 500 }
const nameArb = fc.stringMatching(/^[A-Za-z0-9!#$&'*+.^_`|~-]{1,8}$/)
const valueArb = fc.string({ unit: 'grapheme', maxLength: 10 })

describe('parseCookieHeader (fuzzed)', () => {
  it('never throws, whatever the header holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (header) => {
        expect(parseCookieHeader(header)).toBeInstanceOf(Map)
      }),
      RUNS,
    )
  })

  it('reads back encoded values, keeping the first of two equal names', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(nameArb, valueArb), { minLength: 1, maxLength: 6 }), (pairs) => {
        const header = pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ')
        const expected = new Map<string, string>()
        for (const [name, value] of pairs) if (!expected.has(name)) expected.set(name, value)
        expect(parseCookieHeader(header)).toEqual(expected)
      }),
      RUNS,
    )
  })

  it('keeps a value with a malformed escape as raw text instead of failing the request', () => {
    const malformedArb = fc.stringMatching(/^[a-z]{0,3}%([G-Z]|[0-9A-F][G-Z]|E0%A4%A?)?$/)
    fc.assert(
      fc.property(nameArb, malformedArb, (name, raw) => {
        expect(decodeCookieValue(raw)).toBe(raw)
        expect(parseCookieHeader(`${name}=${raw}`).get(name)).toBe(raw)
      }),
      RUNS,
    )
  })
})
