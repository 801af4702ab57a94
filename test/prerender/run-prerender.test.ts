// The prerender passes in-process (C3, C4, C5, C6, R72, R76): what makes one URL static, dynamic, or an error.
import { beforeEach, describe, expect, it } from 'vitest'
import { cacheLife, cacheTag } from '../../src/cache.ts'
import { createCachedFunction } from '../../src/cache/create-cached-function.ts'
import { cookies, headers } from '../../src/runtime/next-headers.ts'
import { connection } from '../../src/runtime/request-apis.ts'
import { enableRequestStore } from '../../src/runtime/request-store.ts'
import type { NextRequest } from '../../src/runtime/next-request.ts'
import type { RouteHandler } from '../../src/runtime/route-handlers.ts'
import { runPrerender, type RunPrerenderOptions } from '../../src/prerender/run-prerender.ts'
import { freshCache } from '../cache/_cache-test-kit.ts'

enableRequestStore()
beforeEach(() => {
  freshCache()
})

const run = (handler: RouteHandler, options: Partial<RunPrerenderOptions> = {}) =>
  runPrerender({
    handler,
    pattern: '/x',
    file: 'app/x/route.ts',
    path: '/x',
    params: undefined,
    mode: 'cache-components',
    revalidate: false,
    ...options,
  })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('Cache Components (C3, C4)', () => {
  it('prerenders a handler that finishes in microtasks, with its body and headers', async () => {
    const outcome = await run(async () => {
      await Promise.resolve()
      return new Response('hi', { headers: { 'x-custom': 'yes' } })
    })
    expect(outcome.kind).toBe('static')
    if (outcome.kind !== 'static') return
    expect(new TextDecoder().decode(outcome.body)).toBe('hi')
    expect(outcome.response.headers.get('x-custom')).toBe('yes')
    expect(outcome.revalidate).toBe(false)
  })

  it('prerenders a stream body that is complete in microtasks', async () => {
    const outcome = await run(() => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('streamed'))
          controller.close()
        },
      })
      return new Response(body)
    })
    expect(outcome.kind).toBe('static')
    expect(outcome.kind === 'static' && new TextDecoder().decode(outcome.body)).toBe('streamed')
  })

  it('makes a handler that waits for a timer dynamic', async () => {
    const outcome = await run(async () => {
      await sleep(0)
      return new Response('late')
    })
    expect(outcome).toMatchObject({
      kind: 'dynamic',
      reason: expect.stringContaining('IO that was not cached'),
    })
  })

  it.each([
    ['request.url', (request: Request) => Response.json({ url: request.url })],
    ['request.headers', (request: Request) => Response.json({ ua: request.headers.get('user-agent') })],
    ['headers()', async () => Response.json([...(await headers()).keys()])],
    ['cookies()', async () => Response.json((await cookies()).getAll())],
    ['connection()', async () => (await connection(), Response.json({}))],
  ] as const)('makes a handler that reads %s dynamic', async (what, handler) => {
    const outcome = await run(handler as RouteHandler)
    expect(outcome).toEqual({ kind: 'dynamic', reason: `it used ${what}` })
  })

  it('lets nextUrl.pathname through but not nextUrl.searchParams', async () => {
    const path = await run((request) => new Response((request as NextRequest).nextUrl.pathname))
    expect(path.kind).toBe('static')
    const query = await run((request) => Response.json([...(request as NextRequest).nextUrl.searchParams]))
    expect(query).toEqual({ kind: 'dynamic', reason: 'it used request.nextUrl.searchParams' })
  })

  it('keeps a handler dynamic when it catches the request-data error', async () => {
    const outcome = await run((request) => {
      try {
        return new Response(request.url)
      } catch {
        return new Response('caught')
      }
    })
    expect(outcome.kind).toBe('dynamic')
  })

  it('waits for a slow "use cache" fill, then prerenders with its lifetime and tags (C6)', async () => {
    const slow = createCachedFunction('default', 'lib/a.ts#slow', async () => {
      cacheLife('hours')
      cacheTag('things')
      await sleep(30)
      return { value: 1 }
    })
    const outcome = await run(async () => Response.json(await slow()))
    expect(outcome).toMatchObject({ kind: 'static', revalidate: 3600, expire: 86400, tags: ['things'] })
  })

  it('waits for fills started one after the other', async () => {
    const one = createCachedFunction('default', 'lib/a.ts#one', async () => (await sleep(10), 1))
    const two = createCachedFunction('default', 'lib/a.ts#two', async (n: number) => (await sleep(10), n + 1))
    const outcome = await run(async () => Response.json(await two(await one())))
    expect(outcome.kind).toBe('static')
  })

  it('takes the shortest lifetime of the entries it read (C6)', async () => {
    const hours = createCachedFunction('default', 'lib/a.ts#hours', async () => (cacheLife('hours'), 1))
    const minutes = createCachedFunction('default', 'lib/a.ts#minutes', async () => (cacheLife('minutes'), 2))
    const outcome = await run(async () => Response.json([await hours(), await minutes()]))
    expect(outcome).toMatchObject({ kind: 'static', revalidate: 60, expire: 3600 })
  })

  it.each([
    ['stale < 30', { stale: 29, revalidate: 3600, expire: 86400 }, 'dynamic'],
    ['expire < 300', { stale: 300, revalidate: 60, expire: 299 }, 'dynamic'],
    ['revalidate 0', { stale: 300, revalidate: 0, expire: 86400 }, 'dynamic'],
    ['the boundary', { stale: 30, revalidate: 3, expire: 300 }, 'static'],
  ] as const)('treats an entry with %s as %s (C5)', async (_name, profile, kind) => {
    const fn = createCachedFunction('default', `lib/a.ts#p${profile.stale}-${profile.expire}`, async () => {
      cacheLife(profile)
      return 1
    })
    expect((await run(async () => Response.json(await fn()))).kind).toBe(kind)
  })

  it('reports what the handler threw', async () => {
    const outcome = await run(() => {
      throw new Error('boom')
    })
    expect(outcome).toMatchObject({ kind: 'error', error: new Error('boom') })
  })

  it('reports a handler that returns no Response', async () => {
    const outcome = await run(() => ({ not: 'a response' }))
    expect(outcome).toMatchObject({
      kind: 'error',
      error: expect.objectContaining({
        message: expect.stringContaining("No response is returned from route handler 'app/x/route.ts'"),
      }),
    })
  })
})

