// A proxy under basePath + trailingSlash (spec proxy.md P8, P21), against test/fixtures/proxy-basepath-app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { ROOT, runCli, send, startServer, type RunningServer } from '../_helpers/server.ts'

const app = join(ROOT, 'test', 'fixtures', 'proxy-basepath-app')
let server: RunningServer

beforeAll(async () => {
  const build = runCli(['build', app])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  server = await startServer(app)
})
afterAll(() => server?.stop())

describe('a proxy under basePath and trailingSlash', () => {
  it('matches without the basePath and sees the canonical path; the handler URL lacks the basePath (P8)', async () => {
    const r = await send(server.port, 'GET', '/base/api/x/a/')
    expect(r.json()).toEqual({
      params: { rest: ['a'] },
      url: '/api/x/a/',
      saw: '/base /api/x/a/ /base/api/x/a/',
    })
  })

  it('does not run for the path without the basePath, which is a 404 (P8)', async () => {
    const r = await send(server.port, 'GET', '/api/x/a/')
    expect(r.status).toBe(404)
  })

  it('redirects to the trailing slash before the proxy runs (P21)', async () => {
    const r = await send(server.port, 'GET', '/base/api/x/a')
    expect([r.status, r.headers.location]).toEqual([308, '/base/api/x/a/'])
  })

  it('keeps the basePath in a redirect built from nextUrl.clone() (P15)', async () => {
    const r = await send(server.port, 'GET', '/base/api/x/go/')
    expect([r.status, r.headers.location]).toEqual([307, '/base/api/x/landed/'])
  })

  it('routes a rewrite built from nextUrl inside the basePath (P18)', async () => {
    const r = await send(server.port, 'GET', '/base/api/x/alias/')
    expect(r.json()).toEqual({ internal: { id: '7' }, url: '/api/x/alias/' })
    expect(r.headers['x-middleware-rewrite']).toBe('/base/internal/7/')
  })
})
