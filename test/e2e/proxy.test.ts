// proxy.ts in front of route handlers, over real HTTP (spec proxy.md P5–P21), against test/fixtures/proxy-app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { ROOT, runCli, send, startServer, waitFor, type RunningServer } from '../_helpers/server.ts'

const app = join(ROOT, 'test', 'fixtures', 'proxy-app')
let server: RunningServer
let port: number

beforeAll(async () => {
  const build = runCli(['build', app])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  server = await startServer(app)
  port = server.port
})
afterAll(() => server?.stop())

const get = (path: string, headers: Record<string, string> = {}) => send(port, 'GET', path, { headers })

describe('which requests run the proxy (P5–P8)', () => {
  it('runs for a path under an array matcher and passes its request header on (P5, P11)', async () => {
    const r = await get('/api/echo/hello')
    expect(r.headers['x-proxy']).toBe('ran')
    expect(r.json()).toMatchObject({
      params: { rest: ['hello'] },
      seen: { 'x-proxy-saw': '/api/echo/hello' },
    })
  })

  it('skips a path no entry matches and serves it as if there were no proxy', async () => {
    const r = await get('/plain')
    expect(r.headers['x-proxy']).toBeUndefined()
    expect(r.json()).toEqual({ route: '/plain', proxySaw: null })
  })

  it('matches a plain string exactly, not its sub-paths (P5)', async () => {
    expect((await get('/exact')).headers['x-proxy']).toBe('ran')
    expect((await get('/exact/sub')).headers['x-proxy']).toBeUndefined()
  })

  it('honours a regex-constrained param (P6)', async () => {
    expect((await get('/num/12')).headers['x-proxy']).toBe('ran')
    const letters = await get('/num/ab')
    expect(letters.headers['x-proxy']).toBeUndefined()
    expect(letters.json()).toMatchObject({ params: { id: 'ab' } })
  })

  it('matches case-sensitively (P6)', async () => {
    const r = await get('/Case')
    expect(r.status).toBe(200)
    expect(r.headers['x-proxy']).toBeUndefined()
  })

  it('also tries the decoded path, so an encoded letter does not slip past the matcher', async () => {
    const r = await get('/%61pi/echo/x')
    expect(r.headers['x-proxy']).toBe('ran')
  })

  it('sees the path still percent-encoded while the handler gets decoded params (P8)', async () => {
    const r = await get('/api/echo/a%20b')
    expect(r.json()).toMatchObject({ params: { rest: ['a b'] }, seen: { 'x-proxy-saw': '/api/echo/a%20b' } })
  })

  it('applies header has-conditions with values (P7)', async () => {
    expect((await get('/gated/a', { 'x-gate': 'open' })).headers['x-proxy']).toBe('ran')
    expect((await get('/gated/a', { 'x-gate': 'closed' })).headers['x-proxy']).toBeUndefined()
    expect((await get('/gated/a')).headers['x-proxy']).toBeUndefined()
  })

  it('applies cookie missing-conditions and query has-conditions (P7)', async () => {
    expect((await get('/cond/b')).headers['x-proxy']).toBe('ran')
    expect((await get('/cond/b', { cookie: 'skip=1' })).headers['x-proxy']).toBeUndefined()
    expect((await get('/cond/b?force=1', { cookie: 'skip=1' })).headers['x-proxy']).toBe('ran')
    expect((await get('/cond/b?force', { cookie: 'skip=1' })).headers['x-proxy']).toBeUndefined()
    expect((await get('/cond/b?force=', { cookie: 'skip=1' })).headers['x-proxy']).toBeUndefined()
  })

  it('ignores a cookie pair without "=" for missing-conditions, as the cookie parser Next uses does', async () => {
    expect((await get('/cond/b', { cookie: 'skip' })).headers['x-proxy']).toBe('ran')
  })

  it('applies host conditions against the Host header without its port (P7)', async () => {
    expect((await get('/host-only', { host: 'proxy.example.test:8080' })).headers['x-proxy']).toBe('ran')
    expect((await get('/host-only', { host: 'other.example.test' })).headers['x-proxy']).toBeUndefined()
  })
})

