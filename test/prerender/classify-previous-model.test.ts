// Build-time classification without Cache Components (C2, C11–C13, R71–R76).
import { beforeAll, describe, expect, it } from 'vitest'
import { buildFixture, type BuiltFixture } from './_build-fixture.ts'

let app: BuiltFixture
beforeAll(() => {
  app = buildFixture('prerender-legacy')
}, 60_000)

describe('prerender-legacy (no cacheComponents)', () => {
  it.each([
    ['/force-static', "dynamic = 'force-static' (R72)", false],
    ['/revalidate', 'revalidate = 2 (C13)', 2],
    ['/error-mode', "dynamic = 'error' without request data (R76)", false],
    ['/robots.txt', 'a metadata route (R71)', false],
  ] as const)('prerenders %s: %s', (pattern, _rule, revalidate) => {
    expect(app.prerender.renderings[pattern]).toMatchObject({ rendering: 'static', revalidate })
  })

  it.each([
    ['/default', 'a constant GET with no config (C11)', 'dynamic by default'],
    ['/force-dynamic', "dynamic = 'force-dynamic' (R76)", 'force-dynamic'],
    ['/revalidate-headers', 'revalidate = 4 with headers() (C13)', 'headers()'],
    ['/post-and-get', 'force-static next to a POST (C2)', 'cannot be statically generated'],
  ] as const)('keeps %s dynamic: %s', (pattern, _rule, reason) => {
    expect(app.prerender.renderings[pattern]).toEqual({
      rendering: 'dynamic',
      reason: expect.stringContaining(reason),
    })
  })

  it('prerenders the generateStaticParams entries, catch-alls encoded once (R74)', () => {
    expect(app.prerender.renderings['/catalog/[sku]']).toMatchObject({
      rendering: 'ssg',
      paths: [{ path: '/catalog/alpha' }, { path: '/catalog/beta' }],
    })
    expect(app.prerender.renderings['/docs/[...path]']).toMatchObject({
      rendering: 'ssg',
      paths: [{ path: '/docs/a/b' }, { path: '/docs/caf%C3%A9' }],
    })
    expect(app.prerender.routes['/closed/[id]']).toMatchObject({ rendering: 'ssg', dynamicParams: false })
  })
})
