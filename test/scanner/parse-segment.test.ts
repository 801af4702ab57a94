import { describe, expect, test } from 'vitest'
import { RoutekitError } from '../../src/errors.ts'
import { parseSegment } from '../../src/scanner/parse-segment.ts'
import { toPattern } from '../../src/scanner/to-pattern.ts'
import { SEGMENT_CASES } from './parse-segment.cases.ts'

const FILE = 'app/x/route.ts'

const VALID = SEGMENT_CASES.flatMap(({ name, input, expect: e }) =>
  e === null || !('error' in e) ? [{ name, input, segment: e }] : [],
)
const INVALID = SEGMENT_CASES.flatMap(({ name, input, expect: e }) =>
  e !== null && 'error' in e ? [{ name, input, reason: e.error }] : [],
)

/** What `parseSegment` throws for `input`, as code plus whether the message names the file, folder and reason. */
function failureOf(input: string, reason: string): unknown {
  try {
    parseSegment(input, FILE)
  } catch (error) {
    if (!(error instanceof RoutekitError)) throw error
    const { code, message } = error
    return {
      code,
      file: message.includes(FILE),
      folder: message.includes(`"${input}"`),
      reason: message.includes(reason),
    }
  }
  return 'did not throw'
}

describe('parseSegment', () => {
  test.each(VALID)('$name: $input', ({ input, segment }) => {
    expect(parseSegment(input, FILE)).toEqual(segment)
  })

  test.each(INVALID)('$name: $input', ({ input, reason }) => {
    expect(failureOf(input, reason)).toEqual({
      code: 'RK_BAD_SEGMENT',
      file: true,
      folder: true,
      reason: true,
    })
  })
})

describe('toPattern', () => {
  test('writes / for no segments', () => {
    expect(toPattern([])).toBe('/')
  })

  test('spells every kind of segment as Next does', () => {
    expect(
      toPattern([
        { kind: 'static', value: 'a' },
        { kind: 'dynamic', name: 'id' },
        { kind: 'catch-all', name: 'rest' },
        { kind: 'optional-catch-all', name: 'opt' },
      ]),
    ).toBe('/a/[id]/[...rest]/[[...opt]]')
  })
})
