// Which routes a failed dev build breaks (src/dev/find-broken-routes.ts).
import { describe, expect, it } from 'vitest'
import { findBrokenRoutes, findNamedFiles } from '../../src/dev/find-broken-routes.ts'

const projectDir = '/p'
const route = (pattern: string, file: string) => ({ pattern, file, segments: [] })
const routes = [
  route('/a', 'app/a/route.ts'),
  route('/b', 'app/b/route.ts'),
  route('/users/[id]', 'app/users/[id]/route.ts'),
]
const graph = new Map([
  ['app/a/route.ts', ['/p/app/a/route.ts', '/p/lib/db.ts']],
  ['app/b/route.ts', ['/p/app/b/route.ts', '/p/lib/db.ts', '/p/app/lib/db.ts']],
  ['app/users/[id]/route.ts', ['/p/app/users/[id]/route.ts']],
])
const find = (message: string, changed: string[] = []) =>
  findBrokenRoutes({ projectDir, message, routes, graph, changed: new Set(changed) })?.map(
    (r) => r.pattern,
  ) ?? null

describe('findBrokenRoutes', () => {
  it('picks the route whose own file the error names', () => {
    expect(find('app/users/[id]/route.ts:2:1: Expected `}`')).toEqual(['/users/[id]'])
  })

  it('picks every route that imports the module the error names', () => {
    expect(find('lib/db.ts:4:9: Unexpected token')).toEqual(['/a', '/b'])
  })

  it('does not take a path for the end of a longer one', () => {
    expect(find('app/lib/db.ts:1:1: Unexpected token')).toEqual(['/b'])
  })

  it('falls back to the routes that depend on a file changed since the last good build', () => {
    expect(find('lib/new.ts:1:1: Unexpected token', ['/p/app/a/route.ts'])).toEqual(['/a'])
  })

  it('returns null when the error belongs to no route', () => {
    expect(find('next.config.mjs: Unexpected end of input')).toBeNull()
  })
})

describe('findNamedFiles', () => {
  it('reads the files of file:line:col locations, brackets and groups included', () => {
    const message = 'app/(shop)/[id]/route.ts:3:1: bad\n\nlib/db.ts:10:2: worse\n  1: const x = {'
    expect(findNamedFiles(projectDir, message)).toEqual(['/p/app/(shop)/[id]/route.ts', '/p/lib/db.ts'])
  })
})
