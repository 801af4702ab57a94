// The shutdown sequence on an in-process server: drain, background tasks, hooks, exit — in that order.
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createShutdown, type Shutdown } from '../../../src/runtime/node/create-shutdown.ts'
import { addShutdownHook, trackBackgroundTask } from '../../../src/runtime/node/track-pending-work.ts'
import { send } from '../../_helpers/server.ts'

const events: string[] = []
let server: Server | undefined
const removers: (() => void)[] = []

afterEach(() => {
  events.length = 0
  removers.splice(0).forEach((remove) => remove())
  server?.closeAllConnections()
  server?.close()
})

/** A server whose `/slow` answers after 150 ms and whose `/hang` never answers. */
async function listen(): Promise<number> {
  server = createServer((req, res) => {
    if (req.url === '/slow')
      setTimeout(() => {
        events.push('response')
        res.end('done')
      }, 150)
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return (server!.address() as AddressInfo).port
}

interface Setup {
  logger: Record<'info' | 'warn' | 'error', Mock<(message: string, error?: unknown) => void>>
  exited: Promise<number>
  shutdown: Shutdown
}

/** A shutdown for the current server whose `exit` records the code instead of ending the process. */
function setup(drainTimeout: number): Setup {
  const logger = {
    info: vi.fn<(message: string, error?: unknown) => void>(),
    warn: vi.fn<(message: string, error?: unknown) => void>(),
    error: vi.fn<(message: string, error?: unknown) => void>(),
  }
  let exit!: (code: number) => void
  const exited = new Promise<number>((resolve) => (exit = resolve))
  const shutdown = createShutdown(server!, {
    drainTimeout,
    logger,
    exit: (code) => {
      events.push(`exit ${code}`)
      exit(code)
    },
  })
  return { logger, exited, shutdown }
}

describe('createShutdown', () => {
  it('finishes the request in flight, then background tasks, then hooks, then exits with the code', async () => {
    const port = await listen()
    removers.push(addShutdownHook('redis', () => void events.push('hook')))
    const { exited, shutdown } = setup(2_000)
    const slow = send(port, 'GET', '/slow')
    await new Promise((r) => setTimeout(r, 50))
    trackBackgroundTask(new Promise<void>((r) => setTimeout(r, 250)).then(() => void events.push('after()')))
    shutdown.begin(0, 'SIGTERM')
    expect((await slow).body).toBe('done')
    expect(await exited).toBe(0)
    expect(events).toEqual(['response', 'after()', 'hook', 'exit 0'])
  })

  it('cuts what is still running at drainTimeout, logs how much, and still exits', async () => {
    const port = await listen()
    const { logger, exited, shutdown } = setup(150)
    const hung = send(port, 'GET', '/hang').catch((error: Error) => error.message)
    await new Promise((r) => setTimeout(r, 50))
    shutdown.begin(0, 'SIGTERM')
    expect(await exited).toBe(0)
    expect(await hung).toBe('socket hang up')
    expect(logger.error.mock.calls[0]![0]).toContain(
      '[RK_DRAIN_TIMEOUT] Shutdown: 1 connection was still busy after the 150 ms drainTimeout',
    )
  })

  it('exits at once with code 1 when asked a second time', async () => {
    const port = await listen()
    const { logger, shutdown } = setup(10_000)
    void send(port, 'GET', '/hang').catch(() => undefined)
    await new Promise((r) => setTimeout(r, 50))
    shutdown.begin(0, 'SIGTERM')
    expect(shutdown.started).toBe(true)
    shutdown.begin(0, 'SIGINT')
    expect(events).toEqual(['exit 1'])
    expect(logger.warn).toHaveBeenCalledWith(
      'SIGINT again: exiting now without waiting for in-flight requests.',
    )
  })
})
