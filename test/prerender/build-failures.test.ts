// What stops a build while prerendering, and what stays out of the build process.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeTree } from '../_helpers/make-tree.ts'
import { runCli } from '../_helpers/server.ts'

const CC = { 'next.config.mjs': 'export default { cacheComponents: true }\n' }

describe('a failing prerender', () => {
  it('fails the build naming the route, the file and the error, and leaves no build behind', () => {
    const dir = makeTree({
      ...CC,
      'app/ok/route.ts': 'export function GET() {\n  return Response.json({ ok: true })\n}\n',
      'app/boom/route.ts': "export function GET() {\n  throw new Error('database is down')\n}\n",
    })
    const r = runCli(['build', dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('Error occurred prerendering route "/boom" (app/boom/route.ts)')
    expect(r.stderr).toContain('Error: database is down')
    expect(r.stderr).toMatch(/app\/boom\/route\.ts:2/)
    expect(r.stderr).toContain('Export encountered an error on /boom/route: /boom, exiting the build.')
    expect(existsSync(join(dir, '.routekit', 'manifest.json'))).toBe(false)
    expect(existsSync(join(dir, '.routekit', 'prerender'))).toBe(false)
  })

  it('does not fail for a throw that follows a dynamic read: that GET is just dynamic', () => {
    const dir = makeTree({
      ...CC,
      'app/x/route.ts':
        "export function GET(request: Request) {\n  if (request.headers.get('x')) return new Response('x')\n  throw new Error('no header')\n}\n",
    })
    const r = runCli(['build', dir])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/ƒ \/x/)
  })

  it('fails on a generateStaticParams that throws or returns a bad param (R74)', () => {
    const throws = makeTree({
      'app/a/[id]/route.ts':
        "export function generateStaticParams() {\n  throw new Error('no list')\n}\nexport function GET() {\n  return new Response('a')\n}\n",
    })
    const bad = makeTree({
      'app/a/[id]/route.ts':
        'export function generateStaticParams() {\n  return [{ id: 7 }]\n}\nexport function GET() {\n  return new Response("a")\n}\n',
    })
    const first = runCli(['build', throws])
    expect(first.status).toBe(1)
    expect(first.stderr).toContain('(app/a/[id]/route.ts)')
    expect(first.stderr).toContain('no list')
    const second = runCli(['build', bad])
    expect(second.status).toBe(1)
    expect(second.stderr).toContain(
      'generateStaticParams returned param "id" must be a non-empty string, got 7',
    )
  })

  it("fails when a dynamic = 'error' GET reads the request (R76)", () => {
    const dir = makeTree({
      'app/e/route.ts':
        "export const dynamic = 'error'\nexport function GET(request: Request) {\n  return new Response(request.headers.get('x'))\n}\n",
    })
    const r = runCli(['build', dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'Route /e with `dynamic = "error"` couldn\'t be rendered statically because it used `request.headers`',
    )
  })
})

describe('user code at build', () => {
  it('runs in the prerender child process, never in the build process', () => {
    const dir = makeTree({
      ...CC,
      'app/x/route.ts':
        "import { appendFileSync } from 'node:fs'\nappendFileSync('loaded-by.txt', `${process.argv[1]}\\n`)\n" +
        'export function GET() {\n  return new Response("x")\n}\n',
    })
    const r = runCli(['build', dir])
    expect(r.status, r.stderr).toBe(0)
    const loaders = readFileSync(join(dir, 'loaded-by.txt'), 'utf8').trim().split('\n')
    expect(loaders).toHaveLength(1)
    expect(loaders[0]).toMatch(/prerender-child\.js$/)
  })

  it('resolves project packages when routes --json prerenders in its scratch folder', () => {
    const dir = makeTree({
      'node_modules/greeting/package.json':
        '{ "name": "greeting", "type": "module", "exports": "./index.js" }\n',
      'node_modules/greeting/index.js': "export const hello = 'hi'\n",
      'app/x/route.ts':
        "import { hello } from 'greeting'\nexport const dynamic = 'force-static'\nexport function GET() {\n  return new Response(hello)\n}\n",
    })
    const r = runCli(['routes', dir, '--json'])
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject([{ pattern: '/x', rendering: 'static', revalidate: false }])
    expect(existsSync(join(dir, '.routekit'))).toBe(false)
  })
})
