// generateStaticParams results as URL paths, and request params as the same key (R5–R7, R74).
import { describe, expect, it } from 'vitest'
import type { Segment } from '../../src/scanner/route-file.ts'
import { toParamsKey, toStaticPath } from '../../src/prerender/to-static-path.ts'

const seg = {
  s: (value: string): Segment => ({ kind: 'static', value }),
  d: (name: string): Segment => ({ kind: 'dynamic', name }),
  c: (name: string): Segment => ({ kind: 'catch-all', name }),
  o: (name: string): Segment => ({ kind: 'optional-catch-all', name }),
}

describe('toStaticPath', () => {
  it('encodes each param value once', () => {
    expect(toStaticPath([seg.s('items'), seg.d('slug')], { slug: 'a b/ç' })).toEqual({
      path: '/items/a%20b%2F%C3%A7',
    })
  })

  it('spreads a catch-all over segments and drops an empty optional one', () => {
    expect(toStaticPath([seg.s('docs'), seg.c('path')], { path: ['a', 'b'] })).toEqual({ path: '/docs/a/b' })
    expect(toStaticPath([seg.o('path')], {})).toEqual({ path: '/' })
    expect(toStaticPath([seg.s('x'), seg.o('path')], { path: [] })).toEqual({ path: '/x' })
  })

  it('names the param that has the wrong shape', () => {
    expect(toStaticPath([seg.d('id')], { id: 3 })).toEqual({
      problem: 'param "id" must be a non-empty string, got 3',
    })
    expect(toStaticPath([seg.c('path')], { path: 'a' })).toMatchObject({
      problem: expect.stringContaining('param "path"'),
    })
    expect(toStaticPath([seg.c('path')], { path: [] })).toMatchObject({
      problem: expect.stringContaining('at least one'),
    })
  })

  it('gives a request the key its prerendered URL has', () => {
    const segments = [seg.s('items'), seg.d('slug')]
    const built = toStaticPath(segments, { slug: 'café' })
    expect(toParamsKey(segments, { slug: 'café' })).toBe('path' in built ? built.path : '')
  })
})
