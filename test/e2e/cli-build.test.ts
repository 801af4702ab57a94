// `routekit build` / `routes` as a user runs them: exit codes and messages (issue "Core", item 6 and 2).
import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROUTE, makeTree } from '../_helpers/make-tree.ts'
import { runCli } from '../_helpers/server.ts'

describe('routekit build', () => {
  it('compiles into .routekit/ and prints the route table', () => {
    const dir = makeTree({ 'app/api/hello/route.ts': ROUTE, 'app/users/[id]/route.ts': ROUTE })
    const r = runCli(['build', dir])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/\/users\/\[id\]\s+GET\s+app\/users\/\[id\]\/route\.ts/)
    expect(r.stdout).toContain('2 routes compiled')
    expect(existsSync(join(dir, '.routekit', 'manifest.json'))).toBe(true)
  })

  it('fails with every routing conflict named, and exit code 1', () => {
    const dir = makeTree({
      'app/(a)/same/route.ts': ROUTE,
      'app/(b)/same/route.ts': ROUTE,
      'app/blog/[id]/route.ts': ROUTE,
      'app/blog/[slug]/x/route.ts': ROUTE,
    })
    const r = runCli(['build', dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('app/(a)/same/route.ts')
    expect(r.stderr).toContain('app/(b)/same/route.ts')
    expect(r.stderr).toContain('app/blog/[id]/route.ts')
    expect(r.stderr).toContain('app/blog/[slug]/x/route.ts')
    expect(existsSync(join(dir, '.routekit', 'manifest.json'))).toBe(false)
  })

  it('prints Next warnings for lower-case and default exports', () => {
    const dir = makeTree({ 'app/x/route.ts': 'export function get() {}\nexport default function h() {}\n' })
    const r = runCli(['build', dir])
    expect(r.status).toBe(0)
    expect(r.stdout + r.stderr).toContain("Detected lowercase method 'get' in 'app/x/route.ts'")
    expect(r.stdout + r.stderr).toContain("Detected default export in 'app/x/route.ts'")
  })

  it('names the file and line of a syntax error', () => {
    const dir = makeTree({ 'app/x/route.ts': 'export function GET() {\n  return new Response(\n}\n' })
    const r = runCli(['build', dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/app\/x\/route\.ts:\d+:\d+/)
  })

  it('rejects segment config that cacheComponents forbids, naming the file (R95)', () => {
    const dir = makeTree({
      'next.config.mjs': 'export default { cacheComponents: true }\n',
      'app/x/route.ts': `export const dynamic = 'force-dynamic'\n${ROUTE}`,
    })
    const r = runCli(['build', dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'app/x/route.ts: Route segment config "dynamic" is not compatible with `nextConfig.cacheComponents`. Please remove it',
    )
  })

  it('reports a next.config that fails to load', () => {
    const dir = makeTree({ 'next.config.mjs': 'throw new Error("config broke")\n', 'app/x/route.ts': ROUTE })
    const r = runCli(['build', dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('next.config.mjs: config broke')
  })

  it('reads a TypeScript next.config', () => {
    const dir = makeTree({
      'next.config.ts': "const config: { basePath: string } = { basePath: '/base' }\nexport default config\n",
      'app/x/route.ts': ROUTE,
    })
    expect(runCli(['build', dir]).status).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, '.routekit', 'manifest.json'), 'utf8'))
    expect(manifest.config.basePath).toBe('/base')
  })
})

describe('routekit routes', () => {
  it('prints the table as JSON without touching .routekit/', () => {
    const dir = makeTree({ 'app/docs/[...path]/route.ts': ROUTE })
    const r = runCli(['routes', dir, '--json'])
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual([
      {
        pattern: '/docs/[...path]',
        file: 'app/docs/[...path]/route.ts',
        methods: ['GET'],
        params: ['path'],
        rendering: 'dynamic',
        reason:
          'GET handlers are dynamic by default: export dynamic = "force-static" or revalidate to prerender',
      },
    ])
    expect(existsSync(join(dir, '.routekit'))).toBe(false)
  })
})

describe('routekit --help', () => {
  it.each(['build', 'start', 'dev', 'routes'])('explains %s', (command) => {
    const r = runCli([command, '--help'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain(`Usage: routekit ${command}`)
  })

  it.each(['start', 'dev'])(
    '%s refuses a port that is not a number, naming the value and the fix',
    (command) => {
      const r = runCli([command, '.', '--port', 'http'])
      expect(r.status).toBe(1)
      expect(r.stderr).toContain('Invalid port "http": use a whole number from 0 to 65535 (--port or $PORT).')
    },
  )

  it('refuses an unknown command', () => {
    const r = runCli(['serve'])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('Unknown command "serve"')
  })
})
