/**
 * The dev server process that `routekit dev` forks: serves the builds the supervisor sends it, on the
 * connections the supervisor accepts and hands over (host-messages.ts). Entry point; exports nothing.
 */
import type { Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { logger } from '../_internal/logger.ts'
import { DEFAULT_LIMITS, type ServerLimits } from '../config/server-limits.ts'
import { createRequestListener } from '../runtime/node/request-listener.ts'
import { createLimitedServer } from '../runtime/node/serve.ts'
import {
  buildErrorRouter,
  createDevListener,
  createRequestLog,
  toErrorBody,
  type DevListenerState,
  type ErrorRoute,
} from './create-dev-listener.ts'
import type { BuildFailure, FromServerMessage, RoutePattern, ToServerMessage } from './host-messages.ts'
import { createDevAppLoader } from './load-dev-app.ts'
import { createCollector, freezeYoungGeneration } from './_heap.ts'
import type { RuntimeApp } from '../runtime/runtime-app.ts'

// Stack traces from compiled routes point at the .ts source.
process.setSourceMapsEnabled(true)
// Its heap must not grow with the number of saves (_heap.ts).
freezeYoungGeneration()

const state: DevListenerState = {
  serve: undefined,
  errors: undefined,
  everything: undefined,
  held: undefined,
  basePath: '',
}
const loadDevApp = createDevAppLoader(logger)
let current: { app: RuntimeApp; routes: readonly RoutePattern[] } | undefined
let failure: BuildFailure | undefined
let unhold: (() => void) | undefined

/** Open connections → whether they are idle: answered at least once and no request in flight. */
const sockets = new Map<Socket, boolean>()
let retiring = false
let server: Server | undefined

/**
 * The HTTP server, made when the first build arrives: it applies routekit.config's limits as `routekit start`
 * does (a config change starts a fresh process, so they never change under it). The supervisor hands over no
 * connection before this process has answered its first message.
 */
function serverFor(limits: ServerLimits): Server {
  if (server !== undefined) return server
  server = createLimitedServer(createDevListener(state), limits, logger)
  server.on('request', createRequestLog(logger))
  // Node starts tracking connections for headersTimeout/requestTimeout (408) when a server starts listening;
  // this one never listens (the supervisor owns the port), so start the tracking the same way.
  server.emit('listening')
  server.on('connection', (socket: Socket) => {
    sockets.set(socket, false)
    socket.once('close', () => sockets.delete(socket))
  })
  server.on('request', (_req, res: ServerResponse) => {
    const socket = res.socket!
    sockets.set(socket, false)
    if (retiring) res.shouldKeepAlive = false
    res.once('finish', () => {
      if (retiring) socket.destroySoon()
      else if (sockets.has(socket)) sockets.set(socket, true)
    })
  })
  return server
}

/** Rebuilds what the listener reads from the current build and build error. */
function refresh(): void {
  state.serve = current === undefined ? undefined : createRequestListener(current.app)
  state.basePath = current?.app.basePath ?? ''
  const broken: ErrorRoute[] = (failure?.routes ?? []).map((route) => ({ ...route, error: failure!.error }))
  // Without a good build there is nothing else to serve: every request gets the error.
  const everywhere = failure !== undefined && (failure.routes === null || current === undefined)
  state.everything = everywhere ? toErrorBody(failure!.error) : undefined
  state.errors = buildErrorRouter(current?.routes ?? [], broken)
}

function hold(): void {
  if (state.held !== undefined) return
  state.held = new Promise<void>((resolve) => {
    // Bounded: a supervisor that never answers must not hang requests forever.
    const timer = setTimeout(resolve, 30_000)
    timer.unref()
    unhold = () => {
      clearTimeout(timer)
      resolve()
    }
  })
}

function release(): void {
  state.held = undefined
  unhold?.()
  unhold = undefined
}

async function apply(message: ToServerMessage): Promise<void> {
  const started = performance.now()
  if (message.type === 'load') {
    serverFor(message.build.limits)
    try {
      current = { app: await loadDevApp(message.build), routes: message.build.routes }
      failure = message.failure
    } catch (error) {
      // The loader catches each route's own failure; this is Routekit's bug, still answered rather than hung.
      failure = { error: toErrorText(error), routes: null }
    }
  } else if (message.type === 'broken') {
    // No good build yet: the defaults, until a build brings routekit.config's limits (in a fresh process).
    serverFor(DEFAULT_LIMITS)
    failure = message.failure
  } else if (message.type !== 'release') return
  refresh()
  release()
  const reply: FromServerMessage = { type: 'loaded', ms: performance.now() - started }
  process.send?.(reply)
  if (message.type === 'load') reportMemory()
}

/**
 * Collects garbage after loads (off the request that waited for one) and reports the RSS, for the supervisor's
 * decision to replace this process (create-app-host.ts). Measured on bench/dev-reload.mjs in docs/dev.md.
 */
const collector = createCollector(() => {
  const report: FromServerMessage = { type: 'memory', rss: process.memoryUsage().rss }
  process.send?.(report)
})
const reportMemory = (): void => collector.afterReload()

function toErrorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}

/** Serves the requests in flight with `connection: close`, closes idle connections, exits when none are left. */
function retire(): void {
  retiring = true
  // Requests held for a build this process will never get are served with what it has.
  release()
  // A connection handed over a moment ago has sent no request yet: it is not idle, its request is served.
  for (const [socket, idle] of sockets) if (idle) socket.destroySoon()
  // Busy ones close when their response has finished (the `finish` handler above).
  const check = setInterval(() => sockets.size === 0 && process.exit(0), 20)
  setTimeout(() => process.exit(0), 5_000).unref()
  check.unref()
}

let queue = Promise.resolve()
process.on('message', (message: ToServerMessage, handle: unknown) => {
  if (message.type === 'connection') {
    if (handle !== undefined) serverFor(DEFAULT_LIMITS).emit('connection', handle)
  } else if (message.type === 'hold') hold()
  else if (message.type === 'retire') retire()
  else queue = queue.then(() => apply(message))
})
// The supervisor is gone (killed, crashed): a server nobody controls must not linger.
process.on('disconnect', () => process.exit(0))
// In dev, a stray throw in a timer or an unawaited promise is logged; the server keeps running.
process.on('uncaughtException', (error) => logger.error('Uncaught exception:', error))
process.on('unhandledRejection', (error) => logger.error('Unhandled rejection:', error))
