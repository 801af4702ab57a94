/**
 * A rewrite to another origin (proxy.md P18, next.config rewrites with an absolute destination): the request
 * is proxied over HTTP to that URL and its response streamed back, as Next's router does.
 */
import {
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { SharedBody } from '../runtime/node/incoming-request.ts'
import type { RuntimeApp } from '../runtime/runtime-app.ts'
import type { RequestHeaders } from './read-proxy-response.ts'
import { writeProxyError } from './_write-answers.ts'

// Next's default `experimental.proxyTimeout`.
const TIMEOUT_MS = 30_000
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']

/** What the forwarded request carries besides the incoming one. */
export interface ForwardOptions {
  /** The proxy's request header overrides (P11), or `undefined` for the incoming headers. */
  requestHeaders: RequestHeaders | undefined
  /** The body, when the proxy already read it (P9). */
  body: SharedBody | undefined
  /** Proxy and config headers; the upstream response's own headers win over them. */
  merge: OutgoingHttpHeaders | undefined
}

/** Sends `req` to `url` and streams the answer to `res`; a failure is logged and answered with a 500. */
export function forwardRequest(
  app: RuntimeApp,
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  options: ForwardOptions,
): void {
  const target = new URL(url)
  const headers: OutgoingHttpHeaders = {}
  if (options.requestHeaders === undefined) Object.assign(headers, req.headers)
  else {
    const given = options.requestHeaders
    for (const [name, value] of typeof given === 'function' ? given() : given) headers[name] = value
  }
  for (const name of HOP_BY_HOP) delete headers[name]
  headers.host = target.host
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest
  const upstream = send(target, { method: req.method, headers, timeout: TIMEOUT_MS }, (answer) => {
    const out: OutgoingHttpHeaders = { ...options.merge }
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.includes(name)) out[name] = value
    }
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, out)
    answer.pipe(res)
  })
  const failed = (error: Error): void => {
    app.logger.error(`Forwarding ${req.method} ${req.url} to ${target.href} failed:`, error)
    writeProxyError(res, error, app.dev)
  }
  upstream.on('timeout', () => upstream.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)))
  upstream.on('error', failed)
  res.once('close', () => {
    if (!res.writableFinished) upstream.destroy()
  })
  const pending = options.body?.bytes
  if (pending !== undefined) {
    pending.then(
      (bytes) => upstream.end(bytes),
      (error: Error) => upstream.destroy(error),
    )
  } else {
    req.pipe(upstream)
  }
}
