// Finding, checking and compiling proxy.ts / middleware.ts at build (spec proxy.md P1–P5), via the real CLI.
import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROUTE, makeTree } from '../_helpers/make-tree.ts'
import { runCli, send, startServer } from '../_helpers/server.ts'

const MARK = `import { NextResponse } from 'next/server'
export function proxy(request) {
  const res = NextResponse.next()
  res.headers.set('x-saw', request.nextUrl.pathname)
  return res
}
`

/** Builds `dir`, starts it, and returns the `x-saw` header of GET `path` (undefined when the proxy did not run). */
async function sawOn(dir: string, path: string): Promise<string | undefined> {
  const build = runCli(['build', dir])
  expect(build.status, build.stderr).toBe(0)
  const server = await startServer(dir)
  try {
    return (await send(server.port, 'GET', path)).headers['x-saw'] as string | undefined
  } finally {
    await server.stop()
  }
}

function manifestOf(dir: string): { proxy: { file: string; exportName: string; matchers: unknown } | null } {
  return JSON.parse(readFileSync(join(dir, '.routekit', 'manifest.json'), 'utf8'))
}

describe('where the proxy file may live (P1)', () => {
  it('runs src/proxy.ts beside src/app', async () => {
    const dir = makeTree({ 'src/app/api/x/[id]/route.ts': ROUTE, 'src/proxy.ts': MARK })
    expect(await sawOn(dir, '/api/x/a')).toBe('/api/x/a')
    expect(manifestOf(dir).proxy?.file).toBe('src/proxy.ts')
  })

  it('ignores src/proxy.ts when app/ is at the root, and app/proxy.ts', async () => {
    const dir = makeTree({ 'app/x/route.ts': ROUTE, 'src/proxy.ts': MARK, 'app/proxy.ts': MARK })
    expect(await sawOn(dir, '/x')).toBeUndefined()
    expect(manifestOf(dir).proxy).toBeNull()
  })

  it('runs for every request without a matcher, unknown paths and /_next/ ones included (P5)', async () => {
    const dir = makeTree({ 'app/x/route.ts': ROUTE, 'proxy.ts': MARK })
    expect(await sawOn(dir, '/_next/static/chunks/a.js')).toBe('/_next/static/chunks/a.js')
    expect(manifestOf(dir).proxy?.matchers).toBeNull()
  })
})

