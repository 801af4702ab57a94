import { describe, expect, it } from 'vitest'
import { RoutekitError } from '../../src/errors.ts'
import { buildRouter } from '../../src/router/build-router.ts'
import type { Params, RouteRecord, Router } from '../../src/router/router.ts'
import { toSegments } from './_to-segments.ts'
import { ROUTER_CASES, type RouterExpectation } from './router.cases.ts'

/** Every matcher that implements the `Router` contract; each one runs the whole case table. */
const implementations: readonly {
  name: string
  build: <T>(records: readonly RouteRecord<T>[]) => Router<T>
}[] = [{ name: 'buildRouter', build: buildRouter }]

const toRecords = (routes: readonly string[]): RouteRecord<string>[] =>
  routes.map((pattern) => ({ pattern, segments: toSegments(pattern), data: pattern }))

/** The router's answer in the table's terms; any error but a 400 RK_BAD_PERCENT_ENCODING naming the path escapes. */
function answer(router: Router<string>, path: string): RouterExpectation {
  try {
    const match = router.match(path)
    return match === undefined ? null : { pattern: match.data, params: match.params }
  } catch (error) {
    const bad =
      error instanceof RoutekitError &&
      error.code === 'RK_BAD_PERCENT_ENCODING' &&
      error.status === 400 &&
      error.message.includes(path)
    if (bad) return 'bad-encoding'
    throw error
  }
}

/** Handlers get plain objects whose values are strings or arrays of strings. */
function isPlainParams(params: Params | undefined): boolean {
  if (params === undefined) return true
  if (Object.getPrototypeOf(params) !== Object.prototype) return false
  return Object.values(params).every(
    (value) =>
      typeof value === 'string' || (Array.isArray(value) && value.every((part) => typeof part === 'string')),
  )
}

describe.each(implementations)('$name', ({ build }) => {
  it.each(ROUTER_CASES)('$name ($path)', ({ routes, path, expect: expected }) => {
    const actual = answer(build(toRecords(routes)), path)
    expect(actual).toStrictEqual(expected)
    expect(isPlainParams(typeof actual === 'object' ? actual?.params : undefined)).toBe(true)
  })

  it('returns the same answer for repeated lookups', () => {
    const router = build(toRecords(['/a', '/a/[id]', '/a/[id]/[...rest]']))
    for (const path of ['/a', '/a/1', '/a/1/2/3'])
      expect(router.match(path)).toStrictEqual(router.match(path))
  })

  it('gives each dynamic match its own params object', () => {
    const router = build(toRecords(['/a/[id]']))
    expect(router.match('/a/1')?.params).not.toBe(router.match('/a/1')?.params)
  })
})

describe('buildRouter', () => {
  it('rejects two records of one shape', () => {
    const duplicate = expect.objectContaining({ code: 'RK_DUPLICATE_URL' })
    expect(() => buildRouter(toRecords(['/a/[x]', '/a/[y]']))).toThrow(duplicate)
    expect(() => buildRouter(toRecords(['/a', '/a']))).toThrow(duplicate)
  })

  it('rejects a catch-all that is not the last segment', () => {
    const segments = toSegments('/a/[...x]/b')
    expect(() => buildRouter([{ pattern: '/a/[...x]/b', segments, data: 1 }])).toThrow(
      expect.objectContaining({ code: 'RK_CATCHALL_NOT_LAST' }),
    )
  })

  it('answers a static hit with a frozen, shared match', () => {
    const router = buildRouter(toRecords(['/a']))
    const match = router.match('/a')
    expect(match).toBe(router.match('/a'))
    expect(Object.isFrozen(match)).toBe(true)
  })
})