describe('the previous model (C12, C13, R72, R76)', () => {
  it('gives a force-static handler the sanitised build request (R72)', async () => {
    const outcome = await run(
      async (request) =>
        Response.json({
          url: request.url,
          ua: request.headers.get('user-agent'),
          n: [...(await headers()).keys()].length,
        }),
      { mode: 'force-static', path: '/x' },
    )
    expect(outcome.kind).toBe('static')
    if (outcome.kind !== 'static') return
    expect(JSON.parse(new TextDecoder().decode(outcome.body))).toEqual({
      url: 'http://localhost:3000/x',
      ua: null,
      n: 0,
    })
  })

  it('waits for timers and keeps the segment revalidate (C13)', async () => {
    const outcome = await run(async () => (await sleep(20), new Response('ok')), {
      mode: 'auto',
      revalidate: 4,
    })
    expect(outcome).toMatchObject({ kind: 'static', revalidate: 4 })
  })

  it('makes an auto-mode handler that calls headers() dynamic (C13)', async () => {
    const outcome = await run(async () => Response.json([...(await headers()).keys()]), {
      mode: 'auto',
      revalidate: 4,
    })
    expect(outcome).toEqual({ kind: 'dynamic', reason: 'it used headers()' })
  })

  it("turns request data into an error under dynamic = 'error' (R76)", async () => {
    const outcome = await run((request) => new Response(request.url), { mode: 'error' })
    expect(outcome).toMatchObject({
      kind: 'error',
      error: expect.objectContaining({
        message: expect.stringContaining(
          'with `dynamic = "error"` couldn\'t be rendered statically because it used `request.url`',
        ),
      }),
    })
  })
})
