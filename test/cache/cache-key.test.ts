// Cache keys: the argument encoding rules of C20–C23, and that distinct values never share a key.
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeCacheKey, reviveArgs } from '../../src/cache/cache-key.ts'

const key = (...args: unknown[]): string => encodeCacheKey('B', 'lib/a.ts#f', args)
// JSON folds -0 into 0; the key keeps it apart, as React's encoding does.
const json = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (Object.is(x, -0) ? '\u0000-0' : x))

describe('encodeCacheKey', () => {
  it('lays out function id, arguments and build id as Next does (C20)', () => {
    expect(key('hello')).toBe('["lib/a.ts#f",["hello"],["B"]]')
    expect(encodeCacheKey('B', 'f', ['x'], ['bound'])).toBe('["f",[["bound"],"x"],["B"]]')
  })

  it('encodes values with the reply markers (C21)', () => {
    expect(key(new Date(0), undefined, 1n, -0, NaN, Infinity, null, true)).toBe(
      '["lib/a.ts#f",["$D1970-01-01T00:00:00.000Z","$undefined","$n1","$-0","$NaN","$Infinity",null,true],["B"]]',
    )
    expect(key(new Map([[1, 2]]), new Set(['a']), new Uint8Array([1, 2]))).toBe(
      '["lib/a.ts#f",[["$Q",[1,2]],["$W","a"],"$AUint8Array:AQI="],["B"]]',
    )
  })

  it('keeps object key order, so reordered objects are different entries (C21)', () => {
    expect(key({ a: 1, b: [1, 2] })).not.toBe(key({ b: [1, 2], a: 1 }))
  })

  it('encodes a URL as its string (C23)', () => {
    expect(key(new URL('http://x/y?z'))).toBe(key('http://x/y?z'))
  })

  it('puts every non-serializable value in one "$T" slot (C22)', () => {
    class Point {
      x = 1
    }
    expect(key(new Point())).toBe('["lib/a.ts#f",["$T"],["B"]]')
    expect(key(() => 1)).toBe(key(new Request('http://x/')))
    expect(key(Symbol('s'))).toBe(key(new Point()))
  })

  it('escapes strings that start with "$", so no string looks like a marker', () => {
    expect(key('$undefined')).not.toBe(key(undefined))
    expect(key('$T')).not.toBe(key(() => 1))
  })

  it('survives cycles', () => {
    const a: Record<string, unknown> = { n: 1 }
    a.self = a
    expect(key(a)).toBe('["lib/a.ts#f",[{"n":1,"self":"$C0"}],["B"]]')
  })

  it('gives equal keys exactly to equal JSON values (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(key(a) === key(b)).toBe(json(a) === json(b))
      }),
      { numRuns: 300 },
    )
  })
})

describe('reviveArgs', () => {
  it('returns the same array when nothing needs converting', () => {
    const args = [1, { a: [2] }, new Date(0), new Map([[1, 2]])]
    expect(reviveArgs(args)).toBe(args)
  })

  it('turns URLs (also nested) into strings and functions into opaque references (C22, C23)', () => {
    const [url, nested, fn] = reviveArgs([new URL('http://x/'), { u: new URL('http://y/') }, () => 1]) as [
      unknown,
      { u: unknown },
      () => unknown,
    ]
    expect(url).toBe('http://x/')
    expect(nested.u).toBe('http://y/')
    expect(() => String(fn)).toThrow('Cannot access toString on the server')
  })
})
