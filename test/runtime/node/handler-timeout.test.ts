// The deadline module on a real in-process server, called the way request-listener.ts calls it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startHandlerDeadline, type HandlerDeadline } from '../../../src/runtime/node/handler-timeout.ts'
import type { RuntimeApp } from '../../../src/runtime/runtime-app.ts'
import type { LoadedRoute } from '../../../src/runtime/route-handlers.ts'
import { send } from '../../_helpers/server.ts'

const logger = {
  info: vi.fn<(message: string, error?: unknown) => void>(),
  warn: vi.fn<(message: string, error?: unknown) => void>(),
  error: vi.fn<(message: string, error?: unknown) => void>(),
}
const app = { handlerTimeout: 120, logger } as unknown as RuntimeApp
const noTimeoutApp = { handlerTimeout: 0, logger } as unknown as RuntimeApp
const route = (file: string, module: Record<string, unknown>): LoadedRoute =>
  ({ file, module }) as LoadedRoute

const ROUTES: Record<string, LoadedRoute> = {
  '/hang': route('app/hang/route.ts', { maxDuration: 0.05 }),
  '/global': route('app/global/route.ts', {}),
  '/bad-duration': route('app/bad/route.ts', { maxDuration: 'soon' }),
  '/late': route('app/late/route.ts', { maxDuration: 0.05 }),
  '/fast': route('app/fast/route.ts', { maxDuration: 0.05 }),
  '/off': route('app/off/route.ts', {}),
  '/slow-write': route('app/slow-write/route.ts', { maxDuration: 0.05 }),
}
const deadlines: HandlerDeadline[] = []
let server: Server
let port: number

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url!
    const deadline = startHandlerDeadline(path === '/off' ? noTimeoutApp : app, ROUTES[path]!, req, res)
    deadlines.push(deadline)
    const answer = (): void => {
      // What the listener does when the handler is done: settle, and drop the result once the 504 is out.
      if (deadline.settle()) return
      res.end('answered')
    }
    if (path === '/fast') answer()
    else if (path === '/late' || path === '/off') setTimeout(answer, 200)
    else if (path === '/slow-write') {
      // The handler returned at once; writing its response takes longer than the deadline.
      deadline.settle()
      setTimeout(() => res.end('written late'), 200)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

describe('startHandlerDeadline', () => {
  it("answers 504 after the route's maxDuration and logs it once with the file and the setting", async () => {
    logger.error.mockClear()
    const r = await send(port, 'GET', '/hang')
    expect(r.status).toBe(504)
    expect(r.json()).toEqual({ error: 'Gateway Timeout' })
    expect(r.headers.connection).toBe('close')
    expect(logger.error).toHaveBeenCalledTimes(1)
    expect(logger.error.mock.calls[0]![0]).toBe(
      '[RK_HANDLER_TIMEOUT] GET /hang: app/hang/route.ts returned no Response within 50 ms ' +
        '(maxDuration 0.05 s in app/hang/route.ts); answered 504. Make the handler answer sooner, or raise ' +
        '`export const maxDuration` (seconds) in that file, or `handlerTimeout` in routekit.config.ts ' +
        '(`routekit start --handler-timeout`) for every route.',
    )
  })

  it.each(['/global', '/bad-duration'])('falls back to handlerTimeout for %s', async (path) => {
    logger.error.mockClear()
    expect((await send(port, 'GET', path)).status).toBe(504)
    expect(logger.error.mock.calls[0]![0]).toContain('within 120 ms (handlerTimeout 120 ms)')
  })

  it('marks the deadline expired so a late answer is dropped', async () => {
    const r = await send(port, 'GET', '/late')
    expect(r.status).toBe(504)
    const deadline = deadlines.at(-1)!
    expect(deadline.expired).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 250))
  })

  it('leaves a response that went out in time alone', async () => {
    logger.error.mockClear()
    expect((await send(port, 'GET', '/fast')).body).toBe('answered')
    const deadline = deadlines.at(-1)!
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(deadline.expired).toBe(false)
    expect(logger.error).not.toHaveBeenCalled()
  })

  it('stops the clock once the handler returned, however long the response takes to write', async () => {
    logger.error.mockClear()
    expect((await send(port, 'GET', '/slow-write')).body).toBe('written late')
    expect(deadlines.at(-1)!.expired).toBe(false)
    expect(logger.error).not.toHaveBeenCalled()
  })

  it('sets no deadline when handlerTimeout is 0 and the route has no maxDuration', async () => {
    expect((await send(port, 'GET', '/off')).body).toBe('answered')
    expect(deadlines.at(-1)!.expired).toBe(false)
  })
})
