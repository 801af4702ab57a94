// Prerendered GETs of the previous model over HTTP (C8, C9, C12, C13, C38, R72–R75, deviation d).
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTree } from '../_helpers/make-tree.ts'
import { ROOT, runCli, send, startServer, type RunningServer } from '../_helpers/server.ts'

let server: RunningServer
let dir: string
const get = (path: string, headers: Record<string, string> = {}) =>
  send(server.port, 'GET', path, { headers })
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

beforeAll(async () => {
  dir = makeTree({})
  cpSync(join(ROOT, 'test', 'fixtures', 'prerender-legacy'), dir, { recursive: true })
  const build = runCli(['build', dir])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  server = await startServer(dir)
}, 60_000)
afterAll(() => server?.stop())

describe('force-static (R72, C12)', () => {
  it('serves the build body as HIT with s-maxage=31536000, whatever the request carries', async () => {
    const first = await get('/force-static?q=1', { 'user-agent': 'tester', cookie: 'a=1' })
    expect(first.status).toBe(200)
    expect(first.headers['x-nextjs-cache']).toBe('HIT')
    expect(first.headers['cache-control']).toBe('s-maxage=31536000')
    expect(first.json()).toMatchObject({
      url: 'http://localhost:3000/force-static',
      search: '',
      ua: null,
      headerCount: 0,
      cookieCount: 0,
    })
    expect((await get('/force-static')).body).toBe(first.body)
  })

  it('answers HEAD from the prerender, without a body', async () => {
    const head = await send(server.port, 'HEAD', '/force-static')
    expect(head.status).toBe(200)
    expect(head.headers['x-nextjs-cache']).toBe('HIT')
    expect(head.body).toBe('')
  })

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
    'answers %s with the static layer 405 (R73)',
    async (method) => {
      const r = await send(server.port, method, '/force-static')
      expect(r.status).toBe(405)
      expect(r.headers.allow).toBe('GET, HEAD')
      expect(r.headers['content-type']).toBeUndefined()
      expect(r.body).toBe('Method Not Allowed')
    },
  )

  it('serves a metadata route as prerendered text (R71)', async () => {
    const r = await get('/robots.txt')
    expect(r.headers['x-nextjs-cache']).toBe('HIT')
    expect(r.headers['content-type']).toBe('text/plain;charset=UTF-8')
    expect(r.body).toContain('User-agent: *')
  })
})

describe('revalidate = 2 (C13, C9)', () => {
  it('goes STALE once past 2 s, regenerates in the background, then serves the new body as HIT', async () => {
    const before = await get('/revalidate')
    expect(before.headers['cache-control']).toBe('s-maxage=2, stale-while-revalidate=31535998')
    await pause(2200)
    const stale = await get('/revalidate')
    expect(stale.headers['x-nextjs-cache']).toBe('STALE')
    // The regeneration runs in the background: poll until it lands (generous bound).
    let fresh = await get('/revalidate')
    for (let i = 0; i < 40 && fresh.body === stale.body; i++)
      fresh = (await pause(50), await get('/revalidate'))
    expect(fresh.headers['x-nextjs-cache']).toBe('HIT')
    expect(fresh.body).not.toBe(stale.body)
  }, 10_000)
})

describe('generateStaticParams (R74, deviation d)', () => {
  it('serves listed params as HIT and renders an unlisted one once, MISS then HIT', async () => {
    expect((await get('/catalog/alpha')).headers['x-nextjs-cache']).toBe('HIT')
    const miss = await get('/catalog/gamma')
    expect(miss.headers['x-nextjs-cache']).toBe('MISS')
    expect(miss.headers['cache-control']).toBe('s-maxage=31536000')
    const hit = await get('/catalog/gamma')
    expect(hit.headers['x-nextjs-cache']).toBe('HIT')
    expect(hit.body).toBe(miss.body)
  })

  it('keeps normal dispatch for other methods and never caches their answer', async () => {
    const post = await send(server.port, 'POST', '/catalog/delta', { body: 'x' })
    expect(post.status).toBe(405)
    expect(post.headers.allow).toBe('GET, HEAD, OPTIONS')
    expect((await send(server.port, 'OPTIONS', '/catalog/alpha')).status).toBe(204)
    expect((await get('/catalog/delta')).json()).toMatchObject({ sku: 'delta' })
  })

  it('serves catch-all entries by their encoded path', async () => {
    expect((await get('/docs/a/b')).headers['x-nextjs-cache']).toBe('HIT')
    const encoded = await get('/docs/caf%C3%A9')
    expect(encoded.headers['x-nextjs-cache']).toBe('HIT')
    expect(encoded.json()).toMatchObject({ path: ['café'] })
  })

  it('answers 404 for an unlisted param under dynamicParams = false, whatever the method', async () => {
    expect((await get('/closed/1')).headers['x-nextjs-cache']).toBe('HIT')
    expect((await get('/closed/2')).status).toBe(404)
    expect((await send(server.port, 'OPTIONS', '/closed/2')).status).toBe(404)
    expect((await send(server.port, 'OPTIONS', '/closed/1')).status).toBe(204)
  })
})

describe('revalidatePath (C38)', () => {
  it('makes the next GET of that path a MISS with a fresh body, and leaves other paths alone', async () => {
    const before = await get('/docs/a/b')
    const other = await get('/catalog/beta')
    await send(server.port, 'POST', '/revalidate-path?path=/docs/a/b')
    const after = await get('/docs/a/b')
    expect(after.headers['x-nextjs-cache']).toBe('MISS')
    expect(after.body).not.toBe(before.body)
    expect((await get('/docs/a/b')).headers['x-nextjs-cache']).toBe('HIT')
    expect((await get('/catalog/beta')).body).toBe(other.body)
  })

  it("reaches every prerendered route with revalidatePath('/', 'layout')", async () => {
    await send(server.port, 'POST', '/revalidate-path?path=/&type=layout')
    expect((await get('/force-static')).headers['x-nextjs-cache']).toBe('MISS')
    expect((await get('/catalog/alpha')).headers['x-nextjs-cache']).toBe('MISS')
  })
})

describe('dynamic routes', () => {
  it('carry no cache headers (C8, C11)', async () => {
    for (const path of ['/default', '/force-dynamic', '/revalidate-headers', '/post-and-get']) {
      const r = await get(path)
      expect(r.status, path).toBe(200)
      expect(r.headers['x-nextjs-cache'], path).toBeUndefined()
      expect(r.headers['cache-control'], path).toBeUndefined()
    }
  })
})

describe('a dev server (C10)', () => {
  it('runs every GET live, even over a build that prerendered it', async () => {
    const dev = await startServer(dir, { args: ['--dev'] })
    try {
      const live = await send(dev.port, 'GET', '/force-static?q=1', { headers: { 'user-agent': 'tester' } })
      expect(live.headers['x-nextjs-cache']).toBeUndefined()
      expect(live.json()).toMatchObject({ ua: 'tester', search: '?q=1' })
      expect((await send(dev.port, 'POST', '/force-static')).status).toBe(405)
    } finally {
      await dev.stop()
    }
  })
})
