// The dev compiler (src/dev/create-dev-compiler.ts): one output per module, imports by versioned URL.
import { describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { OutputChunk } from 'rolldown'
import type { BundledRoutes } from '../../src/compiler/_bundle-routes.ts'
import { createDevCompiler, type DevCompiler } from '../../src/dev/create-dev-compiler.ts'
import { scanAppDir } from '../../src/scanner/scan-app-dir.ts'
import { makeTree } from '../_helpers/make-tree.ts'

const SERVER = '/opt/routekit/dist/server.js'
const usesDb = (name: string): string =>
  `import { getRow } from '../../lib/db'\nexport function GET(): Response {\n  return Response.json({ ${name}: getRow() })\n}\n`

/** Compiles the project's routes (as the dev builder does) and returns the output by file name. */
async function compile(
  compiler: DevCompiler,
  dir: string,
): Promise<BundledRoutes & { code(name: string): string }> {
  const routes = scanAppDir(dir).routes
  const bundled = await compiler.bundle({
    projectDir: dir,
    serverDir: join(dir, '.routekit/dev/server'),
    routes,
    aliases: { 'next/server': SERVER },
    transforms: [],
    mode: 'development',
  })
  const chunks = new Map(
    bundled.output
      .filter((item): item is OutputChunk => item.type === 'chunk')
      .map((c) => [c.fileName, c.code]),
  )
  return { ...bundled, code: (name) => chunks.get(name) ?? `<no ${name}>` }
}

function project(files: Record<string, string> = {}): string {
  return makeTree({
    'app/a/route.ts': usesDb('a'),
    'app/b/route.ts': usesDb('b'),
    'app/c/route.ts': 'export const GET = (): Response => new Response("c")\n',
    'lib/db.ts': 'export function getRow(): number {\n  return 1\n}\n',
    ...files,
  })
}

describe('createDevCompiler', () => {
  it('emits one module per source file, imports of project files by versioned file URL', async () => {
    const dir = project()
    const out = await compile(createDevCompiler(), dir)
    expect(out.code('app/a/route.mjs')).toMatch(
      /from "file:\/\/\/.*\/\.routekit\/dev\/server\/lib\/db\.mjs\?v=[\w-]+"/,
    )
    expect(out.code('lib/db.mjs')).toContain('export function getRow()')
    // Types are stripped and a source map is linked.
    expect(out.code('lib/db.mjs')).not.toContain(': number')
    expect(out.code('lib/db.mjs')).toContain('//# sourceMappingURL=db.mjs.map')
    expect(out.entries.get('app/a/route.ts')).toMatchObject({ fileName: 'app/a/route.mjs', exports: ['GET'] })
  })

  it('changes the saved module and its importers, and nothing else', async () => {
    const dir = project()
    const compiler = createDevCompiler()
    const before = await compile(compiler, dir)
    writeFileSync(join(dir, 'lib/db.ts'), 'export function getRow(): number {\n  return 2\n}\n')
    compiler.invalidate([join(dir, 'lib/db.ts')], { moved: false, all: false })
    const after = await compile(compiler, dir)
    for (const name of ['lib/db.mjs', 'app/a/route.mjs', 'app/b/route.mjs'])
      expect(after.code(name), name).not.toBe(before.code(name))
    expect(after.code('app/c/route.mjs')).toBe(before.code('app/c/route.mjs'))
  })

  it('leaves the modules a saved route imports untouched', async () => {
    const dir = project()
    const compiler = createDevCompiler()
    const before = await compile(compiler, dir)
    writeFileSync(join(dir, 'app/a/route.ts'), usesDb('a2'))
    compiler.invalidate([join(dir, 'app/a/route.ts')], { moved: false, all: false })
    const after = await compile(compiler, dir)
    expect(after.code('app/a/route.mjs')).toContain('a2')
    expect(after.code('lib/db.mjs')).toBe(before.code('lib/db.mjs'))
    expect(after.code('app/b/route.mjs')).toBe(before.code('app/b/route.mjs'))
  })

  it('gives the modules of an import cycle new versions when one of them changes', async () => {
    const dir = project({
      'lib/ping.ts':
        "import { pong } from './pong'\nexport const ping = (): string => 'ping' + pong.length\n",
      'lib/pong.ts':
        "import { ping } from './ping'\nexport const pong = 'pong'\nexport const again = () => ping\n",
      'app/c/route.ts':
        "import { ping } from '../../lib/ping'\nexport const GET = () => new Response(ping())\n",
    })
    const compiler = createDevCompiler()
    const before = await compile(compiler, dir)
    writeFileSync(join(dir, 'lib/pong.ts'), "import { ping } from './ping'\nexport const pong = 'PONG'\n")
    compiler.invalidate([join(dir, 'lib/pong.ts')], { moved: false, all: false })
    const after = await compile(compiler, dir)
    for (const name of ['lib/ping.mjs', 'lib/pong.mjs', 'app/c/route.mjs'])
      expect(after.code(name), name).not.toBe(before.code(name))
    expect(after.code('app/a/route.mjs')).toBe(before.code('app/a/route.mjs'))
  })

  it('reads method names through a local export *, and lists a package star export', async () => {
    const dir = project({
      'app/c/route.ts': "export * from '../../lib/handlers'\nexport * from 'some-package'\n",
      'lib/handlers.ts':
        'export const GET = () => new Response("g")\nexport default 1\nexport const POST = GET\n',
      'node_modules/some-package/package.json':
        '{ "name": "some-package", "type": "module", "main": "i.js" }',
      'node_modules/some-package/i.js': 'export const PUT = 1\n',
    })
    const out = await compile(createDevCompiler(), dir)
    const entry = out.entries.get('app/c/route.ts')!
    expect(entry.exports.toSorted()).toEqual(['GET', 'POST'])
    expect(entry.starExports).toEqual(['some-package'])
    // Packages stay imports Node resolves; `next/*` aliases point at Routekit's files.
    expect(out.code('app/c/route.mjs')).toContain('export * from "some-package"')
  })

  it('points aliases at their file, keeps builtins, and inlines JSON as a default export', async () => {
    const dir = project({
      'app/c/route.ts':
        "import { NextResponse } from 'next/server'\nimport { join } from 'node:path'\nimport data from '../../lib/data.json' with { type: 'json' }\nexport const GET = () => NextResponse.json({ data, p: join('a') })\n",
      'lib/data.json': '{ "n": 1 }',
    })
    const out = await compile(createDevCompiler(), dir)
    expect(out.code('app/c/route.mjs')).toContain('"file:///opt/routekit/dist/server.js"')
    expect(out.code('app/c/route.mjs')).toContain('from "node:path"')
    expect(out.code('lib/data.mjs')).toContain('export default { "n": 1 }')
    // The attribute would make Node refuse the JavaScript module the JSON file became.
    expect(out.code('app/c/route.mjs')).toMatch(/lib\/data\.mjs\?v=[\w-]+";/)
  })

  it('fails on an import that resolves nowhere, naming the file and line; warns for a missing package', async () => {
    const dir = project({
      'app/c/route.ts': "import 'not-installed'\nimport { x } from './nope'\nexport const GET = () => x\n",
    })
    const compiler = createDevCompiler()
    await expect(compile(compiler, dir)).rejects.toThrow(
      /app\/c\/route\.ts:2:19: Could not resolve '\.\/nope'/,
    )
    writeFileSync(join(dir, 'app/c/nope.ts'), 'export const x = 1\n')
    compiler.invalidate([join(dir, 'app/c/nope.ts')], { moved: true, all: false })
    const out = await compile(compiler, dir)
    expect(out.warnings.join('\n')).toContain("Could not resolve the package 'not-installed'")
  })

  it('reports a syntax error with its position and frame', async () => {
    const dir = project({ 'app/c/route.ts': 'export function GET( {\n' })
    await expect(compile(createDevCompiler(), dir)).rejects.toThrow(
      /app\/c\/route\.ts:2:1: .*\n.*export function GET\( \{/,
    )
  })
})
