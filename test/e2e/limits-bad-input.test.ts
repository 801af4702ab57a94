// Bad input is the client's error: a 4xx, never a 500 and never a crash (issue "Production hardening" 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { join } from 'node:path'
import { ROOT, runCli, send, startServer, type RunningServer } from '../_helpers/server.ts'
import { head, sendRaw } from '../_helpers/raw-http.ts'

const app = join(ROOT, 'test', 'fixtures', 'hardening-input')
let server: RunningServer

beforeAll(async () => {
  const build = runCli(['build', app])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  server = await startServer(app)
})
afterAll(() => server?.stop())

const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'

describe('malformed requests Node rejects before Routekit sees them', () => {
  it.each([
    ['an invalid method token', 'G@T / HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a lower-case method', 'get /hello HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a CR inside a header value', 'GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n'],
    ['a LF inside a header value', 'GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\nSet-Cookie: x=1\r\n\r\n'],
    ['a control character in the target', 'GET /hel\x01lo HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a raw non-ASCII byte in the target', 'GET /caf\xe9 HTTP/1.1\r\nHost: x\r\n\r\n'],
    [
      'two Content-Length headers',
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
    ],
    [
      'Content-Length with Transfer-Encoding',
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
  ])('answers %s with 400 and closes the connection', async (_what, raw) => {
    const r = await sendRaw(server.port, Buffer.from(raw, 'latin1'))
    expect(r.text).toBe(BAD_REQUEST)
    expect(r.closed).toBe(true)
  })
})

describe('malformed input Routekit sees', () => {
  it('answers a well-formed but unknown method with 400 (R26)', async () => {
    expect((await send(server.port, 'PROPFIND', '/hello')).status).toBe(400)
  })

  it('answers a malformed escape in a dynamic segment with 400', async () => {
    expect((await send(server.port, 'GET', '/items/%ZZ')).status).toBe(400)
    expect((await send(server.port, 'GET', '/items/%E0%A4%A')).status).toBe(400)
  })

  it('answers a malformed escape in a catch-all with 400', async () => {
    expect((await send(server.port, 'GET', '/files/a/%FF/b')).status).toBe(400)
  })

  it('answers a target that is neither a path nor a URL with 400', async () => {
    const r = await sendRaw(server.port, head('OPTIONS', '*'))
    expect(r.status).toBe(400)
  })

  it('keeps a malformed escape in the query or a cookie as raw text', async () => {
    const r = await send(server.port, 'GET', '/items/x?q=%ZZ', { headers: { cookie: 'c=%E0%A4%A' } })
    expect(r.status).toBe(200)
    expect(r.json()).toMatchObject({ id: 'x', q: '%ZZ', cookie: '%E0%A4%A' })
  })

  it('ignores an X-Forwarded-Proto that is not http or https', async () => {
    for (const proto of ['a b', 'http://evil', 'javascript', ',']) {
      const r = await send(server.port, 'GET', '/items/x', {
        headers: { host: 'api.test', 'x-forwarded-proto': proto },
      })
      expect(r.status, proto).toBe(200)
      expect(r.json(), proto).toMatchObject({ url: 'http://api.test/items/x', pathname: '/items/x' })
    }
  })

  it('ignores a Host header that is not a host', async () => {
    const r = await send(server.port, 'GET', '/items/x', { headers: { host: '[::1' } })
    expect(r.status).toBe(200)
    expect(r.json()).toMatchObject({ pathname: '/items/x' })
  })
})

// ---- fuzzing the request line and the headers a handler reads --------------------------------

const SEGMENTS = ['items', 'files', 'hello', 'x', '.', '..', '%2e', '%2E%2e', '%ZZ', '%', '%E0%A4%A', '%00']
const segmentArb = fc.oneof(
  fc.constantFrom(...SEGMENTS),
  fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@%-]{0,6}$/),
)
const targetArb = fc.oneof(
  { weight: 6, arbitrary: fc.array(segmentArb, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`) },
  { weight: 1, arbitrary: fc.constantFrom('*', 'http://h/items/x', 'https://h', 'h/x', '//items//x', '/?') },
)
const queryArb = fc.oneof(fc.constant(''), fc.stringMatching(/^\?[A-Za-z0-9=&%+;.-]{0,10}$/))
const methodArb = fc.constantFrom(
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'PROPFIND',
  'QUERY',
)
const headerArb = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^[ -~]{0,12}$/).map((v) => `Cookie: c=${v}\r\n`),
  fc.stringMatching(/^[ -~]{0,12}$/).map((v) => `X-Forwarded-Proto: ${v}\r\n`),
  fc.stringMatching(/^[ -~]{0,12}$/).map((v) => `Host: ${v}\r\n`),
)

describe('fuzzed requests', () => {
  it('answers every generated request with a status below 500, then still serves', async () => {
    await fc.assert(
      fc.asyncProperty(methodArb, targetArb, queryArb, headerArb, async (method, target, query, header) => {
        const hostLine = header.startsWith('Host:') ? '' : 'Host: 127.0.0.1\r\n'
        const raw = `${method} ${target}${query} HTTP/1.1\r\n${hostLine}${header}Content-Length: 0\r\nConnection: close\r\n\r\n`
        const r = await sendRaw(server.port, Buffer.from(raw, 'latin1'), { timeoutMs: 2_000 })
        expect(r.status, raw).toBeDefined()
        expect(r.status!, raw).toBeLessThan(500)
      }),
      { seed: 20261124, numRuns: 150 },
    )
    expect((await send(server.port, 'GET', '/hello')).status).toBe(200)
    expect(server.output()).not.toContain('RK_HANDLER_THREW')
  })
})
