// Several `routekit start --redis` instances behave as one cache (issue #7): shared fills, revalidation
// everywhere, one computation per cold key across the fleet, and no 5xx while Redis is away.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTree } from '../_helpers/make-tree.ts'
import {
  REDIS_URL,
  dropPrefix,
  freePort,
  startPrivateRedis,
  uniquePrefix,
  type PrivateRedis,
} from '../_helpers/redis-server.ts'
import { ROOT, expectEventually, runCli, send, startServer, type RunningServer } from '../_helpers/server.ts'

interface Product {
  id: string
  version: number
  computedBy: number
  servedBy: number
}

/** A built copy of the fixture, with its "database" (DATA_FILE) and the log of helper runs (RUNS_FILE). */
function buildFixture() {
  const dir = makeTree({})
  cpSync(join(ROOT, 'test', 'fixtures', 'redis-app'), dir, { recursive: true })
  const build = runCli(['build', dir])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  const scratch = mkdtempSync(join(tmpdir(), 'routekit-redis-'))
  const files = { DATA_FILE: join(scratch, 'version'), RUNS_FILE: join(scratch, 'runs') }
  writeFileSync(files.DATA_FILE, '1')
  writeFileSync(files.RUNS_FILE, '')
  const runsOf = (id: string): number =>
    readFileSync(files.RUNS_FILE, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith(`${id} `)).length
  return { dir, files, runsOf, setVersion: (v: number) => writeFileSync(files.DATA_FILE, String(v)) }
}

/**
 * Builds the fixture and starts one `routekit start --redis <url>` per entry of `extraArgs`, all sharing a fresh
 * key prefix; `stop` ends them and drops the prefix's keys.
 */
async function startFleet(url: string, extraArgs: string[][]) {
  const fixture = buildFixture()
  const prefix = uniquePrefix()
  const env = { ...fixture.files, ROUTEKIT_REDIS_PREFIX: prefix }
  const servers = await Promise.all(
    extraArgs.map((args) => startServer(fixture.dir, { args: [...args, '--redis', url], env })),
  )
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.stop()))
    await dropPrefix(prefix, url)
  }
  return { fixture, servers, stop }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function getProduct(server: RunningServer, id: string): Promise<Product> {
  const response = await send(server.port, 'GET', `/products/${id}`)
  expect(response.status, response.body).toBe(200)
  return response.json() as Product
}

describe('two instances sharing one Redis', () => {
  let a: RunningServer
  let b: RunningServer
  let fleet: Awaited<ReturnType<typeof startFleet>>
  let fixture: ReturnType<typeof buildFixture>

  beforeAll(async () => {
    fleet = await startFleet(REDIS_URL, [[], []])
    ;({ fixture } = fleet)
    ;[a, b] = fleet.servers as [RunningServer, RunningServer]
  }, 90_000)
  afterAll(() => fleet?.stop())

  it('serves on B what A filled, without running the helper again', async () => {
    const first = await getProduct(a, 'shared')
    expect(first.computedBy).toBe(a.child.pid)
    const second = await getProduct(b, 'shared')
    expect(second, `A:\n${a.output()}\nB:\n${b.output()}`).toMatchObject({
      version: first.version,
      computedBy: a.child.pid,
      servedBy: b.child.pid,
    })
    expect(fixture.runsOf('shared')).toBe(1)
  })

  it('serves fresh data on A after a revalidateTag POSTed to B', async () => {
    expect((await getProduct(a, 'fresh')).version).toBe(1)
    expect((await getProduct(b, 'fresh')).version).toBe(1)
    fixture.setVersion(2)
    const posted = await send(b.port, 'POST', '/revalidate?tag=products')
    expect(posted.status).toBe(200)
    // B's response went out after the revalidation reached Redis; A hears of it by pub/sub.
    await expectEventually(async () => expect((await getProduct(a, 'fresh')).version).toBe(2), 2_000)
    expect((await getProduct(b, 'fresh')).version).toBe(2)
    expect(fixture.runsOf('fresh')).toBe(2)
  })

  it('runs the helper once for 200 concurrent cold requests spread over both instances', async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => send((i % 2 === 0 ? a : b).port, 'GET', '/products/cold')),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200))
    const bodies = responses.map((r) => r.json() as Product)
    expect(new Set(bodies.map((p) => p.computedBy)).size).toBe(1)
    expect(new Set(bodies.map((p) => p.servedBy))).toEqual(new Set([a.child.pid, b.child.pid]))
    expect(fixture.runsOf('cold')).toBe(1)
  })
})

