import { mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { scanAppDir } from '../../src/scanner/scan-app-dir.ts'
import { makeTree, ROUTE } from '../_helpers/make-tree.ts'

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'routing-app')

/** The patterns a tree of route files scans to, in result order. */
function patterns(paths: readonly string[]): string[] {
  return scanAppDir(makeTree(Object.fromEntries(paths.map((p) => [p, ROUTE])))).routes.map((r) => r.pattern)
}

describe('scanAppDir: what it finds', () => {
  test('describes each route file with its relative path, absolute path, pattern and segments', () => {
    const dir = makeTree({ 'app/users/[id]/route.ts': ROUTE })
    const result = scanAppDir(dir)
    expect(result.appDir).toBe('app')
    expect(result.projectDir).toBe(dir)
    expect(result.routes).toEqual([
      {
        file: 'app/users/[id]/route.ts',
        absPath: join(dir, 'app', 'users', '[id]', 'route.ts'),
        pattern: '/users/[id]',
        segments: [
          { kind: 'static', value: 'users' },
          { kind: 'dynamic', name: 'id' },
        ],
      },
    ])
  })

  test('maps app/route.ts to /', () => {
    expect(patterns(['app/route.ts'])).toEqual(['/'])
  })

  test('spells catch-alls as Next does', () => {
    expect(patterns(['app/docs/[...path]/route.ts', 'app/files/[[...parts]]/route.ts'])).toEqual([
      '/docs/[...path]',
      '/files/[[...parts]]',
    ])
  })

  test('removes route groups from the URL (R3)', () => {
    expect(patterns(['app/(shop)/(deep)/cart/route.ts'])).toEqual(['/cart'])
  })

  test('removes parallel-route slots from the URL', () => {
    expect(patterns(['app/feed/@panel/stats/route.ts'])).toEqual(['/feed/stats'])
  })

  test('skips _private subtrees and decodes %5F to _ (R4)', () => {
    expect(patterns(['app/_lib/x/route.ts', 'app/a/_b/route.ts', 'app/%5Fescaped/route.ts'])).toEqual([
      '/_escaped',
    ])
  })

  test('skips node_modules but keeps dot-folders such as .well-known', () => {
    expect(patterns(['app/node_modules/x/route.ts', 'app/.well-known/security.txt/route.ts'])).toEqual([
      '/.well-known/security.txt',
    ])
  })

  test('keeps brackets inside a name and dots as literal text (R8, R9)', () => {
    expect(patterns(['app/dots/[file].txt/route.ts', 'app/robots.txt/route.ts'])).toEqual([
      '/dots/[file].txt',
      '/robots.txt',
    ])
  })

  test('collects route files of every supported extension and nothing else', () => {
    const files = ['ts', 'js', 'mts', 'mjs', 'tsx', 'jsx'].map((ext) => `app/${ext}/route.${ext}`)
    const ignored = [
      'app/a/route.test.ts',
      'app/b/route.d.ts',
      'app/c/handler.ts',
      'app/d/route.cjs',
      'app/e/Route.ts',
    ]
    expect(patterns([...files, ...ignored])).toEqual(['/js', '/jsx', '/mjs', '/mts', '/ts', '/tsx'])
  })

  test('sorts routes by pattern', () => {
    expect(patterns(['app/b/route.ts', 'app/a/[id]/route.ts', 'app/route.ts', 'app/a/route.ts'])).toEqual([
      '/',
      '/a',
      '/a/[id]',
      '/b',
    ])
  })

  test('uses src/app when there is no app/ (R14)', () => {
    const result = scanAppDir(makeTree({ 'src/app/hello/route.ts': ROUTE }))
    expect(result.appDir).toBe('src/app')
    expect(result.routes.map((r) => r.file)).toEqual(['src/app/hello/route.ts'])
  })

  test('follows a symbolic link to a folder', () => {
    const dir = makeTree({ 'shared/api/route.ts': ROUTE, 'app/': '' })
    symlinkSync(join(dir, 'shared'), join(dir, 'app', 'linked'), 'dir')
    // A link back up the tree must not loop.
    symlinkSync(join(dir, 'app'), join(dir, 'shared', 'loop'), 'dir')
    expect(scanAppDir(dir).routes.map((r) => r.file)).toEqual(['app/linked/api/route.ts'])
  })

  test('warns that page files are not served', () => {
    const result = scanAppDir(makeTree({ 'app/api/route.ts': ROUTE, 'app/page.tsx': 'export default 1' }))
    expect(result.warnings).toEqual([expect.stringContaining('app/page.tsx')])
    expect(result.warnings[0]).toContain('route handlers only')
  })

  test('warns when the app directory holds no route file', () => {
    const dir = makeTree({ 'app/': '' })
    mkdirSync(join(dir, 'app', 'empty'))
    expect(scanAppDir(dir).warnings).toEqual([expect.stringContaining('No route files')])
  })

  test('accepts a static, a dynamic and a catch-all segment side by side (R10)', () => {
    expect(patterns(['app/p/static/route.ts', 'app/p/[id]/route.ts', 'app/p/[...rest]/route.ts'])).toEqual([
      '/p/[...rest]',
      '/p/[id]',
      '/p/static',
    ])
  })

  test('accepts one parameter name reused by sibling subtrees', () => {
    expect(patterns(['app/a/[id]/route.ts', 'app/a/[id]/x/route.ts', 'app/b/[slug]/route.ts'])).toHaveLength(
      3,
    )
  })
})

describe('scanAppDir: the routing conformance fixture', () => {
  test('scans the fixture app to the patterns Next.js serves', () => {
    const result = scanAppDir(FIXTURE)
    expect(result.warnings).toEqual([])
    expect(result.routes.map((r) => r.pattern)).toEqual([
      '/_underscore',
      '/about',
      '/api/hello',
      '/api/search',
      '/catalog/[sku]',
      '/data.v1.json',
      '/docs/[...path]',
      '/docs/[version]',
      '/docs/latest',
      '/echo/[value]',
      '/files/[[...parts]]',
      '/methods/all',
      '/methods/custom-options',
      '/methods/default-only',
      '/methods/get-only',
      '/methods/lowercase',
      '/methods/post-only',
      '/methods/with-head',
      '/pricing',
      '/teams/[team]/members/[member]',
      '/users/[id]',
    ])
    expect(result.routes.find((r) => r.pattern === '/pricing')?.file).toBe(
      'app/(marketing)/(nested)/pricing/route.ts',
    )
    expect(result.routes.some((r) => r.file.includes('_internal'))).toBe(false)
  })
})
