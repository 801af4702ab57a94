import { describe, expect, it } from 'vitest'
import { NextResponse } from '../../src/runtime/next-response.ts'
import { readProxyResponse, relativize, type ReadContext } from '../../src/proxy/read-proxy-response.ts'

const REQUEST_URL = 'http://app.test/api/x?y=1'
const context = (config?: Record<string, string>): ReadContext => ({
  config,
  url: () => REQUEST_URL,
  baseHeaders: () => new Headers({ host: 'app.test', 'x-client': 'c' }),
})

describe('readProxyResponse', () => {
  it('continues with nothing to do on undefined, null and a bare next() (P10)', () => {
    for (const value of [undefined, null, NextResponse.next()]) {
      expect(readProxyResponse(value, context())).toEqual({
        kind: 'continue',
        merge: undefined,
        requestHeaders: undefined,
        rewrite: undefined,
      })
    }
  })

  it('refuses anything else that is not a Response', () => {
    expect(() => readProxyResponse('text', context())).toThrow(
      'Expected an instance of Response to be returned',
    )
  })

  it('turns request.headers into exactly the handler header set, and keeps internal headers out (P11)', () => {
    const effect = readProxyResponse(
      NextResponse.next({ request: { headers: new Headers({ 'x-a': '1' }) } }),
      context(),
    )
    expect(effect.kind).toBe('continue')
    if (effect.kind !== 'continue') return
    expect([...(effect.requestHeaders as Headers)]).toEqual([['x-a', '1']])
    expect(effect.merge).toBeUndefined()
  })

  it('overlays the proxy response headers on config ones and copies them to the request (P12)', () => {
    const res = NextResponse.next()
    res.headers.set('x-layer', 'proxy')
    res.cookies.set('p', '1')
    const effect = readProxyResponse(res, context({ 'x-layer': 'config', 'x-from-config': 'cfg' }))
    if (effect.kind !== 'continue') throw new Error(effect.kind)
    expect(effect.merge).toEqual({
      'x-layer': 'proxy',
      'x-from-config': 'cfg',
      'set-cookie': ['p=1; Path=/'],
    })
    // Built only when the handler reads its headers: the incoming ones plus the proxy's.
    expect(typeof effect.requestHeaders).toBe('function')
    const request = (effect.requestHeaders as () => Headers)()
    expect(request.get('x-client')).toBe('c')
    expect(request.get('x-layer')).toBe('proxy')
    expect(request.get('x-middleware-set-cookie')).toBe('p=1; Path=/')
  })

  it('makes a same-origin rewrite relative and keeps another origin absolute (P18)', () => {
    const same = readProxyResponse(NextResponse.rewrite('http://app.test/internal/1?v=a'), context())
    expect(same).toMatchObject({
      kind: 'continue',
      rewrite: '/internal/1?v=a',
      merge: { 'x-middleware-rewrite': '/internal/1?v=a' },
    })
    const other = readProxyResponse(NextResponse.rewrite('https://up.test/x'), context())
    expect(other).toMatchObject({ rewrite: 'https://up.test/x' })
  })

  it('reads a Location with a redirect status as a redirect, with config headers (P15)', () => {
    const effect = readProxyResponse(
      NextResponse.redirect('http://app.test/to?q=1', 308),
      context({ 'x-c': '1' }),
    )
    expect(effect).toMatchObject({
      kind: 'redirect',
      location: '/to?q=1',
      merge: { 'x-c': '1', location: '/to?q=1' },
    })
  })

  it('answers with any other response, adding only the config headers it lacks (P14)', () => {
    const response = new Response('no', { status: 403, headers: { 'x-c': 'own' } })
    const effect = readProxyResponse(response, context({ 'x-c': 'config', 'x-d': 'config' }))
    expect(effect).toMatchObject({ kind: 'respond', merge: { 'x-d': 'config' } })
    const located = readProxyResponse(
      new Response(null, { status: 200, headers: { location: '/x' } }),
      context(),
    )
    expect(located.kind).toBe('respond')
  })
})

describe('relativize', () => {
  it('drops the origin only when it is the request origin', () => {
    expect(relativize('http://app.test/a#h', REQUEST_URL)).toBe('/a#h')
    expect(relativize('http://app.test:81/a', REQUEST_URL)).toBe('http://app.test:81/a')
  })
})