describe('the exported function (P2, P3)', () => {
  it('accepts a default export', async () => {
    const dir = makeTree({
      'app/x/route.ts': ROUTE,
      'proxy.ts': MARK.replace('export function proxy', 'export default function anything'),
    })
    expect(await sawOn(dir, '/x')).toBe('/x')
    expect(manifestOf(dir).proxy?.exportName).toBe('default')
  })

  it('refuses a proxy.ts that exports `middleware`, with Next message', () => {
    const dir = makeTree({
      'app/x/route.ts': ROUTE,
      'proxy.ts': MARK.replace('function proxy', 'function middleware'),
    })
    const r = runCli(['build', dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('[RK_PROXY_EXPORT] proxy.ts: Proxy is missing expected function export name.')
    expect(r.stderr).toContain('Ensure this file has either a default or "proxy" function export')
    expect(existsSync(join(dir, '.routekit', 'manifest.json'))).toBe(false)
  })

  it('runs a legacy middleware.ts and warns that the convention is deprecated (P3)', async () => {
    const dir = makeTree({
      'app/x/route.ts': ROUTE,
      'middleware.ts': MARK.replace('function proxy', 'function middleware'),
    })
    const r = runCli(['build', dir])
    expect(r.stdout + r.stderr).toContain(
      'The "middleware" file convention is deprecated. Please use "proxy" instead',
    )
    expect(await sawOn(dir, '/x')).toBe('/x')
  })

  it('refuses proxy.ts and middleware.ts together (P3)', () => {
    const dir = makeTree({ 'app/x/route.ts': ROUTE, 'proxy.ts': MARK, 'middleware.ts': MARK })
    const r = runCli(['build', dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'Both middleware file "./middleware.ts" and proxy file "./proxy.ts" are detected. Please use "./proxy.ts" only',
    )
  })

  it('refuses two proxy files of different extensions', () => {
    const dir = makeTree({ 'app/x/route.ts': ROUTE, 'proxy.ts': MARK, 'proxy.js': MARK })
    const r = runCli(['build', dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/RK_PROXY_DUPLICATE[\s\S]*proxy\.ts[\s\S]*proxy\.js/)
  })
})

describe('config (P4, P5)', () => {
  it('refuses runtime edge in proxy.ts (P4)', () => {
    const dir = makeTree({
      'app/x/route.ts': ROUTE,
      'proxy.ts': `${MARK}export const config = { runtime: 'edge' }\n`,
    })
    const r = runCli(['build', dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('Proxy does not support Edge runtime')
  })

  it('refuses a matcher that is not a literal, naming the file and line (P5)', () => {
    const dir = makeTree({
      'app/x/route.ts': ROUTE,
      'proxy.ts': `${MARK}const m = '/api/:path*'\nexport const config = { matcher: m }\n`,
    })
    const r = runCli(['build', dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('proxy.ts:8:34:')
    expect(r.stderr).toContain(
      'matcher needs to be a static string or array of static strings or array of static objects',
    )
  })

  it.each([
    ["'api/:path*'", 'config.matcher: source must start with /'],
    ["['/ok', '/bad/:x(']", "config.matcher[1]: Invalid source '/bad/:x(': Unbalanced pattern at 7"],
    ["[{ source: '/a', has: [{ type: 'header' }] }]", 'config.matcher[0].has[0].key: key is required'],
    ["[{ source: '/a', sources: ['/b'] }]", 'config.matcher[0].sources: unrecognized key'],
    ["{ source: '/a' }", 'config.matcher: must be a string or an array'],
  ])('refuses the matcher %s with the entry named', (matcher, message) => {
    const dir = makeTree({
      'app/x/route.ts': ROUTE,
      'proxy.ts': `${MARK}export const config = { matcher: ${matcher} }\n`,
    })
    const r = runCli(['build', dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(`[RK_PROXY_MATCHER_INVALID] proxy.ts: invalid ${message}`)
  })

  it('records the compiled matcher in the manifest, as Next writes it in its middleware manifest', () => {
    const dir = makeTree({
      'app/x/route.ts': ROUTE,
      'proxy.ts': `${MARK}export const config = { matcher: ['/api/:path*'] } satisfies { matcher: string[] }\n`,
    })
    expect(runCli(['build', dir]).status).toBe(0)
    expect(manifestOf(dir).proxy?.matchers).toEqual([
      {
        source: '/api/:path*',
        regexp:
          '^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/api(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?(\\.json|\\.rsc|\\.segments\\/.+\\.segment\\.rsc)?[\\/#\\?]?$',
      },
    ])
  })
})

describe('routekit routes', () => {
  it('shows which routes the proxy covers', () => {
    const dir = makeTree({
      'app/api/a/route.ts': ROUTE,
      'app/num/[id]/route.ts': ROUTE,
      'app/open/route.ts': ROUTE,
      'proxy.ts': `${MARK}export const config = { matcher: ['/api/:path*', '/num/:id(\\\\d+)'] }\n`,
    })
    const table = runCli(['routes', dir])
    expect(table.status, table.stderr).toBe(0)
    expect(table.stdout).toMatch(/\/api\/a\s+GET\s+yes\s+app\/api\/a\/route\.ts/)
    expect(table.stdout).toMatch(/\/num\/\[id\]\s+GET\s+partly\s+/)
    expect(table.stdout).toMatch(/\/open\s+GET\s+-\s+/)
    expect(table.stdout).toContain('ƒ Proxy proxy.ts')
    const json = JSON.parse(runCli(['routes', dir, '--json']).stdout) as { pattern: string; proxy: string }[]
    expect(json.map((r) => [r.pattern, r.proxy])).toEqual([
      ['/api/a', 'all'],
      ['/num/[id]', 'some'],
      ['/open', 'none'],
    ])
  })
})
