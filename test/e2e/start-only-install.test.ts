// A production install without the optional build tools (`npm ci --omit=optional`, docs/deploy.md): `routekit
// start` serves a build made elsewhere, and `routekit build` says which packages are missing and how to add them.
import { cpSync, mkdirSync, symlinkSync } from 'node:fs'
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTree } from '../_helpers/make-tree.ts'
import { ROOT, runCli, send } from '../_helpers/server.ts'

const RUNTIME_DEPENDENCIES = ['lru-cache', 'picocolors', 'ua-parser-js']

let install: string
let bin: string
let app: string
let stopServer: (() => void) | undefined

/** node_modules/routekit with bin, dist and package.json, and only its `dependencies` beside it. */
function makeStartOnlyInstall(): string {
  const root = makeTree({ 'package.json': '{ "name": "prod", "private": true }\n' })
  const pkg = join(root, 'node_modules', 'routekit')
  mkdirSync(pkg, { recursive: true })
  for (const item of ['bin', 'dist', 'package.json'])
    cpSync(join(ROOT, item), join(pkg, item), { recursive: true })
  for (const name of RUNTIME_DEPENDENCIES) {
    symlinkSync(join(ROOT, 'node_modules', name), join(root, 'node_modules', name), 'dir')
  }
  return root
}

beforeAll(() => {
  install = makeStartOnlyInstall()
  bin = join(install, 'node_modules', 'routekit', 'bin', 'routekit.mjs')
  app = makeTree({
    'app/api/hello/route.ts': 'export function GET() {\n  return Response.json({ message: "Hello!" })\n}\n',
    'app/api/echo/route.ts':
      'export async function POST(request: Request) {\n  return Response.json({ received: await request.json() }, { status: 201 })\n}\n',
  })
  // Built by the full installation (CI), served by the start-only one (the production image).
  const built = runCli(['build', app])
  expect(built.status, built.stderr + built.stdout).toBe(0)
}, 60_000)
afterAll(() => stopServer?.())

describe('a start-only install', () => {
  it('refuses to build, naming the missing packages and the command that adds them', () => {
    const result = spawnSync(process.execPath, [bin, 'build', app], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('`routekit build` needs rolldown, oxc-parser, magic-string')
    expect(result.stderr).toMatch(/npm install rolldown@\S+ oxc-parser@\S+ magic-string@\S+/)
    expect(result.stderr).toContain('--omit=optional')
  })

  it('serves a build made by a full install', async () => {
    const child = spawn(process.execPath, [bin, 'start', app, '--port', '0', '--hostname', '127.0.0.1'], {
      env: { ...process.env, NO_COLOR: '1', PORT: '', HOSTNAME: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    stopServer = () => child.kill('SIGTERM')
    let out = ''
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const ready = /ready on http:\/\/[^:]+:(\d+)/.exec(out)
        if (ready !== null) resolve(Number(ready[1]))
      })
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
      child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)))
    })
    expect((await send(port, 'GET', '/api/hello')).json()).toEqual({ message: 'Hello!' })
    const echo = await send(port, 'POST', '/api/echo', {
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    })
    expect(echo.status).toBe(201)
    expect(echo.json()).toEqual({ received: { a: 1 } })
  })
})