describe('methods and bodies (P9)', () => {
  it('runs for HEAD and drops the body', async () => {
    const r = await send(port, 'HEAD', '/api/echo/head')
    expect([r.status, r.headers['x-proxy'], r.body]).toEqual([200, 'ran', ''])
  })

  it('leaves a POST body for the handler', async () => {
    const r = await send(port, 'POST', '/api/echo/form', { body: 'payload=1' })
    expect(r.json()).toMatchObject({ method: 'POST', body: 'payload=1' })
  })

  it('lets the handler read a body the proxy already read', async () => {
    const r = await send(port, 'POST', '/api/echo/read-body', { body: 'twelve bytes' })
    expect(r.json()).toMatchObject({ body: 'twelve bytes', seen: { 'x-added': 'proxy read 12 bytes' } })
  })
})

describe('continuing (P10–P13)', () => {
  it('continues unchanged on undefined and on a bare NextResponse.next() (P10)', async () => {
    for (const path of ['/api/echo/nothing', '/api/echo/bare']) {
      const r = await get(path)
      expect(r.headers['x-proxy']).toBeUndefined()
      expect(r.json()).toMatchObject({ urlPath: path, seen: { 'x-proxy-saw': null }, internal: [] })
    }
  })

  it('puts its headers on the 404 of a matched path with no route (P10, P19)', async () => {
    const r = await get('/api/nope')
    expect([r.status, r.headers['x-proxy'], r.headers['x-from-config']]).toEqual([404, 'ran', 'cfg'])
  })

  it('adds, changes and deletes request headers, seen alike by request.headers and headers() (P11)', async () => {
    const r = await get('/api/echo/inject', { 'x-removed': 'bye', 'x-client': 'original' })
    const seen = { 'x-added': 'by-proxy', 'x-removed': null, 'x-client': 'overridden' }
    expect(r.json()).toMatchObject({ seen, seenViaHeaders: seen, internal: [] })
  })

  it('carries request cookie changes to cookies() (P11)', async () => {
    const r = await get('/api/echo/cookies-in', { cookie: 'keep=1; drop=2' })
    expect(r.json()).toMatchObject({ cookies: ['keep=1', 'added=by-proxy'] })
  })

  it('ignores internal override headers sent by the client (P13)', async () => {
    const r = await get('/api/echo/hello', {
      'x-middleware-override-headers': 'x-added',
      'x-middleware-request-x-added': 'evil',
    })
    expect(r.json()).toMatchObject({ seen: { 'x-added': null } })
  })

  it('still runs when the client sends x-middleware-subrequest, which reaches the handler unchanged (P13)', async () => {
    const blocked = await get('/api/secret', { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' })
    expect(blocked.status).toBe(401)
    const r = await get('/api/echo/sub', { 'x-middleware-subrequest': 'middleware' })
    expect(r.json()).toMatchObject({ seen: { 'x-middleware-subrequest': 'middleware' } })
  })

  it('merges its response headers and cookies into the handler response (P12)', async () => {
    const r = await get('/api/echo/decorate')
    expect(r.headers['x-decor']).toBe('yes')
    expect(r.headers['set-cookie']).toEqual([
      'p1=one; Path=/',
      expect.stringMatching(
        /^p2=two; Path=\/api; Expires=\w{3}, \d{2} \w{3} \d{4} [\d:]{8} GMT; Max-Age=60; HttpOnly$/,
      ),
    ])
    // Next hands the proxy's response headers to the handler's request too; cookies() stays unaware.
    expect(r.json()).toMatchObject({
      cookies: [],
      seen: { 'x-middleware-set-cookie': expect.stringContaining('p1=one') },
    })
  })

  it('lets the proxy win over config and handler, config over handler; proxy cookies go first (P12, P20)', async () => {
    const mixed = await get('/api/mixed')
    expect(mixed.headers['x-layer']).toBe('proxy')
    expect(mixed.headers['set-cookie']).toEqual(['layer=proxy; Path=/', 'layer=handler; Path=/'])
    const own = await get('/api/echo/own?own=1')
    expect([own.headers['x-layer'], own.headers['x-only-handler'], own.headers['x-from-config']]).toEqual([
      'config',
      'h',
      'cfg',
    ])
  })
})

describe('answering directly (P14–P16)', () => {
  it('refuses without the credential and lets the handler run with it (P14)', async () => {
    const denied = await get('/api/secret')
    expect([denied.status, denied.headers['www-authenticate'], denied.headers['x-from-config']]).toEqual([
      401,
      'Bearer',
      'cfg',
    ])
    const allowed = await get('/api/secret', { authorization: 'Bearer letmein' })
    expect(allowed.json()).toEqual({ secret: 42, user: 'ada' })
  })

  it('sends any other Response as built, its own headers over config ones (P14)', async () => {
    const r = await get('/api/echo/short')
    expect([r.status, r.body, r.headers['x-layer'], r.headers['x-from-config']]).toEqual([
      418,
      'short-circuited',
      'short',
      'cfg',
    ])
    const json = await get('/api/echo/short-json')
    expect([json.status, json.headers['content-type'], json.body]).toEqual([
      202,
      'application/json',
      '{"from":"proxy"}',
    ])
  })

  it('answers a preflight itself; the route OPTIONS never runs (P14)', async () => {
    const r = await send(port, 'OPTIONS', '/api/echo/cors')
    expect([r.status, r.headers['access-control-allow-origin'], r.headers.allow]).toEqual([
      204,
      '*',
      undefined,
    ])
  })

  it('redirects with 307 and a relative same-origin location (P15)', async () => {
    const r = await get('/api/echo/redirect')
    expect([r.status, r.headers.location, r.body, r.headers['x-from-config']]).toEqual([
      307,
      '/api/echo/landed?from=proxy',
      '/api/echo/landed?from=proxy',
      'cfg',
    ])
    expect(r.headers.refresh).toBeUndefined()
  })

  it('keeps the query of a nextUrl clone and adds Refresh to a 308 (P15)', async () => {
    const r = await get('/api/echo/redirect-308?q=1')
    expect([r.status, r.headers.location, r.headers.refresh]).toEqual([
      308,
      '/api/echo/landed?q=1',
      '0;url=/api/echo/landed?q=1',
    ])
  })

  it('keeps another origin absolute (P15)', async () => {
    const r = await get('/api/echo/redirect-away')
    expect([r.status, r.headers.location]).toEqual([302, 'https://example.test/elsewhere'])
  })

  it('answers a throw, a rejection or a non-Response with a plain 500 and logs the proxy file (P16)', async () => {
    for (const path of ['/api/echo/throw', '/api/echo/reject', '/api/echo/not-response']) {
      const r = await get(path)
      expect([r.status, r.body, r.headers['content-type'], r.headers['x-from-config']]).toEqual([
        500,
        'Internal Server Error',
        'text/plain',
        undefined,
      ])
    }
    // The log lines reach the pipe after the responses; wait for the last one (slow under a loaded CI host).
    await waitFor(() => server.output().includes('Expected an instance of Response to be returned'))
    expect(server.output()).toContain('async proxy failure')
    expect(server.output()).toMatch(/GET \/api\/echo\/throw failed in the proxy proxy\.ts/)
    expect(server.output()).toContain('Expected an instance of Response to be returned')
  })
})

describe('the request a proxy gets (P17)', () => {
  it('exposes nextUrl, cookies, no ip, waitUntil and after()', async () => {
    const r = await get('/api/echo/introspect?a=1&a=2&b=%20x', { cookie: 'c1=v1; c2=two%20words' })
    expect(r.json()).toEqual({
      pathname: '/api/echo/introspect',
      search: '?a=1&a=2&b=+x',
      basePath: '',
      urlPath: '/api/echo/introspect?a=1&a=2&b=+x',
      cookies: ['c1=v1', 'c2=two words'],
      ip: 'undefined',
      waitUntil: 'function',
      sourcePage: '/proxy',
      after: 'ok',
    })
    // A rejected waitUntil() promise is logged, never sent.
    await waitFor(() => server.output().includes('background failure'))
  })
})

describe('rewrites (P18, P19)', () => {
  it('serves the target route with its params and the original URL, without running the proxy again', async () => {
    const r = await get('/api/alias/77?orig=1')
    expect(r.headers['x-proxy']).toBe('rewrote')
    expect(r.headers['x-middleware-rewrite']).toBe('/internal/items/77?via=alias')
    expect(r.json()).toMatchObject({
      params: { id: '77' },
      urlPath: '/api/alias/77?orig=1',
      pathname: '/api/alias/77',
      seen: { 'x-proxy-saw': null, 'x-proxy': 'rewrote' },
      internal: [],
    })
  })

  it('decodes %2F inside a segment of the target (P18)', async () => {
    const r = await get('/api/deep/x/y%2Fz?k=v')
    expect(r.json()).toEqual({ params: { path: ['x', 'y/z'] } })
  })

  it('answers 405 with Allow and the proxy headers for a target without the method (P19)', async () => {
    const r = await send(port, 'POST', '/api/post-to-get', { body: 'x' })
    expect([r.status, r.headers.allow, r.headers['x-proxy'], r.headers['x-from-config']]).toEqual([
      405,
      'GET, HEAD, OPTIONS',
      'rewrote',
      'cfg',
    ])
  })

  it('answers 404 with the proxy headers for a target with no route (P19)', async () => {
    const r = await get('/api/vanish')
    expect([r.status, r.headers['x-proxy'], r.headers['x-from-config']]).toEqual([404, 'rewrote', 'cfg'])
  })

  it('forwards a rewrite to another origin over HTTP, with the overridden request headers', async () => {
    const upstream: Server = createServer((req, res) => {
      res.writeHead(203, { 'content-type': 'application/json', 'x-upstream': 'yes' })
      res.end(JSON.stringify({ url: req.url, forwardedBy: req.headers['x-forwarded-by'] ?? null }))
    })
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
    try {
      const upstreamPort = (upstream.address() as AddressInfo).port
      const r = await get('/api/external', { 'x-upstream-port': String(upstreamPort) })
      expect([r.status, r.headers['x-upstream'], r.headers['x-proxy']]).toEqual([203, 'yes', 'forwarded'])
      expect(r.json()).toEqual({ url: '/upstream?x=1', forwardedBy: 'proxy' })
    } finally {
      upstream.close()
    }
  })
})

describe('order against next.config and the trailing slash (P20, P21)', () => {
  it('answers a config redirect before the proxy, without proxy or config headers (P20)', async () => {
    const r = await get('/api/old/gone?keep=1')
    expect([r.status, r.headers.location, r.headers['x-proxy'], r.headers['x-from-config'], r.body]).toEqual([
      307,
      '/api/echo/gone?keep=1',
      undefined,
      undefined,
      '/api/echo/gone?keep=1',
    ])
    const permanent = await get('/moved')
    expect([permanent.status, permanent.headers.location, permanent.headers.refresh]).toEqual([
      308,
      '/plain?from=moved',
      '0;url=/plain?from=moved',
    ])
  })

  it('applies beforeFiles rewrites after the proxy, which sees the original path (P20)', async () => {
    const r = await get('/api/before/x?k=1')
    expect(r.headers['x-proxy']).toBe('ran')
    expect(r.json()).toMatchObject({
      params: { rest: ['before', 'x'] },
      urlPath: '/api/before/x?k=1',
      seen: { 'x-proxy-saw': '/api/before/x?k=1' },
    })
  })

  it('prefers a static route over afterFiles rewrites, and afterFiles rewrites over dynamic routes (P20)', async () => {
    expect((await get('/dyn/static')).json()).toEqual({ route: '/dyn/static' })
    expect((await get('/dyn/abc')).json()).toMatchObject({ params: { id: 'abc' } })
  })

  it('applies fallback rewrites only when no route matched (P20)', async () => {
    expect((await get('/fallback/a/b')).json()).toEqual({ params: { path: ['a', 'b'] } })
  })

  it('applies config headers to requests the proxy does not cover (P20)', async () => {
    const r = await get('/plain')
    expect([r.headers['x-config-only'], r.headers['x-proxy']]).toEqual(['yes', undefined])
  })

  it('redirects a trailing slash before the proxy runs (P21)', async () => {
    const r = await get('/api/echo/slash/')
    expect([r.status, r.headers.location, r.headers['x-proxy']]).toEqual([308, '/api/echo/slash', undefined])
  })
})
