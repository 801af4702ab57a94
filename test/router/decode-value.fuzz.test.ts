// Property tests for percent-decoding of params (R17, deviation f): one decodeURIComponent per value,
// a malformed escape is a 400 naming the path, catch-alls split before decoding (fixed seed, bounded runs).
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RoutekitError } from '../../src/errors.ts'
import { decodeRest, decodeValue, isValueSegment } from '../../src/router/_segment-text.ts'

const RUNS = { seed: 20261124, numRuns: 1000 }
const PATH = '/items/x'
// Escapes well-formed, truncated, non-hex, and over/under-long UTF-8 sequences, among plain text.
const rawArb = fc
  .array(
    fc.constantFrom(
      'a',
      '+',
      '.',
      '%',
      '%2',
      '%25',
      '%41',
      '%2F',
      '%ZZ',
      '%E2%9C%93',
      '%E2%9C',
      '%FF',
      '%C3%A9',
      '%c3',
    ),
    {
      maxLength: 6,
    },
  )
  .map((parts) => parts.join(''))

function tryDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

/** What decodeValue gives for `raw`: the value, or the status of what it threw and whether it names the path. */
function outcomeOf(raw: string): { value: string } | { status: number; namesPath: boolean } | string {
  try {
    return { value: decodeValue(raw, PATH) }
  } catch (error) {
    if (!(error instanceof RoutekitError)) return String(error)
    return { status: error.status, namesPath: error.message.includes(`path ${PATH}`) }
  }
}

describe('decodeValue (fuzzed)', () => {
  it('gives decodeURIComponent, or RK_BAD_PERCENT_ENCODING (400) naming the path', () => {
    fc.assert(
      fc.property(rawArb, (raw) => {
        const decoded = tryDecode(raw)
        const expected = decoded === undefined ? { status: 400, namesPath: true } : { value: decoded }
        expect(outcomeOf(raw)).toEqual(expected)
      }),
      RUNS,
    )
  })

  it('decodes an encoded string back to itself, once (no double decoding)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), (text) => {
        expect(decodeValue(encodeURIComponent(text), PATH)).toBe(text)
        expect(decodeValue(encodeURIComponent(encodeURIComponent(text)), PATH)).toBe(encodeURIComponent(text))
      }),
      RUNS,
    )
  })
})

describe('decodeRest (fuzzed)', () => {
  it('splits on real slashes before decoding, so an encoded slash stays inside its part', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        (parts) => {
          expect(decodeRest(parts.map(encodeURIComponent).join('/'), PATH)).toEqual(parts)
        },
      ),
      RUNS,
    )
  })
})

describe('isValueSegment (fuzzed)', () => {
  it('refuses exactly the values that are empty or decode to "." or ".."', () => {
    const segmentArb = fc
      .array(fc.constantFrom('.', '%2e', '%2E', 'a', '%', 'e'), { maxLength: 4 })
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(segmentArb, (segment) => {
        const decoded = tryDecode(segment) ?? segment
        const expected = segment !== '' && decoded !== '.' && decoded !== '..'
        expect(isValueSegment(`/${segment}/`, 1, 1 + segment.length), segment).toBe(expected)
      }),
      RUNS,
    )
  })
})
