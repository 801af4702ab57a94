// A proxy.ts that rejects unauthenticated requests: no route it covers is reachable without the credential,
// under `routekit start` and `routekit dev` (test/fixtures/proxy-auth-app).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toProbePaths } from '../../src/proxy/describe-proxy-coverage.ts'
import type { Segment } from '../../src/scanner/route-file.ts'
import { ROOT, runCli, send, startServer, type RunningServer } from '../_helpers/server.ts'

const fixture = join(ROOT, 'test', 'fixtures', 'proxy-auth-app')
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const TOKEN = { authorization: 'Bearer s3cret' }

interface RouteRow {
  pattern: string
  proxy: 'all' | 'some' | 'none'
}

/** Every covered route, as concrete URLs: the probes of `routekit routes` plus spellings that try to dodge it. */
function coveredUrls(dir: string): string[] {
  const listed = runCli(['routes', dir, '--json'])
  expect(listed.status, listed.stderr).toBe(0)
  const rows = JSON.parse(listed.stdout) as RouteRow[]
  const covered = rows.filter((r) => r.proxy === 'all').map((r) => r.pattern)
  expect(covered).toHaveLength(5)
  const urls: string[] = []
  for (const pattern of covered) {
    const segments = pattern
      .split('/')
      .filter(Boolean)
      .map((part): Segment => {
        if (part.startsWith('[[...')) return { kind: 'optional-catch-all', name: part.slice(5, -2) }
        if (part.startsWith('[...')) return { kind: 'catch-all', name: part.slice(4, -1) }
        if (part.startsWith('[')) return { kind: 'dynamic', name: part.slice(1, -1) }
        return { kind: 'static', value: part }
      })
    for (const path of toProbePaths(segments)) {
      urls.push(
        path,
        `${path}?x=1`,
        `${path}/`,
        path.replace('/api', '/%61pi'),
        path.replace('/api', '//api'),
      )
    }
  }
  return urls
}

function suite(command: 'start' | 'dev'): void {
  let dir: string
  let server: RunningServer
  let urls: string[]

  beforeAll(async () => {
    // A copy per command: dev watches and rebuilds its project folder.
    dir = mkdtempSync(join(tmpdir(), `routekit-auth-${command}-`))
    cpSync(fixture, dir, { recursive: true })
    urls = coveredUrls(dir)
    if (command === 'start') expect(runCli(['build', dir]).status).toBe(0)
    server = await startServer(dir, { command })
  }, 60_000)
  afterAll(() => server?.stop())

  it('never lets a covered route answer without the credential, whatever the method or spelling', async () => {
    let checked = 0
    for (const url of urls) {
      for (const method of METHODS) {
        const attempts: Record<string, string>[] = [
          {},
          { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' },
          { authorization: 'Bearer wrong' },
        ]
        for (const headers of attempts) {
          const r = await send(server.port, method, url, { headers })
          expect(r.headers['x-handler'], `${method} ${url} ${JSON.stringify(headers)}`).toBeUndefined()
          expect([401, 308, 404], `${method} ${url} answered ${r.status}`).toContain(r.status)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(500)
  })

  it('lets the same routes answer with the credential', async () => {
    for (const url of urls.filter((u) => !u.endsWith('/') && !u.includes('//') && !u.includes('%61'))) {
      const r = await send(server.port, 'GET', url, { headers: TOKEN })
      expect(r.headers['x-handler'], url).toBeDefined()
    }
  })

  it('leaves routes outside the matcher public', async () => {
    const r = await send(server.port, 'GET', '/health')
    expect([r.status, r.headers['x-handler']]).toEqual([200, '/health'])
  })
}

describe('routekit start', () => {
  suite('start')
})
describe('routekit dev', () => {
  suite('dev')
})
