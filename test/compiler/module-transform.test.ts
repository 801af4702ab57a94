import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/compiler/build-app.ts'
import type { ModuleTransform } from '../../src/compiler/module-transform.ts'
import { importBuilt, makeProject, toRouteFile } from './_project.ts'

type RouteModule = Record<string, () => Response>

async function buildWith(files: Record<string, string>, route: string, transforms: ModuleTransform[]) {
  const projectDir = makeProject(files)
  await buildApp({ projectDir, appDir: 'app', routes: [toRouteFile(projectDir, route)], transforms })
  return importBuilt<RouteModule>(join(projectDir, '.routekit/server', route.replace(/\.ts$/, '.mjs')))
}

/** A map for code that got `count` lines prepended: every original column maps to itself, `count` lines down. */
function shiftedMap(code: string, id: string, count: number): object {
  const lines = code.split('\n').map((line) =>
    // VLQ: `AAAA` = column 0 of the next original line (`AACA` after the first), `CAAC` = one column further.
    line.length === 0 ? '' : ['', ...Array.from({ length: line.length - 1 }, () => 'CAAC')].join(','),
  )
  const mappings = lines
    .map((segments, index) => (index === 0 ? 'AAAA' : 'AACA') + (segments === '' ? '' : segments))
    .join(';')
  return {
    version: 3,
    sources: [id],
    sourcesContent: [code],
    names: [],
    mappings: ';'.repeat(count) + mappings,
  }
}

// vitest installs its own Error.prepareStackTrace, which turns off Node's source-map rewriting; a server has none.
function withNodeStackTraces<T>(run: () => T): T {
  const vitest = Error.prepareStackTrace
  Reflect.deleteProperty(Error, 'prepareStackTrace')
  try {
    return run()
  } finally {
    Error.prepareStackTrace = vitest
  }
}

describe('ModuleTransform', () => {
  it('rewrites local modules before TypeScript is stripped, never node_modules or JSON', async () => {
    const seen: string[] = []
    const marker: ModuleTransform = {
      name: 'marker',
      filter: (id) => (seen.push(id), true),
      transform: (code) =>
        code.includes('__MARKER__') ? { code: code.replace('__MARKER__', "'rewritten'") } : null,
    }
    const mod = await buildWith(
      {
        'node_modules/pkg/package.json': '{ "name": "pkg", "type": "module", "exports": "./index.js" }',
        'node_modules/pkg/index.js': 'export const fromPkg = "__MARKER__"\n',
        'lib/value.ts': 'export const value: string = __MARKER__\n',
        'lib/data.json': '{ "n": 1 }',
        'app/m/route.ts': [
          "import { value } from '../../lib/value.ts'",
          "import data from '../../lib/data.json'",
          "import { fromPkg } from 'pkg'",
          'export const GET = () => Response.json({ value, n: data.n, fromPkg })',
        ].join('\n'),
      },
      'app/m/route.ts',
      [marker],
    )
    expect(await mod.GET!().json()).toEqual({ value: 'rewritten', n: 1, fromPkg: '__MARKER__' })
    expect(seen.map((id) => id.slice(id.lastIndexOf('/', id.lastIndexOf('/') - 1) + 1)).toSorted()).toEqual([
      'lib/value.ts',
      'm/route.ts',
    ])
  })

  it('composes source maps, so a handler error points at the original .ts line', async () => {
    process.setSourceMapsEnabled(true)
    const prepend: ModuleTransform = {
      name: 'prepend',
      transform: (code, id) => ({
        code: `const a = 1\nconst b = 2\nconst c = 3\nconst d = 4\nconst e = 5\n${code}`,
        map: shiftedMap(code, id, 5),
      }),
    }
    const source = [
      'type Value = { n: number }',
      'const value: Value = { n: 1 }',
      'export function GET(): Response {',
      "  if (value.n === 1) throw new Error('boom from route')",
      '  return new Response()',
      '}',
    ].join('\n')
    const mod = await buildWith({ 'app/boom/route.ts': source }, 'app/boom/route.ts', [prepend])
    const stack = withNodeStackTraces(() => {
      try {
        mod.GET!()
      } catch (e) {
        return (e as Error).stack
      }
      throw new Error('GET did not throw')
    })
    expect(stack).toMatch(/app\/boom\/route\.ts:4:\d+/)
  })

  it('fails the build naming the transform and the file when a transform throws', async () => {
    const projectDir = makeProject({ 'app/t/route.ts': 'export const GET = () => new Response()\n' })
    const failing: ModuleTransform = {
      name: 'strict',
      transform: () => {
        throw new Error('"use cache" needs an async function')
      },
    }
    const build = buildApp({
      projectDir,
      appDir: 'app',
      routes: [toRouteFile(projectDir, 'app/t/route.ts')],
      transforms: [failing],
    })
    await expect(build).rejects.toMatchObject({
      code: 'RK_BUILD_FAILED',
      message: expect.stringContaining(
        'app/t/route.ts: [routekit:strict] "use cache" needs an async function',
      ),
    })
  })
})
