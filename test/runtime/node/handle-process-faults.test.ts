import { describe, expect, it, vi } from 'vitest'
import { findRouteFile, handleProcessFaults } from '../../../src/runtime/node/handle-process-faults.ts'

const FILES = ['app/a/route.ts', 'app/users/[id]/route.ts']

const errorWithStack = (...frames: string[]): Error =>
  Object.assign(new Error('boom'), { stack: ['Error: boom', ...frames.map((f) => `    at ${f}`)].join('\n') })

describe('findRouteFile', () => {
  it('names the route whose frame is closest to the throw', () => {
    const error = errorWithStack(
      'helper (/srv/app/lib/db.ts:3:9)',
      'GET (/srv/app/app/users/[id]/route.ts:4:11)',
      'other (/srv/app/app/a/route.ts:2:1)',
    )
    expect(findRouteFile(error, FILES)).toBe('app/users/[id]/route.ts')
  })

  it('says so when no route file is in the stack, or there is no stack', () => {
    expect(findRouteFile(errorWithStack('x (/srv/lib/x.ts:1:1)'), FILES)).toBe(
      'no route file in its stack trace',
    )
    expect(findRouteFile('a string reason', FILES)).toBe('no route file in its stack trace')
  })

  it('does not take a file whose path merely ends like a route', () => {
    expect(findRouteFile(errorWithStack('f (/srv/myapp/a/route.ts:1:1)'), FILES)).toBe(
      'no route file in its stack trace',
    )
  })
})

describe('handleProcessFaults', () => {
  it('logs a rejection and keeps going; logs an exception and calls onFatal; uninstalls cleanly', () => {
    const logger = {
      info: vi.fn<(message: string, error?: unknown) => void>(),
      warn: vi.fn<(message: string, error?: unknown) => void>(),
      error: vi.fn<(message: string, error?: unknown) => void>(),
    }
    const onFatal = vi.fn<() => void>()
    const before = [process.listenerCount('unhandledRejection'), process.listenerCount('uncaughtException')]
    const uninstall = handleProcessFaults({ logger, routeFiles: FILES, drainTimeout: 10_000, onFatal })
    // Call the installed listeners directly: emitting on `process` would reach vitest's own handlers too.
    const onRejection = process.listeners('unhandledRejection').at(-1)!
    const onException = process.listeners('uncaughtException').at(-1)!
    const error = errorWithStack('GET (/srv/app/app/a/route.ts:2:3)')
    onRejection(error, Promise.resolve())
    expect(logger.error.mock.calls[0]![0]).toContain(
      '[RK_UNHANDLED_REJECTION] A promise rejected and nothing handled it (from app/a/route.ts)',
    )
    expect(onFatal).not.toHaveBeenCalled()
    onException(error, 'uncaughtException')
    expect(logger.error.mock.calls[1]![0]).toContain(
      '[RK_UNCAUGHT_EXCEPTION] An exception was thrown outside any request (from app/a/route.ts)',
    )
    expect(logger.error.mock.calls[1]![0]).toContain('(drainTimeout 10000 ms)')
    expect(onFatal).toHaveBeenCalledTimes(1)
    uninstall()
    expect([process.listenerCount('unhandledRejection'), process.listenerCount('uncaughtException')]).toEqual(
      before,
    )
  })
})
