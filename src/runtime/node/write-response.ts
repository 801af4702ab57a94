/** Writes a handler's Response to Node's ServerResponse: one writeHead + end for plain bodies, streaming otherwise. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { headersOf, readResponseState, toNativeResponse, type ResponseState } from '../response.ts'

// node:zlib is loaded on the first compressed answer, not at start (cold start).
let zlibModule: typeof import('node:zlib') | undefined
const zlib = (): typeof import('node:zlib') => (zlibModule ??= process.getBuiltinModule('node:zlib'))

/** How to write one response. */
export interface WriteOptions {
  /** HEAD: status and headers only (R22). */
  head: boolean
  /** Set-Cookie lines from `cookies()` to merge in (R55). */
  cookies?: readonly string[] | undefined
  /**
   * The request, asked for `Accept-Encoding` only when a body could be compressed (R59): reading
   * `req.headers` builds Node's header object, which most responses (small JSON) never need.
   */
  req?: IncomingMessage
  /** Headers from next.config `headers()` and the proxy that take precedence over the response's (proxy.md P12, P20). */
  merge?: OutgoingHttpHeaders | undefined
}

// Next appends these to a value already set before the handler ran, instead of keeping only one (proxy.md P12).
const MULTI_VALUE = new Set(['set-cookie', 'vary', 'www-authenticate', 'proxy-authenticate'])

/**
 * P12/P20: headers computed before the handler (next.config `headers()`, then the proxy's) replace the
 * handler's own; for multi-value headers (cookies first of all) both are kept, the earlier ones first.
 */
function mergeHeaders(headers: OutgoingHttpHeaders, merge: OutgoingHttpHeaders): void {
  for (const name in merge) {
    const value = merge[name]
    if (value === undefined || name === 'content-length') continue
    const own = headers[name]
    if (own === undefined || !MULTI_VALUE.has(name)) {
      headers[name] = value
    } else if (name === 'set-cookie') {
      headers[name] = [
        ...(Array.isArray(value) ? value : [String(value)]),
        ...(Array.isArray(own) ? own : [String(own)]),
      ]
    } else {
      headers[name] = `${String(value)}, ${String(own)}`
    }
  }
}

// The `compression` middleware Next uses skips bodies under 1 KiB; streams (unknown length) are compressed.
const GZIP_THRESHOLD = 1024
const COMPRESSIBLE =
  /^(?:text\/|application\/(?:json|javascript|xml|x-www-form-urlencoded)|[^;]*\+(?:json|xml))/i

/** Converts a Headers object to Node's header object; `set-cookie` stays a list of lines (R55). */
export function toNodeHeaders(headers: Headers): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of headers) {
    if (name !== 'set-cookie') out[name] = value
  }
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) out['set-cookie'] = cookies
  return out
}

/**
 * Headers of a lookalike Response without building a Headers object when the init was a plain object
 * (the common `Response.json(x, { headers: { … } })`): names are lower-cased, values stringified.
 */
