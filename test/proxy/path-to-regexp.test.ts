import { describe, expect, it } from 'vitest'
import {
  compileTokens,
  parsePath,
  tokensToRegexpSource,
  type PathKey,
} from '../../src/proxy/_path-to-regexp.ts'

const regexp = (path: string, options = {}): RegExp =>
  new RegExp(tokensToRegexpSource(parsePath(path), [], options))

describe('path syntax (P6)', () => {
  it('matches one segment with :name and zero or more with :name*', () => {
    expect(regexp('/u/:id').test('/u/1')).toBe(true)
    expect(regexp('/u/:id').test('/u/1/2')).toBe(false)
    expect(regexp('/admin/:section*').test('/admin')).toBe(true)
    expect(regexp('/admin/:section*').test('/admin/users/x')).toBe(true)
  })

  it('needs one segment for :name+ and accepts none for :name?', () => {
    expect(regexp('/v1/:path+').test('/v1')).toBe(false)
    expect(regexp('/v1/:path+').test('/v1/a')).toBe(true)
    expect(regexp('/o/:x?').test('/o')).toBe(true)
  })

  it('uses a param pattern and unnamed groups as regular expressions', () => {
    expect(regexp('/num/:id(\\d+)').test('/num/12')).toBe(true)
    expect(regexp('/num/:id(\\d+)').test('/num/ab')).toBe(false)
    expect(regexp('/docs/(.*)').test('/docs/a/b')).toBe(true)
  })

  it('accepts one trailing delimiter unless strict', () => {
    expect(regexp('/a').test('/a/')).toBe(true)
    expect(regexp('/a', { strict: true }).test('/a/')).toBe(false)
  })

  it('collects keys with prefix and modifier', () => {
    const keys: PathKey[] = []
    tokensToRegexpSource(parsePath('/a/:b*'), keys)
    expect(keys).toEqual([{ name: 'b', prefix: '/', suffix: '', pattern: '[^\\/#\\?]+?', modifier: '*' }])
  })

  it.each([
    ['/a/:', 'Missing parameter name at 3'],
    ['/a/:x(', 'Unbalanced pattern at 5'],
    ['/a/(?:x)', 'Pattern cannot start with "?" at 4'],
    ['/a/:x((y))', 'Capturing groups are not allowed at 6'],
    ['/a/:x:y', 'Must have text between two parameters, missing text after "x"'],
    ['/a/{:x', 'Unexpected END at 6, expected CLOSE'],
  ])('rejects %s with path-to-regexp message', (path, message) => {
    expect(() => tokensToRegexpSource(parsePath(path), [])).toThrow(message)
  })

  it('refuses to repeat a parameter without a prefix', () => {
    expect(() => tokensToRegexpSource(parsePath('x:y*'), [])).toThrow(
      'Can not repeat "y" without a prefix and suffix',
    )
  })
})

describe('compileTokens', () => {
  it('fills params, joining repeated ones and dropping optional ones', () => {
    const tokens = parsePath('/x/:a/:rest*', '/')
    expect(compileTokens(tokens, { a: '1', rest: ['b', 'c'] })).toBe('/x/1/b/c')
    expect(compileTokens(tokens, { a: '1' })).toBe('/x/1')
  })

  it('throws for a missing required param or an array where one value goes', () => {
    expect(() => compileTokens(parsePath('/x/:a', '/'), {})).toThrow('Expected "a" to be a string')
    expect(() => compileTokens(parsePath('/x/:a', '/'), { a: ['1', '2'] })).toThrow('to not repeat')
  })
})
