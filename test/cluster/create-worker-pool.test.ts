// The cluster primary's pool, driven with fake workers: relay, replay for late workers, restarts with
// backoff, start failures and the stop sequence (docs/deploy.md#cluster-workers).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TagEvent } from '../../src/cache/tag-events.ts'
import type { ClusterMessage } from '../../src/cluster/cluster-message.ts'
import {
  createWorkerPool,
  restartDelay,
  type PoolWorker,
  type WorkerPool,
  type WorkerPoolOptions,
} from '../../src/cluster/create-worker-pool.ts'

interface FakeWorker extends PoolWorker {
  sent: ClusterMessage[]
  signals: string[]
  connected: boolean
}

const event = (tags: string[], at = 1): TagEvent => ({ tags, durations: undefined, at, origin: 'w' })

function setup(overrides: Partial<WorkerPoolOptions> = {}) {
  const workers: FakeWorker[] = []
  const lines: string[] = []
  const ready: number[] = []
  const stopped: number[] = []
  let clock = 0
  const pool: WorkerPool = createWorkerPool({
    size: 2,
    fork() {
      const worker: FakeWorker = {
        id: workers.length + 1,
        process: {
          pid: 1000 + workers.length + 1,
          kill: (signal) => worker.signals.push(signal ?? 'SIGTERM') > 0,
        },
        sent: [],
        signals: [],
        connected: true,
        send: (message) => worker.sent.push(message) > 0,
        isConnected: () => worker.connected,
      }
      workers.push(worker)
      return worker
    },
    logger: {
      info: (m) => lines.push(`info ${m}`),
      warn: (m) => lines.push(`warn ${m}`),
      error: (m) => lines.push(`error ${m}`),
    },
    onReady: (port) => ready.push(port),
    onStopped: (code) => stopped.push(code),
    stopTimeoutMs: 15_000,
    now: () => clock,
    ...overrides,
  })
  const tick = (ms: number): void => {
    clock += ms
    vi.advanceTimersByTime(ms)
  }
  const startListening = (): void => {
    pool.start()
    for (const worker of workers) pool.handleListening(worker, 3000)
  }
  return { pool, workers, lines, ready, stopped, tick, startListening }
}

