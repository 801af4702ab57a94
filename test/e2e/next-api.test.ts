// next/server, next/headers, next/navigation and next.config over real HTTP (issue "Drop-in Next.js API").
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ROOT, runCli, send, startServer, waitFor, type RunningServer } from '../_helpers/server.ts'

const app = join(ROOT, 'test', 'fixtures', 'next-api-app')
let server: RunningServer

beforeAll(async () => {
  const build = runCli(['build', app])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  expect(build.stdout + build.stderr).toContain('images only affects pages')
  server = await startServer(app)
})
afterAll(() => server?.stop())

describe('a project without next installed', () => {
  it('typechecks its next/* imports against the generated declarations', () => {
    const tsc = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app],
      {
        encoding: 'utf8',
      },
    )
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.status).toBe(0)
  })
})

describe('next.config basePath and trailingSlash (R16, R43)', () => {
  it('serves routes under the basePath and strips it from the URL the handler sees', async () => {
    const r = await send(server.port, 'GET', '/base/info/', { headers: { host: 'example.test' } })
    expect(r.json()).toEqual({ url: 'http://example.test/info/', pathname: '/info/', basePath: '' })
  })
  it('answers paths outside the basePath with 404', async () => {
    expect((await send(server.port, 'GET', '/info/')).status).toBe(404)
  })
  it('redirects to the trailing-slash form', async () => {
    const r = await send(server.port, 'GET', '/base/info?x=1')
    expect(r.status).toBe(308)
    expect(r.headers.location).toBe('/base/info/?x=1')
  })
})

describe('next/headers', () => {
  it('reads the request headers, live and read-only (R46)', async () => {
    const r = await send(server.port, 'GET', '/base/headers/', { headers: { 'x-token': 't1' } })
    expect(r.json()).toEqual({
      token: 't1',
      added: 'yes',
      error:
        'Headers cannot be modified. Read more: https://nextjs.org/docs/app/api-reference/functions/headers',
    })
  })
  it('attaches cookies() to a redirect thrown by permanentRedirect (R55, R65)', async () => {
    const r = await send(server.port, 'GET', '/base/cookie-redirect/')
    expect(r.status).toBe(308)
    expect(r.headers.location).toBe('/info')
    expect(r.headers['set-cookie']).toEqual(['flash=moved; Path=/'])
  })
})

describe('next/server', () => {
  it('runs after() callbacks once the response is sent, inside the request scope', async () => {
    const r = await send(server.port, 'POST', '/base/after/', { headers: { 'x-id': 'req-1' } })
    expect(r.body).toBe('sent')
    let log: string[] = []
    for (let i = 0; i < 50 && !log.includes('after ran for req-1'); i++) {
      log = (await send(server.port, 'GET', '/base/after/state/')).json() as string[]
      await new Promise((done) => setTimeout(done, 20))
    }
    expect(log).toEqual(['handler returned', 'after ran for req-1'])
    await waitFor(() => server.output().includes('after failure is only logged'))
    expect(server.output()).toContain('after() callback failed in app/after/route.ts')
  })
  it('parses the user agent', async () => {
    const ua =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'
    const r = await send(server.port, 'GET', '/base/ua/', { headers: { 'user-agent': ua } })
    expect(r.json()).toEqual({ browser: 'Chrome', os: 'Linux', isBot: false })
    const bot = await send(server.port, 'GET', '/base/ua/', { headers: { 'user-agent': 'Googlebot/2.1' } })
    expect((bot.json() as { isBot: boolean }).isBot).toBe(true)
  })
  it('lets connection() resolve in a request', async () => {
    expect((await send(server.port, 'GET', '/base/connection/')).body).toBe('dynamic')
  })
})

describe('route segment config', () => {
  it("gives a static edge route its params as a Promise of {} (R32), where Node's get undefined", async () => {
    const r = await send(server.port, 'GET', '/base/edge/')
    expect(r.json()).toEqual({ isPromise: true, params: {} })
  })
})

describe('next/navigation with experimental.authInterrupts (R66)', () => {
  it('answers forbidden() with an empty 403', async () => {
    const r = await send(server.port, 'GET', '/base/forbidden/')
    expect([r.status, r.body]).toEqual([403, ''])
  })
  it('answers unauthorized() with an empty 401', async () => {
    const r = await send(server.port, 'GET', '/base/unauthorized/')
    expect([r.status, r.body]).toEqual([401, ''])
  })
})
