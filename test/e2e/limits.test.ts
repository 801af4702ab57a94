// Every limit from routekit.config.ts over real HTTP: 413, 431, 414, 408, keep-alive (docs/deploy.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { join } from 'node:path'
import { ROOT, runCli, send, startServer, type RunningServer } from '../_helpers/server.ts'
import { head, sendRaw } from '../_helpers/raw-http.ts'

// The fixture's routekit.config.ts: bodyLimit 1kb, maxHeaderSize 4kb, maxUrlLength 1024,
// headersTimeout 400ms, requestTimeout 800ms, keepAliveTimeout 1s.
const app = join(ROOT, 'test', 'fixtures', 'hardening-limits')
let server: RunningServer

beforeAll(async () => {
  const build = runCli(['build', app])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  server = await startServer(app)
})
afterAll(() => server?.stop())

interface Upload {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  /** The response ended normally (false: the server cut the connection mid-body). */
  complete: boolean
}

/** Sends `chunks` as a chunked body (or with Content-Length when `length` is set), one write each. */
function upload(
  method: string,
  path: string,
  chunks: readonly Buffer[],
  { expectContinue = false, length = undefined as number | undefined } = {},
): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {}
    if (length !== undefined) headers['content-length'] = length
    if (expectContinue) headers.expect = '100-continue'
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers, agent: false })
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('latin1')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, complete: true }))
      res.on('aborted', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body, complete: false }),
      )
      res.on('error', () => resolve({ status: res.statusCode!, headers: res.headers, body, complete: false }))
    })
    // The server may close while the client still writes an oversized body; the response decides.
    req.on('error', (error) => setTimeout(() => reject(error), 500))
    const write = (): void => {
      for (const chunk of chunks) req.write(chunk)
      req.end()
    }
    if (expectContinue) req.on('continue', write)
    else write()
  })
}

const bytes = (n: number): Buffer => Buffer.alloc(n, 'a')

describe('bodyLimit (413)', () => {
  it('answers a declared Content-Length over the limit with 413 before the handler runs', async () => {
    const r = await send(server.port, 'POST', '/echo', { body: bytes(2048) })
    expect(r.status).toBe(413)
    expect(r.json()).toEqual({ error: 'Payload Too Large' })
    expect(r.headers.connection).toBe('close')
  })

  it('accepts a body of exactly the limit, declared or chunked', async () => {
    expect((await send(server.port, 'POST', '/echo', { body: bytes(1024) })).json()).toEqual({ length: 1024 })
    const chunked = await upload('POST', '/echo', [bytes(512), bytes(512)])
    expect(JSON.parse(chunked.body)).toEqual({ length: 1024 })
  })

  it('answers Expect: 100-continue with 413 instead of 100 when the declared body is too large', async () => {
    const r = await sendRaw(
      server.port,
      head('POST', '/echo', ['Content-Length: 5000', 'Expect: 100-continue'], false),
    )
    expect(r.status).toBe(413)
    expect(r.text).not.toContain('100 Continue')
    expect(r.closed).toBe(true)
  })

  it('sends 100 Continue and serves a body within the limit', async () => {
    const r = await upload('POST', '/echo', [bytes(100)], { expectContinue: true, length: 100 })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toEqual({ length: 100 })
  })

  it('stops a chunked body read with text() once it crosses the limit', async () => {
    const r = await upload('POST', '/echo', [bytes(700), bytes(700)])
    expect(r.status).toBe(413)
    expect(r.body).toContain('RK_BODY_TOO_LARGE')
    expect(r.headers.connection).toBe('close')
  })

  it('stops a chunked body read through request.body once it crosses the limit', async () => {
    const r = await upload('PUT', '/echo', [bytes(700), bytes(700)])
    expect(r.status).toBe(413)
    expect(r.headers.connection).toBe('close')
  })

  it('reads a request.body stream within the limit to its end', async () => {
    const r = await upload('PUT', '/echo', [bytes(300), bytes(300), bytes(300)])
    expect(JSON.parse(r.body)).toEqual({ length: 900 })
  })

  it('lets a handler catch the limit error that request.body raises', async () => {
    const r = await upload('PATCH', '/echo', [bytes(700), bytes(700)])
    expect(r.status).toBe(413)
    expect(JSON.parse(r.body)).toEqual({ caught: '[RK_BODY_TOO_LARGE] ' })
  })

  it('cuts a streamed echo whose body crosses the limit after the response started', async () => {
    // The 200 is already out when the limit is crossed, so the only honest signal is a cut connection.
    const r = await sendRaw(
      server.port,
      head('POST', '/stream-echo', ['Transfer-Encoding: chunked'], false),
      {
        more: [
          [50, `200\r\n${'a'.repeat(512)}\r\n`],
          [300, `400\r\n${'a'.repeat(1024)}\r\n`],
          [50, '0\r\n\r\n'],
        ],
      },
    )
    expect(r.status).toBe(200)
    expect(r.closed).toBe(true)
    expect(r.text).not.toMatch(/\r\n0\r\n\r\n$/)
    expect((await send(server.port, 'GET', '/hello')).status).toBe(200)
  })
})

