import { describe, expect, it } from 'vitest'
import { parseCookieHeader } from '../../../src/runtime/cookies/parse-cookie.ts'
import { RequestCookies } from '../../../src/runtime/cookies/request-cookies.ts'
import { ResponseCookies } from '../../../src/runtime/cookies/response-cookies.ts'
import { MutableCookies } from '../../../src/runtime/cookies/mutable-cookies.ts'
import { serializeCookie } from '../../../src/runtime/cookies/serialize-cookie.ts'

describe('parseCookieHeader', () => {
  it('decodes values and keeps empty ones (R45)', () => {
    expect([...parseCookieHeader('a=1; b=two%20words; c=')]).toEqual([
      ['a', '1'],
      ['b', 'two words'],
      ['c', ''],
    ])
  })
  it('keeps a malformed escape raw instead of failing', () => {
    expect(parseCookieHeader('a=%ZZ').get('a')).toBe('%ZZ')
  })
  it('keeps the first of two equal names', () => {
    expect(parseCookieHeader('a=1; a=2').get('a')).toBe('1')
  })
})

describe('RequestCookies', () => {
  it('reads and edits the request cookie header only (R45)', () => {
    const headers = new Headers({ cookie: 'a=1; b=2' })
    const jar = new RequestCookies(headers)
    expect(jar.get('a')).toEqual({ name: 'a', value: '1' })
    expect(jar.size).toBe(2)
    jar.set('added', 'yes')
    jar.delete('a')
    expect(headers.get('cookie')).toBe('b=2; added=yes')
  })
})

describe('ResponseCookies', () => {
  it('serialises attributes in Next order (R55)', () => {
    const headers = new Headers()
    const jar = new ResponseCookies(headers)
    jar.set('theme', 'dark')
    jar.set('session', 'a b', {
      path: '/account',
      maxAge: 120,
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
    })
    jar.set('fixed', '1', { expires: new Date(Date.UTC(2031, 4, 6, 7, 8, 9)) })
    jar.delete('old')
    const lines = headers.getSetCookie()
    expect(lines[0]).toBe('theme=dark; Path=/')
    expect(lines[1]).toMatch(
      /^session=a%20b; Path=\/account; Expires=\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT; Max-Age=120; Secure; HttpOnly; SameSite=strict$/,
    )
    expect(lines[2]).toBe('fixed=1; Path=/; Expires=Tue, 06 May 2031 07:08:09 GMT')
    expect(lines[3]).toBe('old=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT')
  })
  it('replaces a cookie set twice', () => {
    const headers = new Headers()
    new ResponseCookies(headers).set('a', '1').set('a', '2')
    expect(headers.getSetCookie()).toEqual(['a=2; Path=/'])
  })
  it('serialises without attributes when none are given', () => {
    expect(serializeCookie({ name: 'n', value: 'v' })).toBe('n=v')
  })
})

describe('MutableCookies (cookies() in a route handler)', () => {
  it('reports request cookies with path "/" and reads back what was set (R47)', () => {
    const jar = new MutableCookies(new Headers({ cookie: 'a=1' }))
    expect(jar.getAll()).toEqual([{ name: 'a', value: '1', path: '/' }])
    jar.set('h1', 'hv1')
    expect(jar.get('h1')?.value).toBe('hv1')
    expect(jar.setCookieLines()).toEqual(['h1=hv1; Path=/'])
  })
  it('sends only what was set or deleted', () => {
    const jar = new MutableCookies(new Headers({ cookie: 'a=1; b=2' }))
    jar.delete('b')
    expect(jar.setCookieLines()).toEqual(['b=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'])
  })
})
