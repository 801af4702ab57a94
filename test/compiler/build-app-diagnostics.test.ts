import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/compiler/build-app.ts'
import type { Manifest } from '../../src/compiler/manifest.ts'
import { RoutekitError } from '../../src/errors.ts'
import { TSCONFIG, makeProject, toRouteFile } from './_project.ts'

function buildProject(files: Record<string, string>, routes: string[]) {
  const projectDir = makeProject({ 'tsconfig.json': TSCONFIG, ...files })
  const run = () =>
    buildApp({ projectDir, appDir: 'app', routes: routes.map((f) => toRouteFile(projectDir, f)) })
  return { projectDir, run }
}

async function buildError(files: Record<string, string>, routes: string[]): Promise<RoutekitError> {
  const error: unknown = await buildProject(files, routes)
    .run()
    .then(
      () => undefined,
      (e: unknown) => e,
    )
  expect(error).toBeInstanceOf(RoutekitError)
  return error as RoutekitError
}

describe('buildApp diagnostics', () => {
  it('warns about lower-case methods and default exports the way next dev logs them', async () => {
    const { run } = buildProject(
      {
        'app/lower/route.ts': 'export function get() {}\nexport function POST() { return new Response() }\n',
        'app/only-lower/route.ts': 'const h = () => {}\nexport { h as get, h as delete }\n',
        'app/default-export/route.ts': 'export default function handler() {}\n',
        'app/none/route.ts': 'export const dynamic = "force-static"\n',
      },
      ['app/lower/route.ts', 'app/only-lower/route.ts', 'app/default-export/route.ts', 'app/none/route.ts'],
    )
    const { warnings, manifest } = await run()
    expect(warnings).toEqual([
      "Detected lowercase method 'get' in 'app/lower/route.ts'. Export the uppercase 'GET' method name to fix this error.",
      "Detected lowercase method 'get' in 'app/only-lower/route.ts'. Export the uppercase 'GET' method name to fix this error.",
      "Detected lowercase method 'delete' in 'app/only-lower/route.ts'. Export the uppercase 'DELETE' method name to fix this error.",
      "No HTTP methods exported in 'app/only-lower/route.ts'. Export a named export for each HTTP method.",
      "Detected default export in 'app/default-export/route.ts'. Export a named export for each HTTP method instead.",
      "No HTTP methods exported in 'app/default-export/route.ts'. Export a named export for each HTTP method.",
      "No HTTP methods exported in 'app/none/route.ts'. Export a named export for each HTTP method.",
    ])
    // R24, R25: ignored for dispatch, still listed as exports (except `default`, which is not a named export).
    expect(manifest.routes.map((r) => [r.methods, r.exports])).toEqual([
      [['POST'], ['POST', 'get']],
      [[], ['delete', 'get']],
      [[], []],
      [[], ['dynamic']],
    ])
  })

  it('warns that an `export *` from a package hides its method names from the build', async () => {
    const { run } = buildProject(
      {
        'node_modules/handlers/package.json':
          '{ "name": "handlers", "type": "module", "exports": "./index.js" }',
        'node_modules/handlers/index.js': 'export const GET = () => new Response()\n',
        'app/star/route.ts': "export * from 'handlers'\n",
      },
      ['app/star/route.ts'],
    )
    const { warnings } = await run()
    expect(warnings).toEqual([
      "'app/star/route.ts' re-exports everything from 'handlers' (export *), whose names are unknown at build " +
        "time. Export each method by name instead: export { GET, POST } from 'handlers'.",
      "No HTTP methods exported in 'app/star/route.ts'. Export a named export for each HTTP method.",
    ])
  })

  it('reports a syntax error as RK_BUILD_FAILED with file:line:col and a code frame, without a stack', async () => {
    const source = "export function GET() {\n  return new Response(\n    'x' +\n  )\n}\n"
    const error = await buildError({ 'app/broken/route.ts': source }, ['app/broken/route.ts'])
    expect(error.code).toBe('RK_BUILD_FAILED')
    expect(error.message).toContain('app/broken/route.ts:4:3: Unexpected token')
    expect(error.message).toContain("3:     'x' +")
    expect(error.message).not.toMatch(/\n\s+at /)
  })

  it('reports every unresolved relative import at once', async () => {
    const error = await buildError(
      {
        'app/a/route.ts': "import { x } from './missing'\nexport const GET = () => new Response(x)\n",
        'app/b/route.ts':
          "\nimport { y } from '../../lib/gone.js'\nexport const GET = () => new Response(y)\n",
      },
      ['app/a/route.ts', 'app/b/route.ts'],
    )
    expect(error.code).toBe('RK_BUILD_FAILED')
    expect(error.message).toContain("app/a/route.ts:1:19: Could not resolve './missing'")
    expect(error.message).toContain("app/b/route.ts:2:19: Could not resolve '../../lib/gone.js'")
  })

  it('reports an unresolved path alias as a build error, not as a package to load at run time', async () => {
    const error = await buildError(
      { 'app/b/route.ts': "import { y } from '@/lib/nope'\nexport const GET = () => new Response(y)\n" },
      ['app/b/route.ts'],
    )
    expect(error.code).toBe('RK_BUILD_FAILED')
    expect(error.message).toContain("app/b/route.ts:1:19: Could not resolve '@/lib/nope'")
  })

  it('reports a missing named export with the hint to use `import type`', async () => {
    const error = await buildError(
      {
        'app/c/helper.ts': 'export const yes = 1\n',
        'app/c/route.ts': "import { nope } from './helper'\nexport const GET = nope\n",
      },
      ['app/c/route.ts'],
    )
    expect(error.message).toContain('app/c/route.ts:1:10: "nope" is not exported by "app/c/helper.ts".')
    expect(error.message).toContain('Note: If you meant to import a type')
  })

  it('keeps an unresolvable package external and warns once', async () => {
    const route = "import { z } from 'not-installed'\nexport const GET = () => new Response(z)\n"
    const { projectDir, run } = buildProject({ 'app/a/route.ts': route, 'app/b/route.ts': route }, [
      'app/a/route.ts',
      'app/b/route.ts',
    ])
    const { warnings } = await run()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /^Could not resolve the package 'not-installed' \(imported by app\/[ab]\/route\.ts\)/,
    )
    expect(readFileSync(join(projectDir, '.routekit/server/app/a/route.mjs'), 'utf8')).toContain(
      'from "not-installed"',
    )
  })

  it('replaces server/ and the manifest but keeps other files in the output directory', async () => {
    const { projectDir, run } = buildProject(
      {
        '.routekit/types/routes.d.ts': 'export {}\n',
        '.routekit/server/app/gone/route.mjs': 'export {}\n',
        'app/x/route.ts': 'export const GET = () => new Response()\n',
      },
      ['app/x/route.ts'],
    )
    const { manifest } = await run()
    expect(existsSync(join(projectDir, '.routekit/types/routes.d.ts'))).toBe(true)
    expect(existsSync(join(projectDir, '.routekit/server/app/gone/route.mjs'))).toBe(false)
    const written = JSON.parse(readFileSync(join(projectDir, '.routekit/manifest.json'), 'utf8')) as Manifest
    expect(written).toEqual(manifest)
    expect((await run()).manifest.buildId).not.toBe(manifest.buildId)
  })

  it('leaves the last good build on disk when a rebuild fails', async () => {
    const { projectDir, run } = buildProject(
      { 'app/x/route.ts': 'export const GET = () => new Response()\n' },
      ['app/x/route.ts'],
    )
    const { manifest } = await run()
    writeFileSync(join(projectDir, 'app/x/route.ts'), 'export const GET = (\n')
    await expect(run()).rejects.toMatchObject({ code: 'RK_BUILD_FAILED' })
    const onDisk = JSON.parse(readFileSync(join(projectDir, '.routekit/manifest.json'), 'utf8')) as Manifest
    expect(onDisk.buildId).toBe(manifest.buildId)
    expect(existsSync(join(projectDir, '.routekit/server/app/x/route.mjs'))).toBe(true)
  })
})
