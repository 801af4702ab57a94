// ISR answers of a prerendered route (C8, C9, C35–C38, R74, deviation d) against a fake clock.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { revalidatePath, revalidateTag } from '../../src/cache.ts'
import { enableRequestStore } from '../../src/runtime/request-store.ts'
import { toLoadedRoute } from '../../src/runtime/route-handlers.ts'
import { createRouteCache } from '../../src/prerender/create-route-cache.ts'
import type { PrerenderedRoute } from '../../src/prerender/prerender-manifest.ts'
import { tagStates } from '../../src/prerender/_tag-states.ts'
import { freshCache, settle, type FakeClock } from '../cache/_cache-test-kit.ts'

enableRequestStore()
let clock: FakeClock
let renders: number
beforeEach(() => {
  clock = freshCache()
  // Tag states are per process; each test starts the clock over.
  tagStates.clear()
  renders = 0
})

const logger = {
  info: vi.fn<(message: string) => void>(),
  warn: vi.fn<(message: string) => void>(),
  error: vi.fn<(message: string, error?: unknown) => void>(),
}

function routeCache(
  revalidate: number | false,
  expire: number,
  options: { fail?: boolean; tags?: string[] } = {},
) {
  const route = toLoadedRoute('/p', 'app/p/route.ts', {
    GET: () => {
      if (options.fail) throw new Error('render failed')
      return new Response(`render ${++renders}`, { headers: { 'x-own': 'kept' } })
    },
  })
  const record: PrerenderedRoute = {
    rendering: 'static',
    mode: 'cache-components',
    dynamicParams: true,
    revalidate: false,
    expire,
    entries: [
      {
        path: '/p',
        body: 'app/p.body',
        status: 200,
        headers: { 'content-type': 'text/plain;charset=UTF-8', 'x-own': 'kept' },
        revalidate,
        expire,
        tags: [...(options.tags ?? []), '_N_T_/layout', '_N_T_/p/layout', '_N_T_/p/route', '_N_T_/p'],
        builtAt: clock.now,
      },
    ],
  }
  return createRouteCache(route, record, new Map([['/p', new TextEncoder().encode('built')]]), logger)
}

async function get(cache: ReturnType<typeof routeCache>, path = '/p') {
  const response = await cache.answer(path, undefined)
  return {
    state: response.headers.get('x-nextjs-cache'),
    cc: response.headers.get('cache-control'),
    body: await response.text(),
    own: response.headers.get('x-own'),
  }
}

describe('a prerendered route', () => {
  it("answers HIT with the build body and Next's cache-control (C8)", async () => {
    expect(await get(routeCache(3600, 86400))).toEqual({
      state: 'HIT',
      cc: 's-maxage=3600, stale-while-revalidate=82800',
      body: 'built',
      own: 'kept',
    })
  })

  it('serves the old body once as STALE past revalidate, then HIT with the regenerated one (C9)', async () => {
    const cache = routeCache(3, 300)
    clock.advance(4)
    expect(await get(cache)).toMatchObject({ state: 'STALE', body: 'built' })
    await settle()
    expect(await get(cache)).toMatchObject({ state: 'HIT', body: 'render 1' })
    expect(renders).toBe(1)
  })

  it('regenerates once however many requests arrive while it runs', async () => {
    const cache = routeCache(3, 300)
    clock.advance(4)
    await Promise.all([get(cache), get(cache), get(cache)])
    await settle()
    expect(renders).toBe(1)
  })

  it('renders past expire before answering, as MISS', async () => {
    const cache = routeCache(3, 300)
    clock.advance(301)
    expect(await get(cache)).toMatchObject({ state: 'MISS', body: 'render 1' })
  })

  it('never revalidates by time when revalidate is false (C6)', async () => {
    const cache = routeCache(false, 0xfffffffe)
    clock.advance(10 * 365 * 86400)
    expect(await get(cache)).toMatchObject({ state: 'HIT', cc: 's-maxage=31536000', body: 'built' })
  })

  it("answers STALE once after revalidateTag(tag, 'max'), then HIT with the new body (C35)", async () => {
    const cache = routeCache(false, 0xfffffffe, { tags: ['things'] })
    clock.advance(1)
    revalidateTag('things', 'max')
    clock.advance(1)
    expect(await get(cache)).toMatchObject({ state: 'STALE', body: 'built' })
    await settle()
    expect(await get(cache)).toMatchObject({ state: 'HIT', body: 'render 1' })
  })

  it('answers MISS with a fresh body after revalidateTag(tag, { expire: 0 }) (C35)', async () => {
    const cache = routeCache(false, 0xfffffffe, { tags: ['things'] })
    clock.advance(1)
    revalidateTag('things', { expire: 0 })
    clock.advance(1)
    expect(await get(cache)).toMatchObject({ state: 'MISS', body: 'render 1' })
    expect(await get(cache)).toMatchObject({ state: 'HIT', body: 'render 1' })
  })

  it('answers MISS after revalidatePath of its URL, and leaves it alone for another URL (C38)', async () => {
    const cache = routeCache(false, 0xfffffffe)
    clock.advance(1)
    revalidatePath('/other')
    expect(await get(cache)).toMatchObject({ state: 'HIT', body: 'built' })
    revalidatePath('/p')
    clock.advance(1)
    expect(await get(cache)).toMatchObject({ state: 'MISS', body: 'render 1' })
  })

  it('renders a URL it does not hold on its first request, then holds it (R74)', async () => {
    const cache = routeCache(false, 0xfffffffe)
    expect(await get(cache, '/p2')).toMatchObject({
      state: 'MISS',
      cc: 's-maxage=31536000',
      body: 'render 1',
    })
    expect(await get(cache, '/p2')).toMatchObject({ state: 'HIT', body: 'render 1' })
  })

  it('keeps the old body when a background regeneration fails, and logs it', async () => {
    const cache = routeCache(3, 300, { fail: true })
    clock.advance(4)
    expect(await get(cache)).toMatchObject({ state: 'STALE', body: 'built' })
    await settle()
    expect(await get(cache)).toMatchObject({ state: 'STALE', body: 'built' })
    expect(logger.error).toHaveBeenCalled()
  })

  it('does not store a failed blocking render (deviation d)', async () => {
    const cache = routeCache(false, 0xfffffffe, { fail: true })
    await expect(cache.answer('/new', undefined)).rejects.toThrow('render failed')
    await expect(cache.answer('/new', undefined)).rejects.toThrow('render failed')
  })
})
