// `routekit start --workers 2` over real HTTP: one port for both workers, each with its own memory cache,
// revalidations relayed to every worker, a killed worker restarted, SIGTERM draining every worker (docs/deploy.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { BIN, ROOT, runCli, send, startServer, waitFor, type RunningServer } from '../_helpers/server.ts'

const app = join(ROOT, 'test', 'fixtures', 'cluster-app')

interface Answer {
  pid: number
  value: { pid: number; rand: number }
}

beforeAll(() => {
  const build = runCli(['build', app])
  expect(build.status, build.stderr + build.stdout).toBe(0)
})

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Listens on an ephemeral port of 127.0.0.1; the caller closes it (or closes it at once to get a free port). */
function listenAnywhere(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => resolve(probe))
  })
}

async function freePort(): Promise<number> {
  const probe = await listenAnywhere()
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

async function getValue(port: number): Promise<Answer> {
  const res = await send(port, 'GET', '/value')
  expect(res.status, res.body).toBe(200)
  return res.json() as Answer
}

/** GETs (a new connection each) until `count` distinct workers answered; their cached `rand` by pid. */
async function valuesByWorker(port: number, count: number, tries = 60): Promise<Map<number, number>> {
  const seen = new Map<number, number>()
  for (let i = 0; i < tries && seen.size < count; i++) {
    const answer = await getValue(port)
    expect(answer.value.pid).toBe(answer.pid) // each worker computes its own entry
    seen.set(answer.pid, answer.value.rand)
  }
  expect(seen.size, `workers seen in ${tries} requests`).toBe(count)
  return seen
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function exitOf(server: RunningServer, timeoutMs = 30_000): Promise<number | null | 'timeout'> {
  const { child } = server
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode)
    const timer = setTimeout(() => resolve('timeout'), timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

describe('routekit start --workers 2', () => {
  let server: RunningServer
  beforeAll(async () => {
    const port = await freePort()
    server = await startServer(app, { args: ['--workers', '2', '--port', String(port)], timeoutMs: 60_000 })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('prints one ready line, once, with the worker count', () => {
    expect(server.output().match(/ready on/g)).toHaveLength(1)
    expect(server.output()).toMatch(
      new RegExp(`ready on http://127\\.0\\.0\\.1:${server.port} with 2 workers`),
    )
  })

  it('spreads connections over two worker processes on one port, each keeping its own cache', async () => {
    const first = await valuesByWorker(server.port, 2)
    expect(first.has(server.child.pid!)).toBe(false)
    // The app is loaded by the two workers that answered, and by no other process (the primary).
    const loaders = [...server.output().matchAll(/cluster-app loaded in pid (\d+)/g)].map((m) => Number(m[1]))
    expect(loaders.toSorted()).toEqual([...first.keys()].toSorted())
    // A second round is served from each worker's cache: the same value per worker, different across them.
    expect(await valuesByWorker(server.port, 2)).toEqual(first)
    const [a, b] = [...first.values()]
    expect(a).not.toBe(b)
  })

  it('expires the tag in every worker, before the revalidating request answers', async () => {
    const before = await valuesByWorker(server.port, 2)
    const post = await send(server.port, 'POST', '/revalidate')
    expect(post.status).toBe(200)
    const reviser = (post.json() as { pid: number }).pid
    const other = [...before.keys()].find((pid) => pid !== reviser)!
    // Poll (bounded) until the other worker serves a fresh value; without the relay it would serve its entry for hours.
    const fresh = new Map<number, number>()
    const firstFromOther: number[] = []
    const end = Date.now() + 10_000
    while (Date.now() < end && fresh.size < 2) {
      const answer = await getValue(server.port)
      if (answer.pid === other && firstFromOther.length === 0) firstFromOther.push(answer.value.rand)
      if (answer.value.rand !== before.get(answer.pid)) fresh.set(answer.pid, answer.value.rand)
      else if (answer.pid === other) await sleep(20)
    }
    expect([...fresh.keys()].toSorted()).toEqual([...before.keys()].toSorted())
    // The POST answered only once the primary said the other worker had applied it: read your writes.
    expect(firstFromOther).toHaveLength(1)
    expect(firstFromOther[0]).not.toBe(before.get(other))
  })

  it('restarts a worker killed with SIGKILL and counts the restart in the log', async () => {
    const before = await valuesByWorker(server.port, 2)
    const [victim, survivor] = [...before.keys()] as [number, number]
    process.kill(victim, 'SIGKILL')
    await waitFor(
      () => /Worker \d+ \(pid \d+\) is listening, replacing worker \d+/.test(server.output()),
      20_000,
    )
    expect(server.output()).toMatch(
      new RegExp(
        `\\[RK_WORKER_EXITED\\] Worker \\d+ \\(pid ${victim}\\) exited unexpectedly \\(signal SIGKILL\\); restarting it in \\d+ ms \\(restart 1 since start\\)`,
      ),
    )
    const after = await valuesByWorker(server.port, 2)
    expect(after.has(victim)).toBe(false)
    expect(after.has(survivor)).toBe(true)
    expect(after.get(survivor)).toBe(before.get(survivor))
  })

  it('hands a restarted worker the revalidations made before it started', async () => {
    const staticPid = async (): Promise<number> => {
      const res = await send(server.port, 'GET', '/static')
      expect(res.status).toBe(200)
      return (res.json() as { pid: number }).pid
    }
    const workers = await valuesByWorker(server.port, 2)
    // Prerendered at build: the body names the build's process, whichever worker serves it.
    const built = await staticPid()
    expect(workers.has(built)).toBe(false)
    expect(await staticPid()).toBe(built)
    expect((await send(server.port, 'POST', '/revalidate?tag=static')).status).toBe(200)
    const end = Date.now() + 10_000
    let freshInARow = 0
    while (Date.now() < end && freshInARow < 4)
      freshInARow = (await staticPid()) === built ? 0 : freshInARow + 1
    expect(freshInARow).toBe(4)
    // A new worker loads the same build; without the primary's replay it would serve the prerender again.
    const replaced = (): number => (server.output().match(/is listening, replacing worker/g) ?? []).length
    const before = replaced()
    process.kill([...workers.keys()][0]!, 'SIGKILL')
    await waitFor(() => replaced() === before + 1, 20_000)
    const after = await valuesByWorker(server.port, 2)
    expect([...after.keys()].filter((pid) => !workers.has(pid))).toHaveLength(1)
    const answers = [] as number[]
    for (let i = 0; i < 6; i++) answers.push(await staticPid())
    expect(answers.filter((pid) => pid === built)).toEqual([])
    expect(new Set(answers).size).toBe(2) // both workers answered: each rendered it itself
  })

  it('on SIGTERM asks every worker to drain, waits for them, and exits 0', async () => {
    const workers = [...(await valuesByWorker(server.port, 2)).keys()]
    server.child.kill('SIGTERM')
    expect(await exitOf(server)).toBe(0)
    expect(server.output()).toContain('SIGTERM: asking 2 workers to finish in-flight requests, then exiting.')
    expect(server.output().match(/SIGTERM: finishing in-flight requests/g)).toHaveLength(2)
    expect(workers.filter(isRunning)).toEqual([])
  })
})

describe('routekit start --workers: stopping', () => {
  it('lets a request in flight finish when the primary gets SIGTERM, then exits 0', async () => {
    const port = await freePort()
    const server = await startServer(app, {
      args: ['--workers', '2', '--port', String(port)],
      timeoutMs: 60_000,
    })
    try {
      const slow = send(server.port, 'GET', '/slow?ms=800')
      await waitFor(() => server.output().includes('slow request started'), 20_000)
      server.child.kill('SIGTERM')
      const answer = await slow
      expect(answer.status).toBe(200)
      expect(answer.json()).toMatchObject({ slept: 800 })
      expect(await exitOf(server)).toBe(0)
    } finally {
      await server.stop()
    }
  })

  it('drains once, and exits 0, when Ctrl-C signals the primary and the workers together', async () => {
    const port = await freePort()
    // Its own process group, as a terminal's foreground job: the group signal reaches only what this test started.
    const child = spawn(
      process.execPath,
      [BIN, 'start', app, '--workers', '2', '--port', String(port), '--hostname', '127.0.0.1'],
      { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    )
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      await waitFor(() => out.includes('ready on'), 60_000)
      const slow = send(port, 'GET', '/slow?ms=800')
      await waitFor(() => out.includes('slow request started'), 20_000)
      process.kill(-child.pid!, 'SIGINT')
      expect((await slow).status).toBe(200)
      expect(await exited).toBe(0)
      expect(out.match(/SIGINT: finishing in-flight requests/g)).toHaveLength(2)
      expect(out).not.toContain('again')
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL')
    }
  })
})

describe('routekit start --workers: failures', () => {
  it('names the flag, the value and the fix for a bad --workers', () => {
    const result = runCli(['start', app, '--workers', 'two'])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      '[RK_BAD_OPTION] Invalid --workers "two": use a whole number from 1 to 1024, or "auto"',
    )
  })

  it('exits 1 without restarting when the workers cannot listen', async () => {
    const taken = await listenAnywhere()
    try {
      const { port } = taken.address() as { port: number }
      const result = spawnSync(
        process.execPath,
        [BIN, 'start', app, '--workers', '2', '--port', String(port), '--hostname', '127.0.0.1'],
        { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
      )
      const output = result.stdout + result.stderr
      expect(result.status, output).toBe(1)
      expect(output).toContain('EADDRINUSE')
      expect(output).toMatch(
        /\[RK_WORKER_START_FAILED\] Worker \d+ \(pid \d+\) exited \(code 1\) before it was listening/,
      )
      expect(output).not.toContain('RK_WORKER_EXITED')
    } finally {
      taken.close()
    }
  })
})
