/**
 * The cluster primary's bookkeeping, free of `node:cluster` so tests can drive it with fake workers:
 * forks `size` workers, hands revalidations to the tag relay (create-tag-relay.ts), restarts a worker that
 * exits unexpectedly after a backoff, and on stop asks every worker to drain, waits for all of them, and
 * reports the exit code.
 */
import { createError } from '../errors.ts'
import type { Logger } from '../_internal/logger.ts'
import { isClusterMessage, type ClusterMessage } from './cluster-message.ts'
import { createTagRelay } from './create-tag-relay.ts'

/** A worker as the pool uses it; node:cluster's `Worker` fits. */
export interface PoolWorker {
  readonly id: number
  readonly process: { readonly pid?: number | undefined; kill(signal?: NodeJS.Signals): boolean }
  send(message: ClusterMessage): boolean
  isConnected(): boolean
}

/** How restarts slow down: `firstMs`, doubling per quick exit up to `maxMs`; a run of `stableMs` resets it. */
export interface RestartBackoff {
  firstMs: number
  maxMs: number
  stableMs: number
}

export const DEFAULT_BACKOFF: RestartBackoff = { firstMs: 100, maxMs: 10_000, stableMs: 10_000 }

export interface WorkerPoolOptions {
  size: number
  fork: () => PoolWorker
  logger: Logger
  /** Called once, when every worker of the first generation listens. */
  onReady: (port: number) => void
  /** Called once, when every worker has exited after `stop`; 0 when all of them exited 0. */
  onStopped: (code: number) => void
  /** After `stop`, workers still running this long are killed (they drain within drainTimeout + hooks). */
  stopTimeoutMs: number
  backoff?: RestartBackoff
  now?: () => number
}

/** The primary's pool of workers; the `handle*` methods take node:cluster's events. */
export interface WorkerPool {
  start(): void
  handleMessage(worker: PoolWorker, message: unknown): void
  handleListening(worker: PoolWorker, port: number): void
  handleExit(worker: PoolWorker, code: number | null, signal: string | null): void
  /** First call: drain every worker, then `onStopped`. A second call (second signal) kills them at once. */
  stop(reason: string, code?: number): void
  /** Restarts so far. */
  readonly restarts: number
}

interface Member {
  worker: PoolWorker
  slot: number
  forkedAt: number
  listening: boolean
  replaces: PoolWorker | undefined
  /** Stopped with SIGTERM before it listened: its exit by signal is expected. */
  cutShort: boolean
}

/** The delay before the `streak`-th quick restart in a row of one worker slot. */
export function restartDelay(streak: number, backoff: RestartBackoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, streak - 1))
}

/** Builds a pool; nothing is forked before `start()`. */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const { size, logger, backoff = DEFAULT_BACKOFF, now = () => performance.now() } = options
  const members = new Map<number, Member>()
  const streaks: number[] = Array.from({ length: size }, () => 0)
  const timers = new Set<NodeJS.Timeout>()
  const relay = createTagRelay()
  let restarts = 0
  let ready = false
  let stopping = false
  let exitCode = 0
  let killTimer: NodeJS.Timeout | undefined

  const spawn = (slot: number, replaces?: PoolWorker): void => {
    const worker = options.fork()
    members.set(worker.id, { worker, slot, forkedAt: now(), listening: false, replaces, cutShort: false })
  }

  const finish = (): void => {
    clearTimeout(killTimer)
    options.onStopped(exitCode)
  }

  const pool: WorkerPool = {
    start() {
      for (let slot = 0; slot < size; slot++) spawn(slot)
    },
    handleMessage(worker, message) {
      if (!isClusterMessage(message)) return
      if (message.routekit === 'tag-event') {
        relay.relay(
          worker,
          message,
          [...members.values()].map((member) => member.worker),
        )
      } else if (message.routekit === 'tag-ack') relay.acknowledge(worker, message.ack)
      else if (message.routekit === 'tag-sync') relay.sync(worker)
    },
    handleListening(worker, port) {
      const member = members.get(worker.id)
      if (member === undefined || member.listening) return
      member.listening = true
      if (member.replaces !== undefined) {
        const old = member.replaces
        logger.info(
          `Worker ${worker.id} (pid ${worker.process.pid}) is listening, replacing worker ${old.id}.`,
        )
      }
      if (!ready && members.size === size && [...members.values()].every((m) => m.listening)) {
        ready = true
        options.onReady(port)
      }
    },
    handleExit(worker, code, signal) {
      const member = members.get(worker.id)
      if (member === undefined) return
      members.delete(worker.id)
      relay.forget(worker)
      const how = signal !== null ? `signal ${signal}` : `code ${code}`
      if (stopping) {
        if (code !== 0 && !member.cutShort) exitCode = 1
        if (members.size === 0) finish()
        return
      }
      if (!ready && !member.listening) {
        // The first generation could not start (a port in use, a broken build): restarting cannot help.
        logger.error(
          createError('RK_WORKER_START_FAILED', { id: worker.id, pid: worker.process.pid, how }).message,
        )
        pool.stop('A worker failed to start', 1)
        return
      }
      streaks[member.slot] = now() - member.forkedAt >= backoff.stableMs ? 1 : streaks[member.slot]! + 1
      const ms = restartDelay(streaks[member.slot]!, backoff)
      restarts++
      logger.error(
        createError('RK_WORKER_EXITED', { id: worker.id, pid: worker.process.pid, how, ms, restarts })
          .message,
      )
      const timer = setTimeout(() => {
        timers.delete(timer)
        spawn(member.slot, worker)
      }, ms)
      timers.add(timer)
    },
    stop(reason, code = 0) {
      if (stopping) {
        // Second signal: a draining worker ignores further signals (one Ctrl-C reaches it twice), so kill it.
        logger.warn(`${reason} again: stopping the workers now without waiting for in-flight requests.`)
        exitCode = 1
        for (const { worker } of members.values()) worker.process.kill('SIGKILL')
        return
      }
      stopping = true
      exitCode = code
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      logger.info(
        `${reason}: asking ${members.size} worker${members.size === 1 ? '' : 's'} to finish in-flight requests, then exiting.`,
      )
      if (members.size === 0) return finish()
      for (const member of members.values()) {
        // A worker that is not listening yet may not hear messages yet, and has nothing in flight.
        if (member.listening && member.worker.isConnected())
          member.worker.send({ routekit: 'shutdown', reason })
        else {
          member.cutShort = true
          member.worker.process.kill('SIGTERM')
        }
      }
      killTimer = setTimeout(() => {
        for (const { worker } of members.values()) worker.process.kill('SIGKILL')
      }, options.stopTimeoutMs)
    },
    get restarts() {
      return restarts
    },
  }
  return pool
}
