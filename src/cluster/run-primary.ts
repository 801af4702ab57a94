/**
 * `routekit start --workers N` in the primary process: forks N workers that run the same command and share
 * one port (node:cluster hands connections out round-robin), wires node:cluster's events into the worker
 * pool, forwards SIGTERM/SIGINT as a drain request, and resolves with the exit code once every worker is gone.
 * The primary loads no app and no cache: a crash in app code can only take down a worker.
 */
import cluster from 'node:cluster'
import pc from 'picocolors'
import { logger } from '../_internal/logger.ts'
import { formatDuration } from '../cli/_format.ts'
import { createWorkerPool } from './create-worker-pool.ts'

export interface PrimaryOptions {
  workers: number
  hostname: string
  /** Each worker drains within this; the primary kills a worker that takes much longer. */
  drainTimeout: number
  /** `performance.now()` when the command started, for the ready line. */
  started: number
}

// Past drainTimeout a worker still runs its shutdown hooks (2 s each at most); then give it a little more.
const STOP_MARGIN_MS = 5_000

/** Runs the primary until every worker has exited after a signal (or failed to start); resolves the exit code. */
export function runPrimary(options: PrimaryOptions): Promise<number> {
  const { workers, hostname, started } = options
  return new Promise((resolve) => {
    const pool = createWorkerPool({
      size: workers,
      fork() {
        const worker = cluster.fork()
        // A message to a worker that is exiting at that moment fails with EPIPE; its exit event follows.
        worker.on('error', () => undefined)
        return worker
      },
      logger,
      stopTimeoutMs: options.drainTimeout + STOP_MARGIN_MS,
      onReady(port) {
        const shown = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname
        logger.info(
          `${pc.green('▲')} ${pc.bold('Routekit')} ready on ${pc.cyan(`http://${shown}:${port}`)} with ${workers} workers ` +
            `(primary pid ${process.pid}) ${pc.dim(`in ${formatDuration(performance.now() - started)}`)}`,
        )
      },
      onStopped: resolve,
    })
    cluster.on('message', (worker, message) => pool.handleMessage(worker, message))
    cluster.on('listening', (worker, address) => pool.handleListening(worker, address.port))
    cluster.on('exit', (worker, code, signal) => pool.handleExit(worker, code, signal))
    process.on('SIGTERM', () => pool.stop('SIGTERM'))
    process.on('SIGINT', () => pool.stop('SIGINT'))
    pool.start()
  })
}
