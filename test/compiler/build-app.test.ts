import { MANIFEST_VERSION } from '../../src/compiler/manifest.ts'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Manifest } from '../../src/compiler/manifest.ts'
import { buildFixture as build, importBuilt, makeProject } from './_project.ts'

const PACKAGES = {
  'node_modules/esm-pkg/package.json': '{ "name": "esm-pkg", "type": "module", "exports": "./index.js" }',
  'node_modules/esm-pkg/index.js': "export const kind = 'esm'\n",
  'node_modules/cjs-pkg/package.json': '{ "name": "cjs-pkg", "main": "index.js" }',
  'node_modules/cjs-pkg/index.js': "exports.kind = 'cjs'\nexports.add = (a, b) => a + b\n",
}

describe('buildApp', () => {
  it('bundles local TS, path aliases, CJS and JSON while packages and builtins stay external', async () => {
    const { outDir, load } = await build(
      {
        ...PACKAGES,
        'lib/greet.ts': 'export const greet = (name: string): string => `hello ${name}`\n',
        'lib/db.ts': "export const db = { name: 'db' as const }\n",
        'lib/legacy.cjs': 'module.exports = { double: (n) => n * 2 }\n',
        'lib/data.json': '{ "title": "from json" }\n',
        'app/users/[id]/route.ts': [
          "import { greet } from '../../../lib/greet.js'",
          "import { db } from '@/lib/db'",
          "import legacy from '../../../lib/legacy.cjs'",
          "import data from '../../../lib/data.json'",
          "import { kind as esmKind } from 'esm-pkg'",
          "import { add, kind as cjsKind } from 'cjs-pkg'",
          "import { basename } from 'node:path'",
          'export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {',
          '  const { id } = await context.params',
          '  return Response.json({ greeting: greet(id), db: db.name, legacy: legacy.double(21), data: data.title,',
          "    esmKind, cjsKind, sum: add(1, 2), base: basename('/a/b.txt') })",
          '}',
        ].join('\n'),
      },
      ['app/users/[id]/route.ts'],
    )
    const file = join(outDir, 'server/app/users/[id]/route.mjs')
    const code = readFileSync(file, 'utf8')
    expect(code).toContain('from "esm-pkg"')
    expect(code).toContain('from "cjs-pkg"')
    expect(code).toContain('from "node:path"')
    expect(code).not.toContain('exports.kind')
    const { GET } = await load('app/users/[id]/route.ts')
    const response = await GET!(new Request('http://x/users/7'), { params: Promise.resolve({ id: '7' }) })
    expect(await response.json()).toEqual({
      greeting: 'hello 7',
      db: 'db',
      legacy: 42,
      data: 'from json',
      esmKind: 'esm',
      cjsKind: 'cjs',
      sum: 3,
      base: 'b.txt',
    })
  })

  it('mirrors bracket and group folders in the output and shares one instance of common code', async () => {
    const counter =
      "import { state } from '@/lib/state'\nexport function GET() { return new Response(String(++state.hits)) }\n"
    const { outDir, result, load } = await build(
      {
        'lib/state.ts': 'export const state = { hits: 0 }\n',
        'app/(shop)/items/[...slug]/route.ts': counter,
        'app/[[...all]]/route.ts': counter,
        'app/[hash]/route.ts': counter,
      },
      ['app/(shop)/items/[...slug]/route.ts', 'app/[[...all]]/route.ts', 'app/[hash]/route.ts'],
    )
    expect(result.manifest.routes.map((r) => r.module)).toEqual([
      'server/app/(shop)/items/[...slug]/route.mjs',
      'server/app/[[...all]]/route.mjs',
      'server/app/[hash]/route.mjs',
    ])
    for (const route of result.manifest.routes) expect(existsSync(join(outDir, route.module))).toBe(true)
    const code = readFileSync(join(outDir, 'server/app/[hash]/route.mjs'), 'utf8')
    expect(code).toMatch(/from "\.\.\/\.\.\/_chunks\/[\w-]+\.mjs"/)
    const a = await load('app/(shop)/items/[...slug]/route.ts')
    const b = await load('app/[[...all]]/route.ts')
    await a.GET!()
    await a.GET!()
    expect(await (await b.GET!()).text()).toBe('3')
  })

  it('writes a manifest with methods in HTTP_METHODS order and every named export', async () => {
    const source = [
      'const ok = () => new Response("ok")',
      'export { ok as PATCH, ok as GET, ok as POST, ok as HEAD }',
      "export const dynamic = 'force-dynamic'",
      'export const revalidate = 60',
    ].join('\n')
    const { result } = await build({ 'app/api/[[...rest]]/route.ts': source }, [
      'app/api/[[...rest]]/route.ts',
    ])
    const manifest: Manifest = result.manifest
    expect(manifest.version).toBe(MANIFEST_VERSION)
    expect(manifest.appDir).toBe('app')
    expect(manifest.buildId).toMatch(/^[\w-]{8,}$/)
    expect(manifest.routes).toEqual([
      {
        pattern: '/api/[[...rest]]',
        segments: [
          { kind: 'static', value: 'api' },
          { kind: 'optional-catch-all', name: 'rest' },
        ],
        file: 'app/api/[[...rest]]/route.ts',
        module: 'server/app/api/[[...rest]]/route.mjs',
        methods: ['GET', 'HEAD', 'POST', 'PATCH'],
        exports: ['GET', 'HEAD', 'PATCH', 'POST', 'dynamic', 'revalidate'],
        requestScope: false,
      },
    ])
    expect(result.warnings).toEqual([])
    expect(result.durationMs).toBeGreaterThanOrEqual(0)
  })

  it('emits an aliased specifier as its file URL, so routes and server share one instance', async () => {
    const shim = join(
      makeProject({ 'dist/server.mjs': 'export class NextResponse extends Response {}\n' }),
      'dist/server.mjs',
    )
    const route =
      "import { NextResponse } from 'next/server'\nexport const GET = () => new NextResponse('hi')\n"
    const { outDir, load } = await build(
      {
        // A real `next` package in the project must not win over the alias.
        'node_modules/next/package.json': '{ "name": "next", "exports": { "./server": "./server.js" } }',
        'node_modules/next/server.js': 'exports.NextResponse = class Impostor {}\n',
        'app/a/route.ts': route,
        'app/b/route.ts': route,
      },
      ['app/a/route.ts', 'app/b/route.ts'],
      { aliases: { 'next/server': shim } },
    )
    expect(readFileSync(join(outDir, 'server/app/a/route.mjs'), 'utf8')).toContain(
      `from "${pathToFileURL(shim).href}"`,
    )
    const { NextResponse } = await importBuilt<{ NextResponse: typeof Response }>(shim)
    expect((await load('app/a/route.ts')).GET!()).toBeInstanceOf(NextResponse)
    expect((await load('app/b/route.ts')).GET!()).toBeInstanceOf(NextResponse)
  })
})
