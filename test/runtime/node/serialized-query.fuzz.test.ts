// R18: request.url carries the query as URLSearchParams serialises it. toSerializedQuery skips the parse for
// queries that come out unchanged; this checks it against the serialiser itself (fixed seed, bounded runs).
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toSerializedQuery } from '../../../src/runtime/node/incoming-request.ts'

const RUNS = { seed: 20261206, numRuns: 3000 }
const reference = (search: string): string =>
  search.length <= 1 ? '' : `?${new URLSearchParams(search).toString()}`
// Mostly safe characters, plus every one the serialiser changes or splits on.
const charArb = fc.constantFrom(
  'a',
  'Z',
  '0',
  '_',
  '-',
  '.',
  '*',
  '=',
  '&',
  '+',
  '%',
  '%20',
  '~',
  ' ',
  'é',
  '?',
  '/',
)
const queryArb = fc.array(charArb, { maxLength: 12 }).map((parts) => `?${parts.join('')}`)

describe('toSerializedQuery', () => {
  it('matches URLSearchParams serialisation for any query', () => {
    fc.assert(
      fc.property(queryArb, (search) => {
        expect(toSerializedQuery(search)).toBe(reference(search))
      }),
      RUNS,
    )
  })

  it('keeps already-serialised queries and re-serialises the rest (R18)', () => {
    expect(toSerializedQuery('?q=abc&page=2')).toBe('?q=abc&page=2')
    expect(toSerializedQuery('?b=%20x+y&z')).toBe('?b=+x+y&z=')
    expect(toSerializedQuery('?')).toBe('')
    expect(toSerializedQuery('')).toBe('')
  })
})
