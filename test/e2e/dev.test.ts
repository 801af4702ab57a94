// `routekit dev`: edits, added, renamed and removed routes, config changes and a broken file, observed over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeTree } from '../_helpers/make-tree.ts'
import { send, startServer, waitFor, type RunningServer } from '../_helpers/server.ts'
import { countPrinted, eventually, expectPrinted, textRoute as route } from './_dev-kit.ts'

let dir: string
let server: RunningServer

beforeAll(async () => {
  dir = makeTree({
    'app/hello/route.ts': route('v1'),
    'lib/text.ts': "export const text = 'lib v1'\n",
    'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }\n',
  })
  server = await startServer(dir, { command: 'dev' })
})
afterAll(() => server?.stop())

describe('routekit dev', () => {
  it('serves the app', async () => {
    await eventually(server, '/hello', 200, 'v1')
    expect(server.output()).toContain('/hello')
  })

  it('applies an edit to a route file', async () => {
    writeFileSync(join(dir, 'app/hello/route.ts'), route('v2'))
    await eventually(server, '/hello', 200, 'v2')
  })

  it('applies an edit to a local module a route imports', async () => {
    mkdirSync(join(dir, 'app/uses-lib'), { recursive: true })
    writeFileSync(
      join(dir, 'app/uses-lib/route.ts'),
      "import { text } from '../../lib/text'\nexport function GET() {\n  return new Response(text)\n}\n",
    )
    await eventually(server, '/uses-lib', 200, 'lib v1')
    writeFileSync(join(dir, 'lib/text.ts'), "export const text = 'lib v2'\n")
    await eventually(server, '/uses-lib', 200, 'lib v2')
  })

  it('runs a route whose imported module reads headers() inside the request scope', async () => {
    mkdirSync(join(dir, 'app/who'), { recursive: true })
    writeFileSync(
      join(dir, 'lib/who.ts'),
      "import { headers } from 'next/headers'\nexport async function who() {\n  return (await headers()).get('x-who') ?? 'nobody'\n}\n",
    )
    writeFileSync(
      join(dir, 'app/who/route.ts'),
      "import { who } from '../../lib/who'\nexport async function GET() {\n  return new Response(await who())\n}\n",
    )
    await eventually(server, '/who', 200)
    const r = await send(server.port, 'GET', '/who', { headers: { 'x-who': 'dev-user' } })
    expect([r.status, r.body]).toEqual([200, 'dev-user'])
  })

  it('resolves tsconfig paths and reads methods re-exported from a local module', async () => {
    mkdirSync(join(dir, 'app/aliased'), { recursive: true })
    writeFileSync(
      join(dir, 'lib/handlers.ts'),
      "import { text } from '@/lib/text'\nexport const GET = () => new Response(text)\n",
    )
    writeFileSync(join(dir, 'app/aliased/route.ts'), "export * from '@/lib/handlers'\n")
    await eventually(server, '/aliased', 200, 'lib v2')
    writeFileSync(join(dir, 'lib/handlers.ts'), "export const GET = () => new Response('handlers v2')\n")
    await eventually(server, '/aliased', 200, 'handlers v2')
  })

  it('loads JSON and CommonJS files a route imports, and reloads them when they change', async () => {
    mkdirSync(join(dir, 'app/mixed'), { recursive: true })
    writeFileSync(join(dir, 'lib/data.json'), '{ "n": 1 }\n')
    writeFileSync(join(dir, 'lib/legacy.cjs'), "module.exports = { legacy: 'cjs' }\n")
    writeFileSync(
      join(dir, 'app/mixed/route.ts'),
      "import data from '../../lib/data.json'\nimport legacy from '../../lib/legacy.cjs'\n" +
        'export const GET = () => new Response(`${data.n} ${legacy.legacy}`)\n',
    )
    await eventually(server, '/mixed', 200, '1 cjs')
    writeFileSync(join(dir, 'lib/data.json'), '{ "n": 2 }\n')
    await eventually(server, '/mixed', 200, '2 cjs')
  })

  it('serves an added route and forgets a removed one', async () => {
    mkdirSync(join(dir, 'app/added'), { recursive: true })
    writeFileSync(join(dir, 'app/added/route.ts'), route('new'))
    await eventually(server, '/added', 200, 'new')
    rmSync(join(dir, 'app/added'), { recursive: true })
    await eventually(server, '/added', 404)
  })

  it('serves a route added in new nested folders', async () => {
    mkdirSync(join(dir, 'app/deep/er/still'), { recursive: true })
    writeFileSync(join(dir, 'app/deep/er/still/route.ts'), route('deep'))
    await eventually(server, '/deep/er/still', 200, 'deep')
    rmSync(join(dir, 'app/deep'), { recursive: true })
    await eventually(server, '/deep/er/still', 404)
  })

  it('regenerates the route types when the routes change', async () => {
    const types = join(dir, '.routekit/types/routes.d.ts')
    mkdirSync(join(dir, 'app/typed'), { recursive: true })
    writeFileSync(join(dir, 'app/typed/route.ts'), route('typed'))
    await eventually(server, '/typed', 200, 'typed')
    await waitFor(() => existsSync(types) && readFileSync(types, 'utf8').includes('/typed'))
    expect(readFileSync(types, 'utf8')).toContain('/typed')
  })

  it('moves a route when its folder is renamed', async () => {
    renameSync(join(dir, 'app/typed'), join(dir, 'app/renamed'))
    await eventually(server, '/renamed', 200, 'typed')
    expect((await send(server.port, 'GET', '/typed')).status).toBe(404)
  })

  it('keeps a module instance (and its state) when another file changes', async () => {
    mkdirSync(join(dir, 'app/counter'), { recursive: true })
    writeFileSync(join(dir, 'lib/count.ts'), 'let n = 0\nexport const next = () => ++n\n')
    writeFileSync(
      join(dir, 'app/counter/route.ts'),
      "import { next } from '../../lib/count'\nexport function GET() {\n  return new Response(String(next()))\n}\n",
    )
    await eventually(server, '/counter', 200, '1')
    writeFileSync(join(dir, 'app/hello/route.ts'), route('v2b'))
    await eventually(server, '/hello', 200, 'v2b')
    expect((await send(server.port, 'GET', '/counter')).body).toBe('2')
  })

  it('reports a syntax error once, answers the broken route with it and keeps serving the others', async () => {
    writeFileSync(join(dir, 'app/hello/route.ts'), 'export function GET( {\n')
    const broken = await eventually(server, '/hello', 500)
    expect((broken.json() as { error: string }).error).toMatch(/app\/hello\/route\.ts:2:1/)
    expect(server.output()).toMatch(/app\/hello\/route\.ts:\d+:\d+/)
    // Other routes still take edits while this one is broken, and the error is not printed again.
    writeFileSync(join(dir, 'lib/text.ts'), "export const text = 'lib v3'\n")
    await eventually(server, '/uses-lib', 200, 'lib v3')
    expect(countPrinted(server, 'app/hello/route.ts:2:1')).toBe(1)
    writeFileSync(join(dir, 'app/hello/route.ts'), route('v3'))
    await eventually(server, '/hello', 200, 'v3')
  })

  it('logs one line per request with method, path, status and time', async () => {
    await send(server.port, 'GET', '/hello?x=1')
    await send(server.port, 'DELETE', '/no-such-route')
    await expectPrinted(server, /GET \/hello\?x=1 200 in [\d.]+ ms/)
    await expectPrinted(server, /DELETE \/no-such-route 404 in [\d.]+ ms/)
  })

  it('restarts the server when next.config changes', async () => {
    writeFileSync(join(dir, 'next.config.mjs'), "export default { basePath: '/base' }\n")
    await eventually(server, '/base/hello', 200, 'v3')
    expect((await send(server.port, 'GET', '/hello')).status).toBe(404)
    // The restart is a fresh process: module state starts over.
    expect((await send(server.port, 'GET', '/base/counter')).body).toBe('1')
    rmSync(join(dir, 'next.config.mjs'))
    await eventually(server, '/hello', 200, 'v3')
  })

  it('starts a new server process when the old one exits', async () => {
    mkdirSync(join(dir, 'app/exit'), { recursive: true })
    writeFileSync(
      join(dir, 'app/exit/route.ts'),
      'export function GET() {\n  setTimeout(() => process.exit(3), 10)\n  return new Response("bye")\n}\n',
    )
    await eventually(server, '/exit', 200, 'bye')
    await expectPrinted(server, /server process exited \(code 3\)/)
    await eventually(server, '/hello', 200, 'v3')
  })
})
