// Property tests for normalizePath against a slow reference: RFC 3986 §5.2.4 remove_dot_segments, written
// out step by step (fixed seed, bounded runs). Not WHATWG URL: Node 20's parser (Ada 2.9.2) leaves
// `/a/.x/..` unresolved.
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizePath } from '../../src/runtime/normalize-path.ts'

const RUNS = { seed: 20261124, numRuns: 1000 }
// `%2e` is left out of this alphabet: it is no dot segment for Next's router (R17); tested below.
const segmentArb = fc.constantFrom('a', 'b', 'c.d', '.', '..', '...', '', '.x')
const pathArb = fc.array(segmentArb, { maxLength: 7 }).map((parts) => `/${parts.join('/')}`)

/** RFC 3986 §5.2.4, rule by rule (A–E), on an input buffer and an output buffer. */
function removeDotSegments(path: string): string {
  let input = path
  let output = ''
  const popLast = (): void => {
    output = output.slice(0, Math.max(0, output.lastIndexOf('/')))
  }
  while (input !== '') {
    if (input.startsWith('../')) input = input.slice(3)
    else if (input.startsWith('./')) input = input.slice(2)
    else if (input.startsWith('/./')) input = input.slice(2)
    else if (input === '/.') input = '/'
    else if (input.startsWith('/../')) {
      input = input.slice(3)
      popLast()
    } else if (input === '/..') {
      input = '/'
      popLast()
    } else if (input === '.' || input === '..') input = ''
    else {
      const segment = /^\/?[^/]*/.exec(input)![0]
      output += segment
      input = input.slice(segment.length)
    }
  }
  return output
}

/** Dots resolved, doubled slashes collapsed, then the trailing-slash rule (R15–R17). */
function reference(path: string, trailingSlash: boolean): string {
  const p = removeDotSegments(path).replace(/\/{2,}/g, '/') || '/'
  if (p === '/') return p
  const last = p.replace(/\/$/, '').split('/').at(-1)!
  if (!trailingSlash || last.includes('.')) return p.replace(/\/$/, '')
  return p.endsWith('/') ? p : `${p}/`
}

describe('normalizePath (fuzzed)', () => {
  it.each([false, true])('matches the reference (trailingSlash: %s)', (trailingSlash) => {
    fc.assert(
      fc.property(pathArb, (path) => {
        expect(normalizePath(path, trailingSlash).pathname, path).toBe(reference(path, trailingSlash))
      }),
      RUNS,
    )
  })

  it.each([false, true])(
    'is idempotent, and redirects only to its own result (trailingSlash: %s)',
    (trailingSlash) => {
      fc.assert(
        fc.property(pathArb, (path) => {
          const first = normalizePath(path, trailingSlash)
          expect([undefined, first.pathname]).toContain(first.redirect)
          expect(normalizePath(first.pathname, trailingSlash)).toEqual({
            pathname: first.pathname,
            redirect: undefined,
          })
        }),
        RUNS,
      )
    },
  )

  it('leaves percent-escaped dots alone, whatever surrounds them', () => {
    const escapedArb = fc
      .array(fc.constantFrom('a', '%2e', '%2E%2e', '.%2e', '%2e.'), { minLength: 1, maxLength: 5 })
      .map((parts) => `/${parts.join('/')}`)
    fc.assert(
      fc.property(escapedArb, (path) => {
        expect(normalizePath(path, false)).toEqual({ pathname: path, redirect: undefined })
      }),
      RUNS,
    )
  })

  it('never throws on arbitrary text after the leading slash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (rest) => {
        expect(normalizePath(`/${rest}`, false).pathname.startsWith('/')).toBe(true)
      }),
      RUNS,
    )
  })
})
