// What a client can never get out of `routekit start`: error details, a header it smuggled in, or
// another user's request data through a "use cache" entry (issue "Production hardening" 4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { ROOT, runCli, send, startServer, waitFor, type RunningServer } from '../_helpers/server.ts'
import { head, sendRaw } from '../_helpers/raw-http.ts'

const app = join(ROOT, 'test', 'fixtures', 'hardening-security')
let server: RunningServer

beforeAll(async () => {
  const build = runCli(['build', app])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  // NODE_ENV=development must not switch on dev error bodies: only `routekit dev` does.
  const saved = process.env.NODE_ENV
  process.env.NODE_ENV = 'development'
  try {
    server = await startServer(app)
  } finally {
    process.env.NODE_ENV = saved
  }
})
afterAll(() => server?.stop())

const INJECTED = 'a\r\nSet-Cookie: evil=1'
const query = (params: Record<string, string>): string => new URLSearchParams(params).toString()

describe('error details', () => {
  it.each([
    ['GET', 'a thrown Error', 'secret detail: db password hunter2'],
    ['POST', 'a thrown string', 'hunter2 as a bare string'],
    ['PUT', 'a non-Response', "'app/leak/route.ts'. Expected a Response object but received 'Object'"],
  ])('answers %s (%s) with an empty 500; the detail goes to the log only', async (method, _what, logged) => {
    const r = await sendRaw(server.port, head(method, '/leak', ['Content-Length: 0']))
    expect(r.status).toBe(500)
    expect(r.text).not.toContain('hunter2')
    expect(r.text).not.toMatch(/stack|at GET|route\.ts/)
    expect(r.text).toMatch(/\r\n[Cc]ontent-[Ll]ength: 0\r\n/)
    await waitFor(() => server.output().includes(logged))
  })

  it('sends error details only under routekit dev (the contrast that proves the check above)', async () => {
    const dev = await startServer(app, { args: ['--dev'] })
    try {
      const r = await send(dev.port, 'GET', '/leak')
      expect(r.status).toBe(500)
      expect(r.body).toContain('hunter2')
    } finally {
      await dev.stop()
    }
  })
})

describe('header injection', () => {
  it.each(['object', 'headers', 'set', 'next', 'status-text', 'cookie-path'])(
    'refuses a CR/LF value written through %s with a 500, and sends no smuggled header',
    async (mode) => {
      const r = await sendRaw(server.port, head('GET', `/header?${query({ mode, v: INJECTED })}`))
      expect(r.status).toBe(500)
      expect(r.text.toLowerCase()).not.toContain('set-cookie: evil')
      expect(r.text).not.toContain('x-echo')
    },
  )

  it('encodes a CR/LF cookie value instead of refusing it, as Next does', async () => {
    const r = await send(server.port, 'GET', `/header?${query({ mode: 'cookie-value', v: INJECTED })}`)
    expect(r.status).toBe(200)
    expect(r.headers['set-cookie']).toEqual(['c=a%0D%0ASet-Cookie%3A%20evil%3D1; Path=/'])
  })

  it('turns CR/LF in a NextResponse.redirect target into nothing (the URL parser drops them)', async () => {
    const r = await sendRaw(
      server.port,
      head('GET', `/go?${query({ to: `https://example.test/${INJECTED}` })}`),
    )
    expect(r.status).toBe(307)
    expect(r.text.toLowerCase()).not.toContain('\r\nset-cookie')
    expect(r.text).toMatch(/\r\nlocation: https:\/\/example\.test\/aSet-Cookie:%20evil=1\r\n/i)
  })

  it('refuses CR/LF in a redirect() target with a 500 and no smuggled header', async () => {
    const r = await sendRaw(
      server.port,
      head('POST', `/go?${query({ to: `/x${INJECTED}` })}`, ['Content-Length: 0']),
    )
    expect(r.status).toBe(500)
    expect(r.text.toLowerCase()).not.toContain('set-cookie')
  })

  it('refuses CR/LF in a request header value before any handler runs', async () => {
    const r = await sendRaw(
      server.port,
      'GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\rSet-Cookie: evil=1\r\n\r\n',
    )
    expect(r.text).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
  })

  it('keeps serving after every refused response', async () => {
    expect((await send(server.port, 'GET', '/hello')).json()).toEqual({ hello: 'world' })
  })
})

describe('request data inside "use cache" (C25)', () => {
  const cacheApp = join(ROOT, 'test', 'fixtures', 'hardening-cache')
  let cached: RunningServer

  beforeAll(async () => {
    const build = runCli(['build', cacheApp])
    expect(build.status, build.stderr + build.stdout).toBe(0)
    cached = await startServer(cacheApp)
  })
  afterAll(() => cached?.stop())

  it.each([
    ['/who', 'headers'],
    ['/who-cookies', 'cookies'],
  ])('refuses %s reading %s() in a cached helper: an empty 500, the reason in the log', async (path, api) => {
    const r = await send(cached.port, 'POST', path, {
      headers: { 'user-agent': 'secret-agent', cookie: 'session=secret-session' },
    })
    expect(r.status).toBe(500)
    expect(r.body).toBe('')
    await waitFor(() => cached.output().includes(`\`${api}()\` can't be read inside \`"use cache"\``))
    expect(cached.output()).not.toMatch(/secret-(agent|session)/)
    expect((await send(cached.port, 'POST', '/hello')).json()).toEqual({ hello: 'world' })
  })
})
