/** Turns a failed request (a throw, a rejected promise, a non-Response) into a response and one log line. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createError, RoutekitError } from '../../errors.ts'
import type { RuntimeApp } from '../runtime-app.ts'
import type { LoadedRoute } from '../route-handlers.ts'

/** R61: how Next names what a handler returned instead of a Response. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  return (value as object).constructor?.name ?? 'Object'
}

/**
 * Answers a request that failed: Routekit's own client errors (400, 413) keep their status; anything else
 * is a 500 with an empty body (R61, R62) — the details go to the log, never to the client (except in dev).
 */
export function reportFailure(
  app: RuntimeApp,
  route: LoadedRoute | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  received?: string,
): void {
  const method = req.method ?? 'GET'
  const url = req.url ?? '/'
  const file = route?.file ?? '(router)'
  let status = 500
  let detail: unknown = error
  if (received !== undefined) {
    detail = createError('RK_NON_RESPONSE', { file, received, method, url })
    app.logger.error(detail instanceof Error ? detail.message : String(detail))
  } else if (error instanceof RoutekitError && error.status < 500) {
    status = error.status
  } else {
    app.logger.error(createError('RK_HANDLER_THREW', { file, method, url }).message, error)
  }
  if (res.headersSent) {
    // The status line is gone; the only honest signal left is a broken connection.
    res.destroy()
    return
  }
  const body = status < 500 || app.dev ? errorBody(status, detail, app.dev) : ''
  const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(body) }
  if (body !== '') headers['content-type'] = 'application/json'
  res.writeHead(status, headers)
  res.end(body)
}

function errorBody(status: number, error: unknown, dev: boolean): string {
  const message = error instanceof Error ? error.message : undefined
  if (status < 500) return JSON.stringify({ error: message ?? 'Bad Request' })
  return dev
    ? JSON.stringify({ error: message ?? 'Internal Server Error', stack: (error as Error)?.stack })
    : ''
}
