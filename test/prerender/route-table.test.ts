// The build's route table with Next's symbols, lifetimes and legend (C0.2).
import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import { formatRouteTable } from '../../src/cli/_format.ts'
import type { ManifestRoute } from '../../src/compiler/manifest.ts'
import type { RouteRendering } from '../../src/prerender/prerender-manifest.ts'

function route(pattern: string): ManifestRoute {
  const segments = pattern
    .split('/')
    .filter(Boolean)
    .map((part) =>
      part.startsWith('[')
        ? { kind: 'dynamic' as const, name: part.slice(1, -1) }
        : { kind: 'static' as const, value: part },
    )
  return { pattern, segments, file: `app${pattern}/route.ts`, module: '', methods: ['GET'], exports: ['GET'] }
}

const table = (routes: ManifestRoute[], renderings: Record<string, RouteRendering>) =>
  stripVTControlCharacters(formatRouteTable(routes, null, renderings)).split('\n')

describe('formatRouteTable with renderings', () => {
  it('draws ○ and ƒ routes as a tree with Revalidate and Expire columns', () => {
    const lines = table([route('/a'), route('/b'), route('/c')], {
      '/a': { rendering: 'static', revalidate: false, expire: 0xfffffffe },
      '/b': { rendering: 'static', revalidate: 900, expire: 0xfffffffe },
      '/c': { rendering: 'dynamic', reason: 'it used headers()' },
    })
    expect(lines[0]).toMatch(/^ {2}Route\s+Revalidate {2}Expire {2}Methods {2}File$/)
    expect(lines[1]).toMatch(/^┌ ○ \/a\s+GET\s+app\/a\/route\.ts$/)
    expect(lines[2]).toMatch(/^├ ○ \/b\s+15m\s+1y\s+GET\s+app\/b\/route\.ts$/)
    expect(lines[3]).toMatch(/^└ ƒ \/c\s+GET/)
  })

  it('lists generateStaticParams URLs under their pattern, and counts those past three', () => {
    const paths = ['a', 'b', 'c', 'd', 'e'].map((slug) => ({
      path: `/i/${slug}`,
      revalidate: 60 as const,
      expire: 3600,
    }))
    const lines = table([route('/i/[slug]'), route('/z')], {
      '/i/[slug]': { rendering: 'ssg', paths },
      '/z': { rendering: 'dynamic', reason: '' },
    })
    expect(lines.slice(1, 7).map((line) => line.replace(/\s+$/, ''))).toEqual([
      expect.stringMatching(/^┌ {3}\/i\/\[slug\]\s+GET/),
      expect.stringMatching(/^│ ├ ● \/i\/a\s+1m\s+1h$/),
      expect.stringMatching(/^│ ├ ● \/i\/b\s+1m\s+1h$/),
      expect.stringMatching(/^│ ├ ● \/i\/c\s+1m\s+1h$/),
      '│ └ [+2 more paths]',
      expect.stringMatching(/^└ ƒ \/z/),
    ])
  })

  it('lists only the symbols it used in the legend', () => {
    const lines = table([route('/a')], { '/a': { rendering: 'dynamic', reason: '' } })
    expect(lines.filter((line) => line.includes('(Static)') || line.includes('(SSG)'))).toEqual([])
    expect(lines.at(-1)).toBe('ƒ  (Dynamic)  server-rendered on demand')
  })

  it('keeps the plain table without renderings', () => {
    const lines = stripVTControlCharacters(formatRouteTable([route('/a')])).split('\n')
    expect(lines[1]).toMatch(/^ {2}\/a\s+GET\s+app\/a\/route\.ts$/)
  })
})
