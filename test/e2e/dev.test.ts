// `routekit dev`: edits, added and removed routes, and a broken file, observed over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { makeTree } from '../_helpers/make-tree.ts'
import { send, startServer, type RunningServer } from '../_helpers/server.ts'

const route = (text: string): string =>
  `export function GET() {\n  return new Response(${JSON.stringify(text)})\n}\n`

let dir: string
let server: RunningServer

/** Polls until GET `path` answers `status` (and `body`, when given): dev restarts the server on changes. */
async function eventually(path: string, status: number, body?: string): Promise<void> {
  const end = Date.now() + 15_000
  let last = ''
  while (Date.now() < end) {
    try {
      const r = await send(server.port, 'GET', path)
      last = `${r.status} ${r.body}`
      if (r.status === status && (body === undefined || r.body === body)) return
    } catch (error) {
      last = String(error)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`GET ${path} never answered ${status} ${body ?? ''}; last: ${last}`)
}

beforeAll(async () => {
  dir = makeTree({ 'app/hello/route.ts': route('v1'), 'lib/text.ts': "export const text = 'lib v1'\n" })
  server = await startServer(dir, { command: 'dev' })
})
afterAll(() => server?.stop())

describe('routekit dev', () => {
  it('serves the app', async () => {
    await eventually('/hello', 200, 'v1')
    expect(server.output()).toContain('/hello')
  })

  it('applies an edit to a route file', async () => {
    writeFileSync(join(dir, 'app/hello/route.ts'), route('v2'))
    await eventually('/hello', 200, 'v2')
  })

  it('applies an edit to a local module a route imports', async () => {
    mkdirSync(join(dir, 'app/uses-lib'), { recursive: true })
    writeFileSync(
      join(dir, 'app/uses-lib/route.ts'),
      "import { text } from '../../lib/text'\nexport function GET() {\n  return new Response(text)\n}\n",
    )
    await eventually('/uses-lib', 200, 'lib v1')
    writeFileSync(join(dir, 'lib/text.ts'), "export const text = 'lib v2'\n")
    await eventually('/uses-lib', 200, 'lib v2')
  })

  it('serves an added route and forgets a removed one', async () => {
    mkdirSync(join(dir, 'app/added'), { recursive: true })
    writeFileSync(join(dir, 'app/added/route.ts'), route('new'))
    await eventually('/added', 200, 'new')
    rmSync(join(dir, 'app/added'), { recursive: true })
    await eventually('/added', 404)
  })

  it('reports a syntax error once and keeps serving the last good build', async () => {
    writeFileSync(join(dir, 'app/hello/route.ts'), 'export function GET( {\n')
    const end = Date.now() + 10_000
    while (!server.output().includes('app/hello/route.ts:') && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(server.output()).toMatch(/app\/hello\/route\.ts:\d+:\d+/)
    expect((await send(server.port, 'GET', '/hello')).body).toBe('v2')
    writeFileSync(join(dir, 'app/hello/route.ts'), route('v3'))
    await eventually('/hello', 200, 'v3')
  })
})
