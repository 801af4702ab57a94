import { describe, expect, it } from 'vitest'
import { NextResponse, isBareNext, kMiddlewareResponse } from '../../src/runtime/next-response.ts'
import { Response } from '../../src/runtime/response.ts'

describe('NextResponse', () => {
  it('is a Response and builds itself from json()', async () => {
    const r = NextResponse.json({ a: 1 }, { status: 202, headers: { 'x-a': '1' } })
    expect(r).toBeInstanceOf(NextResponse)
    expect(r).toBeInstanceOf(Response)
    expect(r.status).toBe(202)
    expect(r.headers.get('content-type')).toBe('application/json')
    expect(await r.json()).toEqual({ a: 1 })
  })

  it('redirects with 307 by default and keeps an explicit status (R56)', () => {
    const r = NextResponse.redirect(new URL('http://localhost/x'))
    expect([r.status, r.headers.get('location')]).toEqual([307, 'http://localhost/x'])
    expect(NextResponse.redirect('https://example.com/e', 301).status).toBe(301)
  })

  it('rejects a relative redirect with Next message (R56)', () => {
    expect(() => NextResponse.redirect('/resp/plain')).toThrow(
      'URL is malformed "/resp/plain". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls',
    )
  })

  it('marks next() and rewrite() so a route handler cannot return them (R57)', () => {
    expect(NextResponse.next()[kMiddlewareResponse]).toBe('next')
    expect(NextResponse.rewrite('https://example.com/')[kMiddlewareResponse]).toBe('rewrite')
    expect(NextResponse.json({})[kMiddlewareResponse]).toBeUndefined()
  })

  it('exposes its Set-Cookie lines as a cookie jar', () => {
    const r = new NextResponse('x')
    r.cookies.set('a', '1')
    expect(r.headers.getSetCookie()).toEqual(['a=1; Path=/'])
  })
})

describe('NextResponse in a proxy (proxy.md P11)', () => {
  it('encodes request.headers as Next internal override headers', () => {
    const r = NextResponse.next({ request: { headers: new Headers({ 'x-a': '1', cookie: 'k=v' }) } })
    expect(r.headers.get('x-middleware-override-headers')).toBe('cookie,x-a')
    expect(r.headers.get('x-middleware-request-x-a')).toBe('1')
    expect(r.headers.get('x-middleware-request-cookie')).toBe('k=v')
  })

  it('requires request.headers to be a Headers object', () => {
    expect(() => NextResponse.next({ request: { headers: { a: '1' } as unknown as Headers } })).toThrow(
      'request.headers must be an instance of Headers',
    )
  })

  it('recognises a bare next() until its headers are touched', () => {
    const bare = NextResponse.next()
    expect(isBareNext(bare)).toBe(true)
    expect(bare.headers.get('x-middleware-next')).toBe('1')
    expect(isBareNext(bare)).toBe(false)
    expect(isBareNext(NextResponse.next({}))).toBe(false)
  })
})