function fastHeaders(state: ResponseState): OutgoingHttpHeaders {
  const init = state.init
  if (state.headers !== undefined || (init !== undefined && !isPlainObject(init))) {
    // A list, a Headers (reading the global `Headers` would load undici), or any other object: the platform's rules.
    return toNodeHeaders(headersOf(state))
  }
  const out: OutgoingHttpHeaders = {}
  let hasType = false
  if (init !== undefined) {
    for (const key in init) {
      const name = key.toLowerCase()
      if (name === 'content-type') hasType = true
      out[name] = String((init as Record<string, unknown>)[key])
    }
  }
  if (!hasType && state.defaultType !== undefined) out['content-type'] = state.defaultType
  return out
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * R55: cookies set through `cookies()` join the response's own; on a name clash the response's cookie
 * wins, and the `cookies()` ones come after.
 */
function mergeCookies(headers: OutgoingHttpHeaders, lines: readonly string[]): void {
  const own = headers['set-cookie']
  const existing = own === undefined ? [] : Array.isArray(own) ? own : [String(own)]
  const names = new Set(existing.map((line) => line.slice(0, line.indexOf('='))))
  const added = lines.filter((line) => !names.has(line.slice(0, line.indexOf('='))))
  if (added.length > 0) headers['set-cookie'] = [...existing, ...added]
}

function acceptsGzip(req: IncomingMessage | undefined): boolean {
  const accept = req?.headers['accept-encoding']
  return accept !== undefined && accept.includes('gzip')
}

/** R59: gzip when asked, for compressible types without an encoding of their own. */
function shouldGzip(headers: OutgoingHttpHeaders, status: number): boolean {
  if (status === 204 || status === 304 || headers['content-encoding'] !== undefined) return false
  const type = headers['content-type']
  if (typeof type !== 'string' || !COMPRESSIBLE.test(type)) return false
  const vary = headers.vary
  headers.vary = vary === undefined ? 'Accept-Encoding' : `${String(vary)}, Accept-Encoding`
  headers['content-encoding'] = 'gzip'
  delete headers['content-length']
  return true
}

/**
 * Writes `response` (a Response lookalike or a native Response).
 * Returns a promise only for streamed bodies; plain bodies are written synchronously.
 */
export function writeResponse(
  res: ServerResponse,
  response: Response,
  options: WriteOptions,
): Promise<void> | undefined {
  const state = readResponseState(response)
  if (state !== undefined && state.native === undefined) {
    const headers = fastHeaders(state)
    if (options.merge !== undefined) mergeHeaders(headers, options.merge)
    if (options.cookies !== undefined && options.cookies.length > 0) mergeCookies(headers, options.cookies)
    let body = state.body
    if (options.head || body === null) {
      res.writeHead(state.status, state.statusText || undefined, headers)
      res.end()
      return undefined
    }
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength
    if (length >= GZIP_THRESHOLD && acceptsGzip(options.req) && shouldGzip(headers, state.status)) {
      body = zlib().gzipSync(body)
      headers['content-length'] = body.byteLength
    } else if (headers['content-length'] === undefined) {
      headers['content-length'] = length
    }
    res.writeHead(state.status, state.statusText || undefined, headers)
    res.end(body)
    return undefined
  }
  return writeNative(res, toNativeResponse(response), options)
}

async function writeNative(res: ServerResponse, response: Response, options: WriteOptions): Promise<void> {
  const headers = toNodeHeaders(response.headers)
  if (options.merge !== undefined) mergeHeaders(headers, options.merge)
  if (options.cookies !== undefined && options.cookies.length > 0) mergeCookies(headers, options.cookies)
  const body = response.body
  const gzip =
    !options.head && body !== null && acceptsGzip(options.req) && shouldGzip(headers, response.status)
  res.writeHead(response.status, response.statusText || undefined, headers)
  if (options.head || body === null) {
    res.end()
    if (body !== null) await body.cancel().catch(() => undefined)
    return
  }
  // Headers go out now; each chunk is flushed as it comes (R58), waiting on 'drain' for backpressure.
  res.flushHeaders()
  const reader = body.getReader()
  const onClose = (): void => {
    if (!res.writableFinished) reader.cancel().catch(() => undefined)
  }
  res.once('close', onClose)
  // A sync flush per chunk keeps a compressed stream streaming (R58: gzip when asked, still incremental).
  const zip = gzip ? zlib().createGzip({ flush: zlib().constants.Z_SYNC_FLUSH }) : undefined
  zip?.pipe(res)
  const sink = zip ?? res
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (res.destroyed) return
      if (!sink.write(value)) await waitForDrain(sink)
    }
    sink.end()
  } finally {
    res.off('close', onClose)
  }
}

function waitForDrain(
  stream: NodeJS.WritableStream & { off(e: string, f: () => void): unknown },
): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done)
      stream.off('close', done)
      resolve()
    }
    stream.on('drain', done)
    stream.on('close', done)
  })
}
