// The seed endpoints of examples/basic over real HTTP against `routekit start` (issue "Core", Must show).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { ROOT, runCli, send, startServer, type RunningServer } from '../_helpers/server.ts'

const app = join(ROOT, 'examples', 'basic')
let server: RunningServer

beforeAll(async () => {
  const build = runCli(['build', app])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  server = await startServer(app)
})
afterAll(() => server?.stop())

describe('examples/basic', () => {
  it('answers GET /api/hello with the JSON greeting', async () => {
    const r = await send(server.port, 'GET', '/api/hello')
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('application/json')
    expect(r.body).toBe('{"message":"Hello!"}')
  })

  it('answers an unsupported method with 405 and Allow in Next order', async () => {
    const r = await send(server.port, 'DELETE', '/api/hello')
    expect(r.status).toBe(405)
    expect(r.headers.allow).toBe('GET, HEAD, OPTIONS')
    expect(r.body).toBe('')
  })

  it('reads the query through nextUrl', async () => {
    const r = await send(server.port, 'GET', '/api/search?q=abc')
    expect(r.json()).toEqual({ query: 'abc' })
  })

  it('echoes a POSTed JSON body with 201', async () => {
    const body = JSON.stringify({ term: 'abc', page: 2 })
    const r = await send(server.port, 'POST', '/api/search', {
      body,
      headers: { 'content-type': 'application/json' },
    })
    expect(r.status).toBe(201)
    expect(r.json()).toEqual({ received: { term: 'abc', page: 2 } })
  })

  it('passes dynamic params as a Promise', async () => {
    const r = await send(server.port, 'GET', '/users/123')
    expect(r.json()).toEqual({ id: '123' })
  })

  it('answers unknown paths with a small JSON 404', async () => {
    const r = await send(server.port, 'GET', '/nope')
    expect(r.status).toBe(404)
    expect(r.headers['content-type']).toBe('application/json')
    expect(r.json()).toEqual({ error: 'Not Found' })
  })

  it('redirects a trailing slash with 308, keeping the query', async () => {
    const r = await send(server.port, 'GET', '/api/search/?q=x')
    expect(r.status).toBe(308)
    expect(r.headers.location).toBe('/api/search?q=x')
  })
})
