// Prerendered GETs under Cache Components over HTTP (C4, C8, C9, C35, C38, R73, C2 errata).
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTree } from '../_helpers/make-tree.ts'
import { ROOT, runCli, send, startServer, type RunningServer } from '../_helpers/server.ts'

let server: RunningServer
const get = (path: string) => send(server.port, 'GET', path)
const post = (path: string) => send(server.port, 'POST', path)
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** GETs `path` until its body differs from `body` (a background regeneration landed), within 2 s. */
async function nextBody(path: string, body: string) {
  let r = await get(path)
  for (let i = 0; i < 40 && r.body === body; i++) r = (await pause(50), await get(path))
  return r
}

beforeAll(async () => {
  const dir = makeTree({})
  cpSync(join(ROOT, 'test', 'fixtures', 'prerender-rules'), dir, { recursive: true })
  const build = runCli(['build', dir])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  server = await startServer(dir)
}, 60_000)
afterAll(() => server?.stop())

describe('serving prerendered GETs (C8)', () => {
  it.each([
    ['/static/json', 's-maxage=31536000'],
    ['/static/force-cache', 's-maxage=31536000'],
    ['/static/fetch-revalidate', 's-maxage=5, stale-while-revalidate=31535995'],
    ['/cache/default', 's-maxage=900, stale-while-revalidate=31535100'],
    ['/cache/minutes', 's-maxage=60, stale-while-revalidate=3540'],
    ['/cache/hours', 's-maxage=3600, stale-while-revalidate=82800'],
    ['/cache/max', 's-maxage=2592000, stale-while-revalidate=28944000'],
    ['/items/a', 's-maxage=60, stale-while-revalidate=3540'],
  ])('serves %s as HIT with cache-control %s', async (path, cacheControl) => {
    const r = await get(path)
    expect(r.status).toBe(200)
    expect(r.headers['x-nextjs-cache']).toBe('HIT')
    expect(r.headers['cache-control']).toBe(cacheControl)
  })

  it('replays the handler status and headers, and the same body for any query string', async () => {
    const r = await get('/static/custom-header')
    expect(r.headers['x-custom']).toBe('yes')
    expect(r.headers['content-type']).toBe('text/plain;charset=UTF-8')
    expect(r.body).toBe('text')
    const cached = await get('/cache/hours')
    expect((await get('/cache/hours?fresh=1')).body).toBe(cached.body)
  })

  it('answers HEAD itself, without calling the HEAD export (C2 errata)', async () => {
    const r = await send(server.port, 'HEAD', '/static/head-and-get')
    expect(r.status).toBe(200)
    expect(r.headers['x-nextjs-cache']).toBe('HIT')
    expect(r.headers['x-head']).toBeUndefined()
  })

  it('answers OPTIONS with the static layer 405 (R73)', async () => {
    const r = await send(server.port, 'OPTIONS', '/cache/hours')
    expect([r.status, r.headers.allow, r.body]).toEqual([405, 'GET, HEAD', 'Method Not Allowed'])
  })

  it('renders an unlisted generateStaticParams entry once: MISS, then HIT (C4, C9)', async () => {
    const miss = await get('/items/z')
    expect(miss.headers['x-nextjs-cache']).toBe('MISS')
    expect(miss.json()).toMatchObject({ slug: 'z' })
    const hit = await get('/items/z')
    expect(hit.headers['x-nextjs-cache']).toBe('HIT')
    expect(hit.body).toBe(miss.body)
  })

  it('serves dynamic routes live, without cache headers', async () => {
    const a = await get('/dynamic/random')
    const b = await get('/dynamic/random')
    expect(a.headers['x-nextjs-cache']).toBeUndefined()
    expect(a.headers['cache-control']).toBeUndefined()
    expect(a.body).not.toBe(b.body)
  })
})

describe('revalidation (C9, C35, C38)', () => {
  it('regenerates past revalidate, counted from the build: STALE once, then HIT with a new body', async () => {
    // st30 revalidates every 3 s; the build is already that old or will be.
    await pause(3100)
    const stale = await get('/cache/st30')
    expect(stale.headers['x-nextjs-cache']).toBe('STALE')
    const fresh = await nextBody('/cache/st30', stale.body)
    expect(fresh.headers['x-nextjs-cache']).toBe('HIT')
    expect(fresh.headers['cache-control']).toBe('s-maxage=3, stale-while-revalidate=297')
  }, 10_000)

  it("serves STALE once after revalidateTag('things', 'max'), then the new body as HIT", async () => {
    const before = await get('/cache/hours')
    await post('/revalidate?tag=things')
    const stale = await get('/cache/hours')
    expect(stale.headers['x-nextjs-cache']).toBe('STALE')
    expect(stale.body).toBe(before.body)
    const fresh = await nextBody('/cache/hours', before.body)
    expect(fresh.headers['x-nextjs-cache']).toBe('HIT')
  })

  it('answers MISS with a fresh body after revalidatePath, and leaves other routes alone', async () => {
    const before = await get('/cache/max')
    const other = await get('/cache/minutes')
    await post('/revalidate?path=/cache/max')
    const after = await get('/cache/max')
    expect(after.headers['x-nextjs-cache']).toBe('MISS')
    expect(after.body).not.toBe(before.body)
    expect((await get('/cache/minutes')).body).toBe(other.body)
  })
})
