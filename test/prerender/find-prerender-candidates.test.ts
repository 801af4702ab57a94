// Which routes the build runs at all, from their exports (C2, C11, R71, R96).
import { describe, expect, it } from 'vitest'
import type { ManifestRoute } from '../../src/compiler/manifest.ts'
import { defaultConfig } from '../../src/config/resolved-config.ts'
import { findPrerenderCandidates } from '../../src/prerender/find-prerender-candidates.ts'

function route(pattern: string, exports: string[]): ManifestRoute {
  const segments = pattern
    .split('/')
    .filter(Boolean)
    .map((part) =>
      part.startsWith('[')
        ? { kind: 'dynamic' as const, name: part.slice(1, -1) }
        : { kind: 'static' as const, value: part },
    )
  const methods = exports.filter((name) => /^[A-Z]+$/.test(name)) as ManifestRoute['methods']
  return { pattern, segments, file: `app${pattern}/route.ts`, module: '', methods, exports }
}

function classify(routes: ManifestRoute[], cacheComponents: boolean) {
  const { candidates, renderings } = findPrerenderCandidates({
    routes,
    config: { ...defaultConfig(), cacheComponents },
  })
  return { candidates: candidates.map((r) => r.pattern), dynamic: Object.keys(renderings) }
}

describe('findPrerenderCandidates', () => {
  it('runs every GET-only static route under Cache Components (R96)', () => {
    expect(classify([route('/a', ['GET']), route('/b', ['GET', 'HEAD'])], true).candidates).toEqual([
      '/a',
      '/b',
    ])
  })

  it('keeps a GET next to POST, PUT, DELETE, PATCH or OPTIONS dynamic (C2)', () => {
    const routes = ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].map((m) => route(`/${m}`, ['GET', m]))
    expect(classify(routes, true)).toEqual({ candidates: [], dynamic: routes.map((r) => r.pattern) })
  })

  it('runs a dynamic route only with generateStaticParams (C4)', () => {
    const routes = [route('/x/[id]', ['GET']), route('/y/[id]', ['GET', 'generateStaticParams'])]
    expect(classify(routes, true)).toEqual({ candidates: ['/y/[id]'], dynamic: ['/x/[id]'] })
  })

  it('runs nothing by default without Cache Components, except opt-ins and metadata routes (C11, R71)', () => {
    const routes = [
      route('/plain', ['GET']),
      route('/static', ['GET', 'dynamic']),
      route('/timed', ['GET', 'revalidate']),
      route('/robots.txt', ['GET']),
      route('/hello.json', ['GET']),
    ]
    expect(classify(routes, false)).toEqual({
      candidates: ['/static', '/timed', '/robots.txt'],
      dynamic: ['/plain', '/hello.json'],
    })
  })

  it('says why a route without a GET is dynamic', () => {
    const { renderings } = findPrerenderCandidates({
      routes: [route('/p', ['POST'])],
      config: defaultConfig(),
    })
    expect(renderings['/p']).toEqual({ rendering: 'dynamic', reason: 'it exports no GET' })
  })
})
