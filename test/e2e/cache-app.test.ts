// "use cache" over real HTTP against `routekit start` (issue "Caching I", Must show b and c).
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTree } from '../_helpers/make-tree.ts'
import { ROOT, runCli, send, startServer, type RunningServer } from '../_helpers/server.ts'

function build(dir: string): void {
  const result = runCli(['build', dir])
  expect(result.status, result.stderr + result.stdout).toBe(0)
}

let server: RunningServer
const get = async (path: string) => (await send(server.port, 'GET', path)).body
const runs = async () => JSON.parse(await get('/runs')) as Record<string, number>
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

beforeAll(async () => {
  const dir = makeTree({})
  cpSync(join(ROOT, 'test', 'fixtures', 'cache-app'), dir, { recursive: true })
  build(dir)
  server = await startServer(dir)
}, 60_000)
afterAll(() => server?.stop())

describe('cache-app over HTTP', () => {
  it('runs a cold cached helper once for 100 concurrent requests, and all get the same body', async () => {
    const responses = await Promise.all(Array.from({ length: 100 }, () => send(server.port, 'GET', '/cold')))
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200))
    expect(new Set(responses.map((r) => r.body)).size).toBe(1)
    expect((await runs()).coldValue).toBe(1)
  })

  it('keys an inline closure by the values it closes over (C17, C21)', async () => {
    const a = await get('/inline?id=a')
    expect(await get('/inline?id=a')).toBe(a)
    expect(JSON.parse(await get('/inline?id=b'))).toMatchObject({ id: 'b', run: 1 })
    expect((await runs())['inline:a']).toBe(1)
  })

  it('keeps Date, Set and BigInt in cached values', async () => {
    const first = JSON.parse(await get('/profile'))
    expect(first).toMatchObject({ when: '1970-01-01T00:00:00.000Z', ids: [1, 2], big: String(2n ** 70n) })
    expect(JSON.parse(await get('/profile')).run).toBe(first.run)
  })

  it("serves the old value once after revalidateTag(tag, 'max'), then the new one (C35, C36)", async () => {
    const before = await get('/profile')
    await send(server.port, 'POST', '/revalidate?tag=profiled')
    expect(await get('/profile')).toBe(before)
    await pause(200)
    expect(JSON.parse(await get('/profile')).run).toBe(JSON.parse(before).run + 1)
  })

  it('serves a stale entry once past revalidate while it refreshes (deviation e)', async () => {
    const first = await get('/blink')
    expect(await get('/blink')).toBe(first)
    await pause(3500)
    expect(await get('/blink')).toBe(first)
    await pause(300)
    const refreshed = await get('/blink')
    expect(refreshed).not.toBe(first)
    expect(await get('/blink')).toBe(refreshed)
  }, 20_000)

  it('calls a Next-style cacheHandlers.remote in the order Next does (C41)', async () => {
    // Earlier tests revalidated tags, which reaches every handler (updateTags): look only at what follows.
    const before = (JSON.parse(await get('/handler-log')) as unknown[][]).length
    await get('/remote/s')
    await get('/remote/s')
    const calls = (JSON.parse(await get('/handler-log')) as unknown[][]).slice(before)
    expect(calls.map(([method]) => method)).toEqual([
      'refreshTags',
      'get',
      'set',
      'refreshTags',
      'get',
      'getExpiration',
    ])
    expect(calls[1]![2]).toEqual([
      '_N_T_/layout',
      '_N_T_/remote/layout',
      '_N_T_/remote/[id]/layout',
      '_N_T_/remote/[id]/route',
      '_N_T_/remote/s',
    ])
  })
})
