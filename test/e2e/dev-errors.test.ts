// `routekit dev` errors: what a broken route answers in dev (the error, with .ts lines) and never under `start`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeTree } from '../_helpers/make-tree.ts'
import { runCli, send, startServer, type RunningServer } from '../_helpers/server.ts'
import { eventually, expectPrinted, textRoute as route } from './_dev-kit.ts'

// Line 3, column 9 is the `new Error`: the stack must point there, not into the compiled .mjs.
const THROWS = "export function GET() {\n  const detail = 'secret detail'\n  throw new Error(detail)\n}\n"
const app = {
  'app/ok/route.ts': route('ok'),
  'app/throws/route.ts': THROWS,
  'app/users/[id]/route.ts': route('user'),
  'app/users/me/route.ts': route('me'),
}

interface ErrorBody {
  error: string
  stack?: string
}

let dir: string
let dev: RunningServer

beforeAll(async () => {
  dir = makeTree({
    ...app,
    'app/load-fails/route.ts':
      // Conditional: rolldown drops exports after an unconditional top-level throw as unreachable.
      "if (Date.now() > 0) throw new Error('fails at load')\nexport const GET = () => new Response('x')\n",
  })
  dev = await startServer(dir, { command: 'dev' })
})
afterAll(() => dev?.stop())

describe('routekit dev errors', () => {
  it('answers a throwing handler with a 500 whose JSON carries the message and a stack at the .ts line', async () => {
    const r = await send(dev.port, 'GET', '/throws')
    expect(r.status).toBe(500)
    const body = r.json() as ErrorBody
    expect(body.error).toBe('secret detail')
    expect(body.stack).toMatch(/app\/throws\/route\.ts:3:9/)
    await expectPrinted(dev, /app\/throws\/route\.ts:3:9/)
  })

  it('answers a route whose module throws while loading with that error and serves the others', async () => {
    const r = await send(dev.port, 'GET', '/load-fails')
    expect(r.status).toBe(500)
    expect((r.json() as ErrorBody).error).toBe('fails at load')
    expect((await send(dev.port, 'GET', '/ok')).body).toBe('ok')
  })

  it('answers the route a syntax error breaks with the error and keeps a static sibling first', async () => {
    writeFileSync(join(dir, 'app/users/[id]/route.ts'), 'export const GET = () => {\n')
    const r = await eventually(dev, '/users/1', 500)
    expect((r.json() as ErrorBody).error).toMatch(/app\/users\/\[id\]\/route\.ts:\d+:\d+/)
    expect((await send(dev.port, 'GET', '/users/me')).body).toBe('me')
    expect((await send(dev.port, 'GET', '/ok')).body).toBe('ok')
    writeFileSync(join(dir, 'app/users/[id]/route.ts'), route('user 2'))
    await eventually(dev, '/users/1', 200, 'user 2')
  })

  it('answers a route importing a file that does not exist with the import, until the file is added', async () => {
    mkdirSync(join(dir, 'app/imports'), { recursive: true })
    writeFileSync(
      join(dir, 'app/imports/route.ts'),
      "import { later } from './later'\nexport const GET = () => new Response(later)\n",
    )
    const r = await eventually(dev, '/imports', 500)
    expect((r.json() as ErrorBody).error).toMatch(
      /app\/imports\/route\.ts:1:\d+: Could not resolve '\.\/later'/,
    )
    expect((await send(dev.port, 'GET', '/ok')).body).toBe('ok')
    writeFileSync(join(dir, 'app/imports/later.ts'), "export const later = 'arrived'\n")
    await eventually(dev, '/imports', 200, 'arrived')
  })

  it('answers the routes a route conflict involves with the conflict and serves the others', async () => {
    mkdirSync(join(dir, 'app/users/[slug]'), { recursive: true })
    writeFileSync(join(dir, 'app/users/[slug]/route.ts'), route('slug'))
    const r = await eventually(dev, '/users/1', 500)
    const { error } = r.json() as ErrorBody
    expect(error).toContain('app/users/[id]/route.ts')
    expect(error).toContain('app/users/[slug]/route.ts')
    expect((await send(dev.port, 'GET', '/ok')).body).toBe('ok')
    rmSync(join(dir, 'app/users/[slug]'), { recursive: true })
    await eventually(dev, '/users/1', 200, 'user 2')
  })

  it('answers every request with an error that belongs to no route until it is fixed', async () => {
    writeFileSync(join(dir, 'next.config.mjs'), 'export default {\n')
    const r = await eventually(dev, '/ok', 500)
    expect((r.json() as ErrorBody).error).toContain('next.config.mjs')
    rmSync(join(dir, 'next.config.mjs'))
    await eventually(dev, '/ok', 200, 'ok')
  })
})

describe('the same app under routekit start', () => {
  let start: RunningServer | undefined
  afterAll(() => start?.stop())

  it('answers the throwing handler with an empty 500: no message, no stack', async () => {
    const built = makeTree(app)
    const r = runCli(['build', built])
    expect(r.status, r.stderr).toBe(0)
    start = await startServer(built)
    const thrown = await send(start.port, 'GET', '/throws')
    expect(thrown.status).toBe(500)
    expect(thrown.body).toBe('')
    expect(thrown.body).not.toContain('secret detail')
  })

  it('refuses to build the app with the syntax error that dev served as a 500', () => {
    const broken = makeTree({ ...app, 'app/users/[id]/route.ts': 'export const GET = () => {\n' })
    const r = runCli(['build', broken])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/app\/users\/\[id\]\/route\.ts:\d+:\d+/)
  })
})
