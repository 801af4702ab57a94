import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/compiler/build-app.ts'
import { buildFixture as build, importBuilt, makeProject, toRouteFile, type RouteModule } from './_project.ts'

describe('buildApp output', () => {
  it('compiles JSX to the automatic runtime even when tsconfig says preserve', async () => {
    const { outDir, load } = await build(
      {
        'node_modules/react/package.json':
          '{ "name": "react", "type": "module", "exports": { "./jsx-runtime": "./jsx-runtime.js" } }',
        'node_modules/react/jsx-runtime.js':
          'export const jsx = (type, props) => ({ type, props })\nexport const jsxs = jsx\n',
        'app/og/route.tsx': 'export function GET() { return Response.json(<p>hi</p>) }\n',
      },
      ['app/og/route.tsx'],
    )
    expect(readFileSync(join(outDir, 'server/app/og/route.mjs'), 'utf8')).toContain(
      'from "react/jsx-runtime"',
    )
    expect(await (await (await load('app/og/route.tsx')).GET!()).json()).toEqual({
      type: 'p',
      props: { children: 'hi' },
    })
  })

  it('writes source maps next to the output that name the original files', async () => {
    const { outDir } = await build(
      { 'app/x/route.ts': 'export const GET = (): Response => new Response()\n' },
      ['app/x/route.ts'],
    )
    const code = readFileSync(join(outDir, 'server/app/x/route.mjs'), 'utf8')
    expect(code).toContain('//# sourceMappingURL=route.mjs.map')
    const map = JSON.parse(readFileSync(join(outDir, 'server/app/x/route.mjs.map'), 'utf8')) as {
      sources: string[]
    }
    expect(map.sources).toEqual(['../../../../app/x/route.ts'])
  })

  it('inlines process.env.NODE_ENV from the build mode', async () => {
    const source = 'export const GET = () => new Response(process.env.NODE_ENV)\n'
    const { load } = await build({ 'app/env/route.ts': source }, ['app/env/route.ts'], {
      mode: 'development',
    })
    expect(await (await (await load('app/env/route.ts')).GET!()).text()).toBe('development')
  })

  it('mirrors src/app and honours a custom outDir', async () => {
    const source = 'export const GET = () => new Response("pong")\n'
    const { projectDir, result, load } = await build(
      { 'src/app/ping/route.ts': source },
      ['src/app/ping/route.ts'],
      {
        appDir: 'src/app',
        outDir: 'out',
      },
    )
    expect(result.manifest.appDir).toBe('src/app')
    expect(result.manifest.routes[0]?.module).toBe('server/src/app/ping/route.mjs')
    expect(JSON.parse(readFileSync(join(projectDir, 'out/manifest.json'), 'utf8'))).toEqual(result.manifest)
    expect(await (await (await load('src/app/ping/route.ts')).GET!()).text()).toBe('pong')
  })

  it('reads path aliases from jsconfig.json in a JavaScript project', async () => {
    const projectDir = makeProject({
      'jsconfig.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['./src/*'] } } }),
      'src/x.js': 'export const x = 1\n',
      'app/a/route.js': "import { x } from '~/x'\nexport const GET = () => new Response(String(x))\n",
    })
    const { manifest } = await buildApp({
      projectDir,
      appDir: 'app',
      routes: [toRouteFile(projectDir, 'app/a/route.js')],
    })
    const { GET } = await importBuilt<RouteModule>(join(projectDir, '.routekit', manifest.routes[0]!.module))
    expect(await (await GET!()).text()).toBe('1')
  })

  it('builds an app without routes into an empty manifest', async () => {
    const { outDir, result } = await build({ 'app/.keep': '' }, [])
    expect(result.manifest.routes).toEqual([])
    expect(existsSync(join(outDir, 'manifest.json'))).toBe(true)
  })
})
