import { describe, expect, it, vi } from 'vitest'
import {
  addShutdownHook,
  countBackgroundTasks,
  runShutdownHooks,
  settleBackgroundTasks,
  trackBackgroundTask,
} from '../../../src/runtime/node/track-pending-work.ts'

const later = (ms: number, fail = false): Promise<void> =>
  new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error('x')) : resolve()), ms))
const logger = () => ({
  info: vi.fn<(message: string, error?: unknown) => void>(),
  warn: vi.fn<(message: string, error?: unknown) => void>(),
  error: vi.fn<(message: string, error?: unknown) => void>(),
})

describe('background tasks', () => {
  it('waits for every tracked task, fulfilled or rejected, and forgets it once settled', async () => {
    trackBackgroundTask(later(30))
    trackBackgroundTask(later(50, true))
    expect(countBackgroundTasks()).toBe(2)
    expect(await settleBackgroundTasks(performance.now() + 2_000)).toBe(true)
    expect(countBackgroundTasks()).toBe(0)
  })

  it('waits for a task that a tracked task started', async () => {
    trackBackgroundTask(later(20).then(() => trackBackgroundTask(later(40))))
    expect(await settleBackgroundTasks(performance.now() + 2_000)).toBe(true)
    expect(countBackgroundTasks()).toBe(0)
  })

  it('gives up at the deadline and says so', async () => {
    trackBackgroundTask(later(300))
    expect(await settleBackgroundTasks(performance.now() + 30)).toBe(false)
    expect(countBackgroundTasks()).toBe(1)
    await settleBackgroundTasks(performance.now() + 1_000)
  })
})

describe('shutdown hooks', () => {
  it('runs every hook, and logs a failing or hanging one by name without stopping the others', async () => {
    const ran: string[] = []
    const removers = [
      addShutdownHook('redis', async () => {
        await later(10)
        ran.push('redis')
      }),
      addShutdownHook('broken', () => {
        throw new Error('cannot close')
      }),
      addShutdownHook('stuck', () => new Promise(() => undefined)),
    ]
    const log = logger()
    await runShutdownHooks(log, 100)
    removers.forEach((remove) => remove())
    expect(ran).toEqual(['redis'])
    const messages = log.error.mock.calls.map((call) => String(call[0]))
    expect(messages).toEqual([
      '[RK_SHUTDOWN_HOOK_FAILED] Shutdown: closing broken failed; the process exits anyway:',
      '[RK_SHUTDOWN_HOOK_FAILED] Shutdown: closing stuck failed; the process exits anyway:',
    ])
    expect(String(log.error.mock.calls[1]![1])).toContain('did not finish within 100 ms')
  })

  it('keeps one hook per name, and removing it leaves a newer one in place', async () => {
    const calls: string[] = []
    const removeOld = addShutdownHook('cache', () => calls.push('old'))
    const removeNew = addShutdownHook('cache', () => calls.push('new'))
    removeOld()
    await runShutdownHooks(logger(), 100)
    removeNew()
    await runShutdownHooks(logger(), 100)
    expect(calls).toEqual(['new'])
  })
})
