/**
 * The supervisor's side of the dev server: forks dev-server.ts, hands it every accepted connection, sends
 * it each build, and replaces it with a fresh process once re-imported modules have grown its memory.
 */
import { fork, type ChildProcess } from 'node:child_process'
import type { Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { Logger } from '../_internal/logger.ts'
import type { BuildFailure, FromServerMessage, HostBuild, ToServerMessage } from './host-messages.ts'

// Only the compiled CLI runs this (bin/routekit.mjs imports dist/), so the entry is the emitted .js file.
const SERVER_ENTRY = fileURLToPath(new URL('./dev-server.js', import.meta.url))

/**
 * Replace the server process once its RSS (after GC, reported after each load) is this much above the
 * settled RSS (the first process's after `BASELINE_REPORT` reports: the first requests and reloads grow a
 * new process by a few MB before it settles). 5 %, not 10 %: with 10 % the tree ended 8–22 % above edit 1
 * over 500 saves, with 5 % 6–12 % (docs/dev.md, runs H–N). Every re-imported entry stays in memory with
 * its source map (~10 KB for a small route); a fresh process loads a 200-route app in ~250 ms, off the
 * request path. Measured: bench/dev-reload.mjs.
 */
const RECYCLE_GROWTH = 0.05
const BASELINE_REPORT = 10
/** Connections waiting for the first server process; beyond this the oldest are dropped. */
const MAX_QUEUED = 256

/** Answers a connection no process can take (the server process crashed loading the build): 503. */
function refuse(socket: Socket): void {
  socket.end(
    'HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nretry-after: 1\r\nconnection: close\r\n\r\n',
  )
}

/** One forked dev server process. */
interface ServerProcess {
  child: ChildProcess
  /** State messages sent and acknowledged: each `load`, `broken` and `release` is answered once. */
  sent: number
  acked: number
  waiters: Array<{ seq: number; resolve: () => void }>
  /** Memory reports received, and the RSS of report number `BASELINE_REPORT`. */
  reports: number
  baseRss: number | undefined
  /** How long it took to apply the last message it acknowledged, in ms (its own figure). */
  lastMs: number | undefined
}

/** The supervisor's handle on its server processes. */
export interface AppHost {
  /** Hands an accepted (paused) connection to the serving process; queued until one is ready. */
  accept(socket: Socket): void
  /** A change is building: the server holds requests until the next `load`, `broken` or `release`. */
  hold(): void
  /**
   * Serves `build` and resolves once the serving process has it. `failure`: routes left out of the build
   * answer with its error; `fresh`: a new process loads it (next.config changed). Resolves to the serving
   * process's own load time in ms, when it reported one.
   */
  load(
    build: HostBuild,
    options?: { failure?: BuildFailure | undefined; fresh?: boolean },
  ): Promise<number | undefined>
  /** Keeps the last good build but answers the failure's routes (or every request) with its error. */
  broken(failure: BuildFailure): Promise<void>
  /** Ends a hold that changed nothing. */
  release(): Promise<void>
  /** Resolves once every process, a starting one included, has acknowledged every message. */
  settled(): Promise<void>
  close(): Promise<void>
}

/** Returns a host; the first process starts with the first `load` or `broken`. */
export function createAppHost(logger: Logger): AppHost {
  let active: ServerProcess | undefined
  let next: ServerProcess | undefined
  let lastLoad: ToServerMessage | undefined
  let lastBroken: ToServerMessage | undefined
  let closing = false
  /** The first process's RSS once settled: the budget every replacement starts from. */
  let settledRss: number | undefined
  const queued: Socket[] = []

  const live = (): ServerProcess[] => [active, next].filter((p): p is ServerProcess => p !== undefined)
  const waitFor = (proc: ServerProcess, seq: number): Promise<void> =>
    proc.acked >= seq || !proc.child.connected
      ? Promise.resolve()
      : new Promise((resolve) => proc.waiters.push({ seq, resolve }))
  const settle = (proc: ServerProcess, all = false): void => {
    proc.waiters = proc.waiters.filter((w) => (all || w.seq <= proc.acked ? void w.resolve() : true))
  }

  const send = (proc: ServerProcess, message: ToServerMessage): Promise<void> => {
    if (!proc.child.connected) return Promise.resolve()
    proc.child.send(message)
    return message.type === 'hold' || message.type === 'retire'
      ? Promise.resolve()
      : waitFor(proc, ++proc.sent)
  }

  const hand = (proc: ServerProcess, socket: Socket): void => {
    const message: ToServerMessage = { type: 'connection' }
    proc.child.send(message, socket, { keepOpen: false }, (error) => error && socket.destroy())
  }

  const spawn = (): ServerProcess => {
    const child = fork(SERVER_ENTRY, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [...process.execArgv, '--expose-gc'],
    })
    const proc: ServerProcess = {
      child,
      sent: 0,
      acked: 0,
      waiters: [],
      reports: 0,
      baseRss: undefined,
      lastMs: undefined,
    }
    child.on('message', (message: FromServerMessage) => {
      if (message.type === 'memory') return checkMemory(proc, message.rss)
      proc.acked += 1
      proc.lastMs = message.ms
      settle(proc)
    })
    child.once('exit', (code, signal) => {
      settle(proc, true)
      if (proc === next) next = undefined
      if (proc !== active || closing) return
      active = undefined
      logger.error(`The dev server process exited (${signal ?? `code ${code}`}); starting a new one.`)
      // One that never answered crashed loading this build: wait for the next change instead of looping.
      if (proc.acked > 0) void start()
      else for (const socket of queued.splice(0)) refuse(socket)
    })
    // Replay the current state, so a new process serves exactly what the old one did.
    if (lastLoad !== undefined) void send(proc, lastLoad)
    if (lastBroken !== undefined) void send(proc, lastBroken)
    return proc
  }

  /** Starts a process with the current state and switches connections to it once it has loaded. */
  const start = async (): Promise<void> => {
    if (closing) return
    next?.child.kill()
    const proc = spawn()
    next = proc
    await waitFor(proc, proc.sent)
    if (next !== proc || proc.acked === 0 || !proc.child.connected) return
    next = undefined
    const old = active
    active = proc
    for (const socket of queued.splice(0)) hand(proc, socket)
    // The old process finishes its requests in flight and exits; new connections already go to `proc`.
    if (old !== undefined) void send(old, { type: 'retire' })
  }

  /**
   * Starts a replacement once the serving process has grown past its budget (see RECYCLE_GROWTH). The first
   * process settles for `BASELINE_REPORT` reports; a replacement starts from that settled figure at once (or
   * from its own first report, when the app itself grew): waiting for its own tenth report let a replacement
   * started in a burst of saves grow unwatched (measured: +33 % and +42 % over 500 saves).
   */
  const checkMemory = (proc: ServerProcess, rss: number): void => {
    proc.reports += 1
    if (proc.baseRss === undefined) {
      if (settledRss !== undefined) proc.baseRss = Math.max(settledRss, rss)
      else if (proc.reports === BASELINE_REPORT) proc.baseRss = settledRss = rss
    }
    if (proc !== active || next !== undefined || proc.baseRss === undefined) return
    if (rss > proc.baseRss * (1 + RECYCLE_GROWTH)) void start()
  }

  /** Sends a state message to every process; resolves when the serving one has it. */
  const broadcast = async (message: ToServerMessage): Promise<void> => {
    if (active === undefined) return start()
    const acks = live().map((proc) => send(proc, message))
    await acks[0]
  }

  return {
    accept(socket) {
      if (active?.child.connected) return hand(active, socket)
      // Nothing starting although there was a build: the last process crashed loading it.
      const starting = next !== undefined || (lastLoad === undefined && lastBroken === undefined)
      if (!starting) return refuse(socket)
      queued.push(socket)
      if (queued.length > MAX_QUEUED) queued.shift()?.destroy()
    },
    hold() {
      for (const proc of live()) void send(proc, { type: 'hold' })
    },
    async load(build, options = {}) {
      lastLoad = { type: 'load', build, failure: options.failure }
      lastBroken = undefined
      // The old process keeps serving (and holding requests) until the new one has the build.
      if (options.fresh === true) await start()
      else await broadcast(lastLoad)
      return active?.lastMs
    },
    async broken(failure) {
      lastBroken = { type: 'broken', failure }
      await broadcast(lastBroken)
    },
    release: () => broadcast({ type: 'release' }),
    async settled() {
      await Promise.all(live().map((proc) => waitFor(proc, proc.sent)))
    },
    async close() {
      closing = true
      for (const socket of queued.splice(0)) socket.destroy()
      const exits = live().map(
        (proc) =>
          new Promise<void>((resolve) => {
            if (proc.child.exitCode !== null || proc.child.signalCode !== null) return resolve()
            proc.child.once('exit', () => resolve())
            proc.child.kill('SIGTERM')
          }),
      )
      await Promise.all(exits)
    },
  }
}
