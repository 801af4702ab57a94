// Build-time classification under Cache Components: one fixture route per rule of C2, C4, C5 and C28.
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../_helpers/server.ts'
import { buildFixture, type BuiltFixture } from './_build-fixture.ts'

let app: BuiltFixture
beforeAll(() => {
  app = buildFixture('prerender-rules')
}, 60_000)

const STATIC = [
  ['/static/json', 'a constant Response.json', false, undefined],
  ['/static/custom-header', 'a sync Response with a custom header', false, undefined],
  ['/static/unused-request', 'a request parameter that is never read', false, undefined],
  ['/static/microtasks', 'microtasks only', false, undefined],
  ['/static/read-file-sync', 'readFileSync', false, undefined],
  ['/static/force-cache', "fetch with cache: 'force-cache'", false, undefined],
  ['/static/fetch-revalidate', 'fetch with next.revalidate 5', 5, 0xfffffffe],
  ['/static/head-and-get', 'a HEAD export next to the GET (C2 errata)', false, undefined],
  ['/cache/default', '"use cache" with the default profile', 900, 0xfffffffe],
  ['/cache/minutes', "cacheLife('minutes')", 60, 3600],
  ['/cache/hours', "cacheLife('hours') with cacheTag", 3600, 86400],
  ['/cache/max', "cacheLife('max')", 2592000, 31536000],
  ['/cache/st30', 'a profile at the C5 boundary {30, 3, 300}', 3, 300],
  ['/cache/nested', 'an outer hours entry around a short inner one (C28)', 3600, 86400],
] as const

const DYNAMIC = [
  ['/dynamic/read-file', 'await readFile', 'IO that was not cached'],
  ['/dynamic/timeout-0', 'setTimeout 0', 'IO that was not cached'],
  ['/dynamic/timeout-50', 'setTimeout 50', 'IO that was not cached'],
  ['/dynamic/random', 'Math.random()', 'Math.random()'],
  ['/dynamic/date-now', 'Date.now()', 'Date.now()'],
  ['/dynamic/new-date', 'new Date()', 'new Date()'],
  ['/dynamic/random-uuid', 'crypto.randomUUID()', 'crypto.randomUUID()'],
  ['/dynamic/request-url', 'request.url', 'request.url'],
  ['/dynamic/caught-request-url', 'a caught request.url error', 'request.url'],
  ['/dynamic/request-header', 'request.headers.get()', 'request.headers'],
  ['/dynamic/headers', 'headers()', 'headers()'],
  ['/dynamic/cookies', 'cookies()', 'cookies()'],
  ['/dynamic/connection', 'connection()', 'connection()'],
  ['/dynamic/fetch', 'fetch with no cache option', 'without caching it'],
  ['/dynamic/post-and-get', 'a POST export next to the GET (C2)', 'cannot be statically generated'],
  ['/dynamic/cache-after-connection', '"use cache" after connection()', 'connection()'],
  ['/dynamic/[slug]', 'a dynamic segment without generateStaticParams', 'no generateStaticParams'],
  ['/revalidate', 'no GET at all', 'exports no GET'],
  ['/cache/seconds', "cacheLife('seconds') (expire 60)", 'too short-lived'],
  ['/cache/blink', 'a custom {1, 4, 10} profile', 'too short-lived'],
  ['/cache/inline-short', 'an inline {2, 3, 600} profile (stale < 30)', 'too short-lived'],
  ['/cache/st29', 'stale 29 (C5)', 'too short-lived'],
  ['/cache/exp299', 'expire 299 (C5)', 'too short-lived'],
  ['/cache/rev0', 'revalidate 0 (C5)', 'too short-lived'],
] as const

describe('prerender-rules (cacheComponents: true)', () => {
  it.each(STATIC)('prerenders %s: %s', (pattern, _rule, revalidate, expire) => {
    const expected =
      expire === undefined ? { rendering: 'static', revalidate } : { rendering: 'static', revalidate, expire }
    expect(app.prerender.renderings[pattern]).toMatchObject(expected)
  })

  it.each(DYNAMIC)('keeps %s dynamic: %s', (pattern, _rule, reason) => {
    expect(app.prerender.renderings[pattern]).toEqual({
      rendering: 'dynamic',
      reason: expect.stringContaining(reason),
    })
  })

  it('prerenders each generateStaticParams entry as ● (C49)', () => {
    expect(app.prerender.renderings['/items/[slug]']).toEqual({
      rendering: 'ssg',
      paths: [
        { path: '/items/a', revalidate: 60, expire: 3600 },
        { path: '/items/b', revalidate: 60, expire: 3600 },
      ],
    })
  })

  it('classifies every route of the app', () => {
    expect(Object.keys(app.prerender.renderings)).toHaveLength(STATIC.length + DYNAMIC.length + 1)
  })

  it('prints the table with symbols, lifetimes and the legend (C0.2)', () => {
    expect(app.build.stdout).toMatch(/├ ○ \/cache\/hours\s+1h\s+1d\s+GET/)
    expect(app.build.stdout).toMatch(/│ ├ ● \/items\/a\s+1m\s+1h/)
    expect(app.build.stdout).toMatch(/├ ƒ \/dynamic\/headers\s+GET/)
    expect(app.build.stdout).toContain('○  (Static)   prerendered as static content')
    expect(app.build.stdout).toContain('ƒ  (Dynamic)  server-rendered on demand')
    expect(app.build.stdout).toMatch(/✓ 39 routes compiled \(15 prerendered\) in/)
  })

  it('gives routes --json the same classification, without a .routekit of its own', () => {
    const listed = runCli(['routes', app.dir, '--json'])
    expect(listed.status, listed.stderr).toBe(0)
    const rows = JSON.parse(listed.stdout) as { pattern: string; rendering: string }[]
    expect(Object.fromEntries(rows.map((row) => [row.pattern, row.rendering]))).toEqual(
      Object.fromEntries(
        Object.entries(app.prerender.renderings).map(([pattern, r]) => [pattern, r.rendering]),
      ),
    )
  })
})
