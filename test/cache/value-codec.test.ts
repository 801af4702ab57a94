// The value codec: full fidelity for what React can send, a header that rejects foreign bytes, C24 errors.
import { describe, expect, it } from 'vitest'
import { UNREADABLE, decodeValue, encodeValue } from '../../src/cache/value-codec.ts'

describe('value codec', () => {
  it('round-trips Date, Map, Set, BigInt, typed arrays, undefined and cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    const value = {
      d: new Date(5),
      m: new Map([['k', { v: 1 }]]),
      s: new Set([1, 2]),
      n: 2n ** 70n,
      f: new Float64Array([1.5]),
      u: undefined,
      c: cyclic,
    }
    const back = decodeValue(encodeValue(value, 'f')) as typeof value
    expect(back).toEqual(value)
    expect(back.c.self).toBe(back.c)
  })

  it('reads bytes from another codec or Node major as unreadable, not as garbage', () => {
    const bytes = encodeValue({ a: 1 }, 'f')
    const other = Uint8Array.from(bytes)
    other[2] = (other[2]! + 1) & 0xff
    expect(decodeValue(other)).toBe(UNREADABLE)
    expect(decodeValue(new Uint8Array([1]))).toBe(UNREADABLE)
  })

  it('refuses class instances, functions, symbols and null prototypes, naming the function (C24)', () => {
    class Point {
      x = 1
    }
    const cases: [unknown, string][] = [
      [new Response('x'), 'result is a Response'],
      [{ list: [1, new Point()] }, 'result.list[1] is a Point'],
      [{ f: () => 1 }, 'result.f is the function f'],
      [[function () {}], 'result[0] is a function'],
      [new Map([['k', Symbol('s')]]), 'result.get(k) is a Symbol'],
      [Object.create(null), 'result is an object with a null prototype'],
      [new URL('http://x/'), 'result is a URL'],
    ]
    for (const [value, detail] of cases) {
      expect(() => encodeValue(value, 'lib/data.ts#get')).toThrow(
        `The "use cache" function lib/data.ts#get returned a value that cannot be cached: ${detail} (C24)`,
      )
    }
  })
})
