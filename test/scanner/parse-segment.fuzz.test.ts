// Property tests for parseSegment: any folder name gives a segment, nothing, or RK_BAD_SEGMENT naming
// the file and the folder — never another error (fixed seed, bounded runs).
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RoutekitError } from '../../src/errors.ts'
import { parseSegment } from '../../src/scanner/parse-segment.ts'

const FILE = 'app/x/route.ts'
const RUNS = { seed: 20261124, numRuns: 500 }

// Folder names built mostly from the characters that carry meaning: brackets, dots, groups, slots, escapes.
const folderArb = fc.oneof(
  fc.stringMatching(/^[[\]().@%_5Fa-z]{0,10}$/),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
)
// A parameter name Next accepts: no brackets, not empty, not starting with a dot.
const nameArb = fc.stringMatching(/^[A-Za-z_$][\w$.-]{0,8}$/)

/** undefined when `folder` parses; else what was thrown, in words. */
function failureOf(folder: string): string | undefined {
  try {
    parseSegment(folder, FILE)
    return undefined
  } catch (error) {
    const named =
      error instanceof RoutekitError && error.message.includes(`${FILE}: the folder name "${folder}"`)
    return named && error.code === 'RK_BAD_SEGMENT'
      ? 'RK_BAD_SEGMENT naming the file and the folder'
      : String(error)
  }
}

describe('parseSegment (fuzzed)', () => {
  it('returns a segment or null, or throws RK_BAD_SEGMENT naming the file and the folder', () => {
    fc.assert(
      fc.property(folderArb, (folder) => {
        expect([undefined, 'RK_BAD_SEGMENT naming the file and the folder']).toContain(failureOf(folder))
      }),
      RUNS,
    )
  })

  it('reads [name], [...name] and [[...name]] back as the name and kind', () => {
    fc.assert(
      fc.property(nameArb, (name) => {
        expect(parseSegment(`[${name}]`, FILE)).toEqual({ kind: 'dynamic', name })
        expect(parseSegment(`[...${name}]`, FILE)).toEqual({ kind: 'catch-all', name })
        expect(parseSegment(`[[...${name}]]`, FILE)).toEqual({ kind: 'optional-catch-all', name })
      }),
      RUNS,
    )
  })

  it('keeps a static folder as its text, with only upper-case %5F turned into _ (R4)', () => {
    fc.assert(
      fc.property(folderArb, (folder) => {
        const segment = failureOf(folder) === undefined ? parseSegment(folder, FILE) : null
        // Only static segments are checked; fast-check counts the others as passing.
        fc.pre(segment !== null && segment.kind === 'static')
        const { value } = segment as { value: string }
        expect(value).toBe(folder.replaceAll('%5F', '_'))
        expect(value.split('[').length).toBe(value.split(']').length)
      }),
      RUNS,
    )
  })

  it('adds no URL segment for a route group or a slot', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), (inner) => {
        expect(parseSegment(`(${inner})`, FILE)).toBeNull()
        expect(parseSegment(`@${inner}`, FILE)).toBeNull()
      }),
      RUNS,
    )
  })
})
