// Handler faults over real HTTP: each is logged once with its route and the process keeps serving
// (issue "Production hardening" 3). Timeouts: faults-timeout.test.ts; shutdown: faults-shutdown.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { join } from 'node:path'
import { ROOT, runCli, send, startServer, waitFor, type RunningServer } from '../_helpers/server.ts'
import { head, sendRaw } from '../_helpers/raw-http.ts'

const app = join(ROOT, 'test', 'fixtures', 'hardening-faults')
let server: RunningServer

beforeAll(async () => {
  const build = runCli(['build', app])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  server = await startServer(app)
})
afterAll(() => server?.stop())

const count = (text: string, needle: string): number => text.split(needle).length - 1
const settle = (ms = 300): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** The server still answers a plain request. */
async function expectServing(target: RunningServer = server): Promise<void> {
  expect((await send(target.port, 'GET', '/hello')).json()).toEqual({ hello: 'world' })
}

/** Calls `get` until `ok` accepts its result (5 s at most), and returns that result. */
async function poll<T>(get: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const end = Date.now() + 5_000
  for (;;) {
    const value = await get()
    if (ok(value) || Date.now() > end) return value
    await settle(30)
  }
}

/** GETs `path` and resolves with what arrived and whether the response ended normally. */
function stream(
  path: string,
  stopAfter?: number,
): Promise<{ status: number; body: string; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, agent: false }, (res) => {
      let body = ''
      let chunks = 0
      res.setEncoding('utf8')
      const end = (complete: boolean): void => resolve({ status: res.statusCode!, body, complete })
      res.on('data', (chunk: string) => {
        body += chunk
        if (stopAfter !== undefined && ++chunks === stopAfter) {
          req.destroy()
          end(false)
        }
      })
      res.on('end', () => end(true))
      res.on('aborted', () => end(false))
      res.on('error', () => end(false))
    })
    req.on('error', (error) => (stopAfter === undefined ? undefined : reject(error)))
    req.end()
  })
}

describe('faults inside a request', () => {
  it('answers a synchronous throw with an empty 500, logs it once with the route, and keeps serving', async () => {
    const r = await send(server.port, 'GET', '/throws')
    expect(r.status).toBe(500)
    expect(r.body).toBe('')
    await waitFor(() => server.output().includes('sync fault in throws'))
    await settle()
    expect(count(server.output(), 'GET /throws failed in app/throws/route.ts')).toBe(1)
    await expectServing()
  })

  it('answers a rejected handler promise with an empty 500 and logs it once', async () => {
    const r = await send(server.port, 'POST', '/throws')
    expect(r.status).toBe(500)
    await waitFor(() => server.output().includes('async fault in throws'))
    await settle()
    expect(count(server.output(), 'POST /throws failed in app/throws/route.ts')).toBe(1)
    await expectServing()
  })

  it('cuts the connection when a stream fails after the response started, and logs it once', async () => {
    const r = await stream('/stream-fails')
    expect(r.status).toBe(200)
    expect(r.body).toBe('first chunk\n')
    expect(r.complete).toBe(false)
    await waitFor(() => server.output().includes('stream fault mid-body'))
    await settle()
    expect(count(server.output(), 'GET /stream-fails failed in app/stream-fails/route.ts')).toBe(1)
    await expectServing()
  })
})

describe('faults after the response', () => {
  it('logs a rejection left behind in the background once, naming the route, and keeps serving', async () => {
    const r = await send(server.port, 'GET', '/background')
    expect(r.json()).toEqual({ answered: true })
    await waitFor(() => server.output().includes('background fault'))
    await settle()
    const output = server.output()
    expect(count(output, '[RK_UNHANDLED_REJECTION]')).toBe(1)
    expect(output).toContain('(from app/background/route.ts); the server keeps serving')
    await expectServing()
  })

  it('logs a failing after() callback once with the route', async () => {
    const r = await send(server.port, 'GET', '/after-fails')
    expect(r.json()).toEqual({ answered: true })
    await waitFor(() => server.output().includes('after() fault'))
    await settle()
    expect(count(server.output(), 'after() callback failed in app/after-fails/route.ts')).toBe(1)
    await expectServing()
  })

  it('cancels the body stream when the client disconnects mid-stream, and logs nothing', async () => {
    const before = server.output()
    const r = await stream('/stream-forever', 2)
    expect(r.body).toContain('tick\n')
    const state = await poll(
      async () => (await send(server.port, 'GET', '/stream-forever/state')).json() as { cancelled: number },
      (s) => s.cancelled === 1,
    )
    expect(state.cancelled).toBe(1)
    // Next.js logs nothing when a client aborts (its own app-routes test): a disconnect is not a fault.
    expect(server.output().slice(before.length)).not.toContain('stream-forever')
    await expectServing()
  })
})

describe('a client that leaves mid-body', () => {
  it.each(['POST', 'PUT'])('is not a fault: %s logs nothing and the server keeps serving', async (method) => {
    const before = server.output().length
    const partial = `${head(method, '/upload', ['Content-Length: 100'], false)}only-ten-b`
    const r = await sendRaw(server.port, partial, { timeoutMs: 200 })
    expect(r.status).toBeUndefined()
    await settle()
    expect(server.output().slice(before)).not.toContain('upload')
    await expectServing()
  })
})

describe('an uncaught exception', () => {
  it('is logged with the route; in-flight requests finish, then the process exits with code 1', async () => {
    const doomed = await startServer(app)
    try {
      const slow = send(doomed.port, 'POST', '/uncaught')
      await settle(50)
      expect((await send(doomed.port, 'GET', '/uncaught')).json()).toEqual({ answered: true })
      expect((await slow).json()).toEqual({ finished: true })
      const code = await new Promise<number | null>((resolve) => {
        if (doomed.child.exitCode !== null) resolve(doomed.child.exitCode)
        else doomed.child.once('exit', (c) => resolve(c))
      })
      expect(code).toBe(1)
      const output = doomed.output()
      expect(count(output, '[RK_UNCAUGHT_EXCEPTION]')).toBe(1)
      expect(output).toContain('(from app/uncaught/route.ts)')
      expect(output).toContain('uncaught timer fault')
    } finally {
      await doomed.stop()
    }
  })
})
