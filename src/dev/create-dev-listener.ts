/** The dev server's request listener: waits out a rebuild, answers broken routes with their error; and the request log. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { stripVTControlCharacters } from 'node:util'
import pc from 'picocolors'
import type { Logger } from '../_internal/logger.ts'
import { buildRouter } from '../router/build-router.ts'
import type { RouteRecord, Router } from '../router/router.ts'
import type { Segment } from '../scanner/route-file.ts'

/** A `node:http` request listener. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

/** What the dev listener serves right now; the dev server process swaps these fields as builds arrive. */
export interface DevListenerState {
  /** `createRequestListener` over the current build; undefined until one loaded. */
  serve: RequestListener | undefined
  /** Every route of the build, broken ones carrying their 500 body (JSON text). */
  errors: Router<string | undefined> | undefined
  /** A build error no route could be blamed for: every request answers with it. */
  everything: string | undefined
  /** Set while a change is building, so the next request sees the change (the issue: "visible on the next request"). */
  held: Promise<void> | undefined
  basePath: string
}

/** A route answering with an error, and the error. */
export interface ErrorRoute {
  pattern: string
  segments: readonly Segment[]
  error: unknown
}

/** The dev-only 500 body: the shape report-failure.ts uses in dev, colour codes removed. */
export function toErrorBody(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const stack = error instanceof Error ? error.stack : undefined
  return JSON.stringify({ error: stripVTControlCharacters(message), stack })
}

/**
 * Builds the router that tells broken routes from good ones. Good routes are in it too, so that Next's
 * precedence still holds: `/users/me` (good) wins over `/users/[id]` (broken) for `GET /users/me`.
 */
export function buildErrorRouter(
  routes: readonly { pattern: string; segments: readonly Segment[] }[],
  broken: readonly ErrorRoute[],
): Router<string | undefined> | undefined {
  if (broken.length === 0) return undefined
  const records = new Map<string, RouteRecord<string | undefined>>()
  for (const route of routes) records.set(route.pattern, { ...route, data: undefined })
  for (const route of broken) records.set(route.pattern, { ...route, data: toErrorBody(route.error) })
  return buildRouter([...records.values()])
}

/** Returns the listener of the dev server process; `state` is read on every request. */
export function createDevListener(state: DevListenerState): RequestListener {
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const error = state.everything ?? findError(state, req.url ?? '/')
    if (error !== undefined) {
      res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(error) })
      res.end(error)
    } else if (state.serve === undefined) {
      res.writeHead(503, { 'retry-after': '1', 'content-length': 0 })
      res.end()
    } else state.serve(req, res)
  }
  return function onDevRequest(req, res) {
    if (state.held === undefined) handle(req, res)
    else void state.held.then(() => handle(req, res))
  }
}

function findError(state: DevListenerState, url: string): string | undefined {
  if (state.errors === undefined) return undefined
  const q = url.indexOf('?')
  let path = q === -1 ? url : url.slice(0, q)
  const { basePath } = state
  if (basePath !== '' && (path === basePath || path.startsWith(`${basePath}/`))) {
    path = path.slice(basePath.length) || '/'
  }
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1)
  try {
    return state.errors.match(path)?.data
  } catch {
    // A malformed escape: the real listener answers 400 for it.
    return undefined
  }
}

/**
 * Logs one line per request once its response is done. A `request` listener of its own, not part of the dev
 * listener, so the requests the limits answer first (413, 414) are logged too.
 */
export function createRequestLog(logger: Logger): RequestListener {
  return function logRequest(req, res) {
    const started = performance.now()
    res.once('close', () => logger.info(formatRequestLine(req, res, performance.now() - started)))
  }
}

/** ` GET /hello 200 in 3 ms`, the status coloured by class. */
function formatRequestLine(req: IncomingMessage, res: ServerResponse, ms: number): string {
  const status = res.statusCode
  const colour = status >= 500 ? pc.red : status >= 400 ? pc.yellow : status >= 300 ? pc.cyan : pc.green
  const aborted = res.writableFinished ? '' : pc.dim(' (aborted)')
  const time = ms < 10 ? ms.toFixed(1) : Math.round(ms).toString()
  return ` ${pc.bold(req.method ?? 'GET')} ${req.url ?? '/'} ${colour(String(status))} ${pc.dim(`in ${time} ms`)}${aborted}`
}