describe('maxHeaderSize (431) and maxUrlLength (414)', () => {
  it('answers a head over maxHeaderSize with 431 and closes the connection', async () => {
    const r = await sendRaw(server.port, head('GET', '/hello', [`X-Big: ${'b'.repeat(5000)}`]))
    expect(r.text).toBe('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n')
    expect(r.closed).toBe(true)
  })

  it('answers a URL over maxUrlLength with 414', async () => {
    const r = await send(server.port, 'GET', `/hello?q=${'u'.repeat(1100)}`)
    expect(r.status).toBe(414)
    expect(r.json()).toEqual({ error: 'URI Too Long' })
  })

  it('answers a URL longer than the whole head limit with 414, not 431', async () => {
    const r = await sendRaw(server.port, head('GET', `/hello?q=${'u'.repeat(6000)}`))
    expect(r.status).toBe(414)
    expect(r.closed).toBe(true)
  })

  it('serves a URL of exactly maxUrlLength', async () => {
    const path = '/hello?q='
    const r = await send(server.port, 'GET', path + 'u'.repeat(1024 - path.length))
    expect(r.status).toBe(200)
  })

  it('answers 431 on a keep-alive connection after an earlier response', async () => {
    const first = head('GET', '/hello', [], false)
    const r = await sendRaw(server.port, first, {
      more: [[100, head('GET', '/hello', [`X-Big: ${'b'.repeat(5000)}`])]],
    })
    expect(r.text).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*HTTP\/1\.1 431 Request Header Fields Too Large\r\n/)
  })
})

describe('timeouts (408) and keep-alive', () => {
  it('answers a head that does not arrive within headersTimeout with 408', async () => {
    const r = await sendRaw(server.port, 'GET /hello HTTP/1.1\r\nHost: x\r\n')
    expect(r.text).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n')
    expect(r.closed).toBe(true)
  })

  it('answers a body that does not arrive within requestTimeout with 408', async () => {
    const r = await sendRaw(
      server.port,
      head('POST', '/slow-body', ['Content-Length: 100'], false) + 'only-part',
    )
    expect(r.status).toBe(408)
    expect(r.closed).toBe(true)
    expect((await send(server.port, 'GET', '/hello')).status).toBe(200)
    // The handler's read fails as the socket closes; that is the client's doing, not a handler fault.
    expect(server.output()).not.toContain('failed in app/slow-body/route.ts')
  })

  it('keeps an idle connection open for another request, then closes it after keepAliveTimeout', async () => {
    const get = head('GET', '/hello', [], false)
    const r = await sendRaw(server.port, get, { more: [[300, get]] })
    const responses = r.text.match(/HTTP\/1\.1 200 OK/g) ?? []
    expect(responses).toHaveLength(2)
    expect(r.text).toContain('Keep-Alive: timeout=1')
    expect(r.closed).toBe(true)
  })
})
