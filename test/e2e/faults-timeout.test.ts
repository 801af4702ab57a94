// A handler that never answers gets a 504 after its route's maxDuration or the global handlerTimeout.
// The deadline starts in src/runtime/node/call-handler.ts (see handler-timeout.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { ROOT, runCli, send, startServer, waitFor, type RunningServer } from '../_helpers/server.ts'

const app = join(ROOT, 'test', 'fixtures', 'hardening-timeout')
let server: RunningServer

const count = (text: string, needle: string): number => text.split(needle).length - 1
const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('handler deadlines (504)', () => {
  beforeAll(async () => {
    const build = runCli(['build', app])
    expect(build.status, build.stderr + build.stdout).toBe(0)
    server = await startServer(app)
  })
  afterAll(() => server?.stop())

  it("answers a handler that never resolves with 504 after the route's maxDuration", async () => {
    const r = await send(server.port, 'GET', '/hang')
    expect(r.status).toBe(504)
    expect(r.json()).toEqual({ error: 'Gateway Timeout' })
    expect(r.headers.connection).toBe('close')
    await waitFor(() => server.output().includes('maxDuration 0.3 s in app/hang/route.ts'))
    expect(count(server.output(), 'GET /hang: app/hang/route.ts returned no Response within 300 ms')).toBe(1)
  })

  it('answers with 504 after the global handlerTimeout when the route sets no maxDuration', async () => {
    const r = await send(server.port, 'GET', '/hang-global')
    expect(r.status).toBe(504)
    await waitFor(() => server.output().includes('within 600 ms (handlerTimeout 600 ms)'))
  })

  it("lets a route's maxDuration exceed the global handlerTimeout", async () => {
    const r = await send(server.port, 'GET', '/slow-ok')
    expect(r.status).toBe(200)
    expect(r.json()).toEqual({ slow: 'ok' })
  })

  it('drops a Response that arrives after the 504, with the fault logged once', async () => {
    expect((await send(server.port, 'GET', '/late')).status).toBe(504)
    await settle(800)
    const output = server.output()
    expect(count(output, 'GET /late: app/late/route.ts returned no Response')).toBe(1)
    expect(output).not.toContain('failed in app/late/route.ts')
    expect((await send(server.port, 'GET', '/hello')).status).toBe(200)
  })

  it('drops a rejection that arrives after the 504, with the fault logged once', async () => {
    expect((await send(server.port, 'POST', '/late')).status).toBe(504)
    await settle(800)
    expect(server.output()).not.toContain('late failure after the 504')
    expect(count(server.output(), 'POST /late: app/late/route.ts returned no Response')).toBe(1)
  })

  it('lets a body stream outlive maxDuration once the Response is returned', async () => {
    const r = await send(server.port, 'GET', '/stream-long')
    expect(r.status).toBe(200)
    expect(r.body).toBe(Array.from({ length: 8 }, (_, i) => `part${i}\n`).join(''))
  })

  it('takes --handler-timeout over the config file', async () => {
    const strict = await startServer(app, { args: ['--handler-timeout', '150ms'] })
    try {
      expect((await send(strict.port, 'GET', '/hang-global')).status).toBe(504)
      await waitFor(() => strict.output().includes('(handlerTimeout 150 ms)'))
    } finally {
      await strict.stop()
    }
  })
})
