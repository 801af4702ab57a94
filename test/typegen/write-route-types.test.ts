import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROUTEKIT_DIST_DIR, writeRouteTypes } from '../../src/typegen/write-route-types.ts'
import { ROOT, tempDir, toRouteFile } from './_fixture.ts'

const INCLUDE = '{ "include": ["**/*.ts", ".routekit/types/**/*.ts"] }\n'

function project(tsconfig: string | undefined = INCLUDE): string {
  const dir = tempDir('rk-write-types-')
  if (tsconfig !== undefined) writeFileSync(join(dir, 'tsconfig.json'), tsconfig)
  return dir
}

/** A fake dist with the declarations of `names`, so the test does not depend on the package build. */
function dist(...names: string[]): string {
  const dir = tempDir('rk-dist-')
  for (const name of names) writeFileSync(join(dir, `${name}.d.ts`), 'export {}\n')
  return dir
}

const routes = (dir: string, ...files: string[]) => files.map((f) => toRouteFile(dir, f))

describe('writeRouteTypes', () => {
  it('writes routes.d.ts, validator.ts and the next/* declarations under .routekit/types', () => {
    const dir = project()
    const result = writeRouteTypes({
      projectDir: dir,
      routes: routes(dir, 'app/users/[id]/route.ts'),
      distDir: dist('server', 'headers'),
    })
    const out = join(dir, '.routekit', 'types')
    expect(result.outDir).toBe(out)
    expect(result.files.map((f) => f.slice(out.length + 1)).toSorted()).toEqual([
      'next-headers.d.mts',
      'next-modules.d.cts',
      'next-server.d.mts',
      'next.d.ts',
      'routes.d.ts',
      'validator.ts',
    ])
    expect(result.changed).toEqual(result.files)
    expect(readFileSync(join(out, 'routes.d.ts'), 'utf8')).toContain('"/users/[id]": { "id": string; }')
    expect(result.includeHint).toBeUndefined()
  })

  it('writes nothing when nothing changed, leaving mtimes alone', () => {
    const dir = project()
    const options = { projectDir: dir, routes: routes(dir, 'app/a/route.ts'), distDir: dist('server') }
    const first = writeRouteTypes(options)
    const before = first.files.map((f) => statSync(f).mtimeMs)
    const second = writeRouteTypes(options)
    expect(second.changed).toEqual([])
    expect(second.files.map((f) => statSync(f).mtimeMs)).toEqual(before)
  })

  it('rewrites only the files a new route changes', () => {
    const dir = project()
    const distDir = dist('server')
    writeRouteTypes({ projectDir: dir, routes: routes(dir, 'app/a/route.ts'), distDir })
    const result = writeRouteTypes({
      projectDir: dir,
      routes: routes(dir, 'app/a/route.ts', 'app/b/[id]/route.ts'),
      distDir,
    })
    expect(result.changed.map((f) => f.split('/').pop())).toEqual(['routes.d.ts', 'validator.ts'])
  })

  it('rewrites a generated file someone edited', () => {
    const dir = project()
    const options = { projectDir: dir, routes: routes(dir, 'app/a/route.ts'), distDir: dist('server') }
    const path = writeRouteTypes(options).files[0]!
    writeFileSync(path, '// edited\n')
    expect(writeRouteTypes(options).changed).toEqual([path])
    expect(readFileSync(path, 'utf8')).toContain('type AppRouteHandlerRoutes')
  })

  it('removes the declaration of a next/* module the dist no longer ships', () => {
    const dir = project()
    const full = dist('server', 'cache')
    writeRouteTypes({ projectDir: dir, routes: [], distDir: full })
    const stale = join(dir, '.routekit', 'types', 'next-cache.d.mts')
    expect(existsSync(stale)).toBe(true)
    const result = writeRouteTypes({ projectDir: dir, routes: [], distDir: dist('server') })
    expect(existsSync(stale)).toBe(false)
    expect(result.changed).toContain(stale)
  })

  it('honours a custom outDir, in the paths it writes and in the include hint', () => {
    const dir = project('{ "include": ["**/*.ts"] }')
    const result = writeRouteTypes({
      projectDir: dir,
      routes: routes(dir, 'app/route.ts'),
      outDir: 'types-out',
      distDir: dist(),
    })
    expect(result.outDir).toBe(join(dir, 'types-out'))
    expect(readFileSync(join(dir, 'types-out', 'validator.ts'), 'utf8')).toContain(
      'import("../app/route.js")',
    )
    // `**/*.ts` reaches a folder without a leading dot.
    expect(result.includeHint).toBeUndefined()
  })

  it('returns the include hint while tsconfig.json lacks the line', () => {
    const dir = project('{ "compilerOptions": { "strict": true }, "include": ["app"] }')
    const result = writeRouteTypes({ projectDir: dir, routes: [], distDir: dist() })
    expect(result.includeHint).toBe(
      'Add ".routekit/types/**/*.ts" to "include" in tsconfig.json so tsc checks route params and handler signatures.',
    )
  })

  it('points next/* at this checkout’s dist/ by default, never at src/', () => {
    expect(ROUTEKIT_DIST_DIR).toBe(join(ROOT, 'dist') + sep)
  })

  it('reports its duration', () => {
    const dir = project()
    const result = writeRouteTypes({ projectDir: dir, routes: [], distDir: dist() })
    expect(result.durationMs).toBeGreaterThan(0)
    expect(result.durationMs).toBeLessThan(5_000)
  })
})