describe('createWorkerPool', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('is ready once every worker of the first generation listens', () => {
    const { pool, workers, ready } = setup()
    pool.start()
    expect(workers).toHaveLength(2)
    pool.handleListening(workers[0]!, 3000)
    expect(ready).toEqual([])
    pool.handleListening(workers[1]!, 3000)
    expect(ready).toEqual([3000])
  })

  it('relays a tag event to every other connected worker, not back to its sender', () => {
    const { pool, workers, startListening } = setup({ size: 3 })
    startListening()
    workers[2]!.connected = false
    const message: ClusterMessage = { routekit: 'tag-event', event: event(['a']) }
    pool.handleMessage(workers[0]!, message)
    expect(workers[0]!.sent).toEqual([])
    expect(workers[1]!.sent).toEqual([message])
    expect(workers[2]!.sent).toEqual([])
  })

  it('ignores messages that are not ours and tag events of the wrong shape', () => {
    const { pool, workers, startListening } = setup()
    startListening()
    pool.handleMessage(workers[0]!, { type: 'user-message', event: event(['a']) })
    pool.handleMessage(workers[0]!, { routekit: 'tag-event', event: { tags: 'a', at: 1, origin: 'w' } })
    pool.handleMessage(workers[0]!, { routekit: 'tag-sync' })
    expect(workers[1]!.sent).toEqual([])
    expect(workers[0]!.sent).toEqual([{ routekit: 'tag-sync', events: [] }])
  })

  it('answers a tag sync with the latest revalidation of each tag, once per event', () => {
    const { pool, workers, startListening } = setup()
    startListening()
    const first = event(['a', 'b'], 1)
    const second = event(['b'], 2)
    pool.handleMessage(workers[0]!, { routekit: 'tag-event', event: first })
    pool.handleMessage(workers[1]!, { routekit: 'tag-event', event: second })
    pool.handleMessage(workers[1]!, { routekit: 'tag-sync' })
    expect(workers[1]!.sent.at(-1)).toEqual({ routekit: 'tag-sync', events: [first, second] })
  })

  it('restarts a worker that exits, after a delay that doubles while it keeps exiting quickly', () => {
    const { pool, workers, lines, tick, startListening } = setup()
    startListening()
    pool.handleExit(workers[1]!, null, 'SIGKILL')
    expect(lines.at(-1)).toBe(
      'error [RK_WORKER_EXITED] Worker 2 (pid 1002) exited unexpectedly (signal SIGKILL); restarting it in 100 ms ' +
        '(restart 1 since start). Its own log lines above say why; a worker that keeps exiting is restarted ever more slowly.',
    )
    tick(99)
    expect(workers).toHaveLength(2)
    tick(1)
    expect(workers).toHaveLength(3)
    pool.handleListening(workers[2]!, 3000)
    expect(lines.at(-1)).toBe('info Worker 3 (pid 1003) is listening, replacing worker 2.')
    pool.handleExit(workers[2]!, 1, null)
    expect(lines.at(-1)).toContain('(code 1); restarting it in 200 ms (restart 2 since start)')
    tick(200)
    expect(workers).toHaveLength(4)
    expect(pool.restarts).toBe(2)
  })

  it('starts the backoff over for a worker that ran long enough', () => {
    const { pool, workers, lines, tick, startListening } = setup()
    startListening()
    pool.handleExit(workers[0]!, 1, null)
    tick(100)
    tick(10_000)
    pool.handleExit(workers[2]!, 1, null)
    expect(lines.at(-1)).toContain('restarting it in 100 ms (restart 2 since start)')
  })

  it('caps the restart delay', () => {
    expect([1, 2, 3, 8, 20].map((streak) => restartDelay(streak))).toEqual([100, 200, 400, 10_000, 10_000])
  })

  it('stops everything, exit code 1, when a first-generation worker exits before it listens', () => {
    const { pool, workers, lines, ready, stopped } = setup()
    pool.start()
    pool.handleListening(workers[0]!, 3000)
    pool.handleExit(workers[1]!, 1, null)
    expect(lines).toContain(
      'error [RK_WORKER_START_FAILED] Worker 2 (pid 1002) exited (code 1) before it was listening, so the cluster ' +
        'cannot start: stopping the other workers. Its error is above; fix it (or run without --workers to see it alone) and start again.',
    )
    expect(workers).toHaveLength(2)
    expect(workers[0]!.sent).toEqual([{ routekit: 'shutdown', reason: 'A worker failed to start' }])
    pool.handleExit(workers[0]!, 0, null)
    expect(ready).toEqual([])
    expect(stopped).toEqual([1])
  })

  it('on stop asks each worker to drain, restarts nothing, and reports 0 once all exited 0', () => {
    const { pool, workers, stopped, tick, startListening } = setup()
    startListening()
    pool.handleExit(workers[0]!, null, 'SIGKILL') // a restart is pending…
    pool.stop('SIGTERM')
    tick(10_000) // …and never happens
    expect(workers).toHaveLength(2)
    expect(workers[1]!.sent).toEqual([{ routekit: 'shutdown', reason: 'SIGTERM' }])
    expect(workers[1]!.signals).toEqual([])
    expect(stopped).toEqual([])
    pool.handleExit(workers[1]!, 0, null)
    expect(stopped).toEqual([0])
  })

  it('signals a worker that is not listening yet instead of messaging it', () => {
    const { pool, workers, stopped } = setup()
    pool.start()
    pool.handleListening(workers[0]!, 3000)
    pool.stop('SIGINT')
    expect(workers[0]!.sent).toEqual([{ routekit: 'shutdown', reason: 'SIGINT' }])
    expect(workers[1]!.signals).toEqual(['SIGTERM'])
    pool.handleExit(workers[1]!, null, 'SIGTERM')
    pool.handleExit(workers[0]!, 0, null)
    expect(stopped).toEqual([0])
  })

  it('on a second stop kills the workers at once, and reports 1', () => {
    const { pool, workers, stopped, startListening } = setup()
    startListening()
    pool.stop('SIGTERM')
    pool.stop('SIGTERM')
    expect(workers.map((w) => w.signals)).toEqual([['SIGKILL'], ['SIGKILL']])
    pool.handleExit(workers[0]!, null, 'SIGKILL')
    pool.handleExit(workers[1]!, null, 'SIGKILL')
    expect(stopped).toEqual([1])
  })

  it('kills workers still running at the stop timeout, and reports 1', () => {
    const { pool, workers, stopped, tick, startListening } = setup()
    startListening()
    pool.stop('SIGTERM')
    pool.handleExit(workers[0]!, 0, null)
    tick(14_999)
    expect(workers[1]!.signals).toEqual([])
    tick(1)
    expect(workers[1]!.signals).toEqual(['SIGKILL'])
    pool.handleExit(workers[1]!, null, 'SIGKILL')
    expect(stopped).toEqual([1])
  })
})