describe('cluster workers and a single instance on one Redis', () => {
  let cluster: RunningServer
  let single: RunningServer
  let fleet: Awaited<ReturnType<typeof startFleet>>
  let fixture: ReturnType<typeof buildFixture>

  beforeAll(async () => {
    const port = await freePort()
    fleet = await startFleet(REDIS_URL, [['--port', String(port), '--workers', '2'], []])
    ;({ fixture } = fleet)
    ;[cluster, single] = fleet.servers as [RunningServer, RunningServer]
  }, 90_000)
  afterAll(() => fleet?.stop())

  it('computes a cold key once across both workers and the other instance, and revalidates all of them', async () => {
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        send((i % 3 === 0 ? single : cluster).port, 'GET', '/products/mixed'),
      ),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(60).fill(200))
    const bodies = responses.map((r) => r.json() as Product)
    expect(new Set(bodies.map((p) => p.computedBy)).size).toBe(1)
    expect(new Set(bodies.map((p) => p.servedBy)).size).toBe(3) // two workers and the single instance
    expect(fixture.runsOf('mixed')).toBe(1)

    fixture.setVersion(5)
    expect((await send(single.port, 'POST', '/revalidate?tag=products')).status).toBe(200)
    // Every worker (connections spread over both) serves the new version.
    await expectEventually(async () => {
      const versions = await Promise.all(
        Array.from({ length: 8 }, async () => (await getProduct(cluster, 'mixed')).version),
      )
      expect(new Set(versions)).toEqual(new Set([5]))
    }, 5_000)
  }, 60_000)
})

describe('Redis outages', () => {
  let redis: PrivateRedis
  let a: RunningServer
  let b: RunningServer
  let fleet: Awaited<ReturnType<typeof startFleet>>
  let fixture: ReturnType<typeof buildFixture>

  beforeAll(async () => {
    redis = await startPrivateRedis()
    fleet = await startFleet(redis.url, [[], []])
    ;({ fixture } = fleet)
    ;[a, b] = fleet.servers as [RunningServer, RunningServer]
  }, 90_000)
  afterAll(async () => {
    await fleet?.stop()
    await redis?.stop()
  })

  it('answers every request of a load on both instances while Redis stops and starts again', async () => {
    const statuses = new Map<number, number>()
    const failures: string[] = []
    const load = { running: true }
    // 16 clients, each in a loop, over cached and plain routes of both instances; bounded by `running`.
    const client = async (n: number): Promise<void> => {
      for (let i = 0; load.running && i < 10_000; i++) {
        const server = (n + i) % 2 === 0 ? a : b
        const path = i % 3 === 0 ? '/hello' : `/products/load-${(n + i) % 5}`
        try {
          const r = await send(server.port, 'GET', path)
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
        } catch (error) {
          failures.push(String(error))
        }
      }
    }
    const clients = Array.from({ length: 16 }, (_, n) => client(n))
    await pause(800)
    await redis.stop()
    await pause(1_500)
    await redis.start()
    await pause(1_500)
    load.running = false
    await Promise.all(clients)
    expect(failures).toEqual([])
    expect([...statuses.keys()]).toEqual([200])
    expect(statuses.get(200)).toBeGreaterThan(100)
    for (const server of [a, b]) {
      expect(server.output().match(/is unreachable/g)?.length).toBe(1)
    }
  }, 30_000)

  it('invalidates everywhere again once Redis is back', async () => {
    await expectEventually(() => {
      for (const server of [a, b]) expect(server.output()).toMatch(/is back after/)
    }, 10_000)
    expect((await getProduct(a, 'after')).version).toBe(1)
    expect((await getProduct(b, 'after')).version).toBe(1)
    fixture.setVersion(3)
    expect((await send(a.port, 'POST', '/revalidate?tag=products')).status).toBe(200)
    await expectEventually(async () => expect((await getProduct(b, 'after')).version).toBe(3), 2_000)
  })
})

describe('start-up with Redis', () => {
  it('serves without Redis when it cannot be reached, and says so with the address', async () => {
    const fixture = buildFixture()
    const server = await startServer(fixture.dir, {
      args: ['--redis', 'redis://127.0.0.1:1'],
      env: fixture.files,
    })
    try {
      expect(server.output()).toMatch(/Redis cache at redis:\/\/127\.0\.0\.1:1 is unreachable \(ECONNREFUSED/)
      expect((await getProduct(server, 'alone')).computedBy).toBe(server.child.pid)
      expect((await getProduct(server, 'alone')).computedBy).toBe(server.child.pid)
      expect(fixture.runsOf('alone')).toBe(1) // the local layer still caches
    } finally {
      await server.stop()
    }
  }, 60_000)

  it('refuses a malformed Redis URL, naming where it came from and the fix', () => {
    const fixture = buildFixture()
    const bad = runCli(['start', fixture.dir, '--port', '0', '--redis', 'http://127.0.0.1:6379'])
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/--redis: the Redis URL "http:\/\/127\.0\.0\.1:6379" is invalid .*redis:\/\//)
    const fromEnv = runCli(['start', fixture.dir, '--port', '0'], { ROUTEKIT_REDIS_URL: 'nope' })
    expect(fromEnv.status).toBe(1)
    expect(fromEnv.stderr).toMatch(/ROUTEKIT_REDIS_URL: the Redis URL "nope" is invalid \(it is not a URL\)/)
  }, 60_000)
})
