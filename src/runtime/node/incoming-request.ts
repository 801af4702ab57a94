/**
 * The request object handlers receive: a `NextRequest` (and so a `Request`) that answers `method`,
 * `url`, `headers` and the body readers straight from Node's IncomingMessage, and builds a native
 * Request only when user code asks for something only the platform can give (`formData()`, `clone()`…).
 *
 * Why: a native Request + URL per request costs ~7.5 µs on Node 20 (perf-notes.md); building this
 * object costs a few nanoseconds when the handler touches nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { getNativeRequest, NextRequest, whenNativeRequest } from '../next-request.ts'
import { createBodyStream } from './create-body-stream.ts'
import { readIncomingBody } from './read-body.ts'

/** What the listener knows about a request when it hands it to a handler. */
export interface IncomingRequestInit {
  incoming: IncomingMessage
  response: ServerResponse
  /** Normalised pathname as the handler sees it (basePath removed), still percent-encoded. */
  pathname: string
  /** Raw query including `?`, or "". */
  search: string
  /** Body size limit in bytes for the built-in readers and `request.body` (413 beyond it). */
  bodyLimit: number
  /**
   * The header set to use instead of the incoming one, or how to build it on first read (proxy.md P11:
   * request header overrides).
   */
  headers?: Headers | (() => Headers)
  /** One body read shared by the proxy's request and the handler's, so both can read it (proxy.md P9). */
  body?: SharedBody
}

/** A request body read once into memory, for every request object over the same IncomingMessage. */
export interface SharedBody {
  bytes: Promise<Uint8Array> | undefined
}

// A Host header is only trusted for request.url when it looks like one (deviation c).
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/
const decoder = new TextDecoder()
// `?a=1&b=x` with only the bytes application/x-www-form-urlencoded leaves unescaped (ASCII alphanumerics, `*-._`).
const SERIALISED_QUERY = /^\?[\w*.-]+=[\w*.-]*(?:&[\w*.-]+=[\w*.-]*)*$/

let nativeOf: (request: IncomingRequest) => Request

/** A lazy NextRequest over an IncomingMessage. */
export class IncomingRequest {
  static {
    nativeOf = (request) => request.#toNative()
  }

  #init: IncomingRequestInit
  #url: string | undefined
  #headers: Headers | undefined
  #native: Request | undefined
  #used = false
  #signal: AbortController | undefined

  constructor(init: IncomingRequestInit) {
    this.#init = init
  }

  get method(): string {
    return this.#init.incoming.method!
  }

  get url(): string {
    return (this.#url ??= buildUrl(this.#init))
  }

  get headers(): Headers {
    if (this.#headers !== undefined) return this.#headers
    const given = this.#init.headers
    return (this.#headers =
      given === undefined ? buildHeaders(this.#init.incoming) : typeof given === 'function' ? given() : given)
  }

  get signal(): AbortSignal {
    if (this.#signal === undefined) {
      const controller = new AbortController()
      this.#signal = controller
      const { incoming, response } = this.#init
      // Abort when the client goes away before the response is complete.
      const onClose = (): void => {
        if (!response.writableFinished)
          controller.abort(new DOMException('The client disconnected.', 'AbortError'))
      }
      if (incoming.socket?.destroyed) onClose()
      else response.once('close', onClose)
    }
    return this.#signal.signal
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#hasBody() ? this.#toNative().body : null
  }

  get bodyUsed(): boolean {
    return this.#native === undefined ? this.#used : this.#native.bodyUsed
  }

  text(): Promise<string> {
    if (this.#native !== undefined) return this.#native.text()
    return this.#read().then((bytes) => decoder.decode(bytes))
  }

  json(): Promise<unknown> {
    if (this.#native !== undefined) return this.#native.json()
    return this.#read().then((bytes) => JSON.parse(decoder.decode(bytes)))
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#native !== undefined) return this.#native.arrayBuffer()
    return this.#read().then((bytes) => toArrayBuffer(bytes))
  }

  bytes(): Promise<Uint8Array<ArrayBuffer>> {
    if (this.#native !== undefined) return this.#native.bytes()
    return this.#read().then((bytes) => new Uint8Array(toArrayBuffer(bytes)))
  }

  formData(): Promise<FormData> {
    return this.#toNative().formData()
  }

  blob(): Promise<Blob> {
    return this.#toNative().blob()
  }

  clone(): Request {
    return this.#toNative().clone()
  }

  #hasBody(): boolean {
    const method = this.#init.incoming.method
    // R49: GET and HEAD never have a body, even when the client sent one.
    return method !== 'GET' && method !== 'HEAD'
  }

  #read(): Promise<Uint8Array> {
    if (this.#used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'))
    this.#used = true
    if (!this.#hasBody()) return Promise.resolve(new Uint8Array(0))
    if (this.#init.body !== undefined) return this.#readShared(this.#init.body)
    return readIncomingBody(this.#init.incoming, this.#init.bodyLimit, () => this.#closeAfterResponse())
  }

  /**
   * An oversized body is not read to its end: the 413 goes out with `Connection: close`, so the client
   * cannot keep the socket busy sending bytes nobody reads.
   */
  #closeAfterResponse(): void {
    const { response } = this.#init
    if (!response.headersSent) response.setHeader('connection', 'close')
  }

  #readShared(shared: SharedBody): Promise<Uint8Array> {
    const { incoming, bodyLimit } = this.#init
    return (shared.bytes ??= readIncomingBody(incoming, bodyLimit, () => this.#closeAfterResponse()))
  }

  #toNative(): Request {
    if (this.#native === undefined) {
      const { incoming } = this.#init
      const shared = this.#init.body
      const body =
        !this.#hasBody() || this.#used
          ? null
          : shared !== undefined
            ? replayBody(this.#readShared(shared))
            : createBodyStream(incoming, this.#init.bodyLimit, () => this.#closeAfterResponse())
      this.#native = new (getNativeRequest())(this.url, {
        method: this.method,
        headers: this.headers,
        body,
        signal: this.signal,
        // @ts-expect-error -- undici needs `duplex` for stream bodies; lib.dom does not declare it.
        duplex: 'half',
      })
    }
    return this.#native
  }

  get [Symbol.toStringTag](): string {
    return 'Request'
  }
}

function delegateToNative(key: string | symbol): void {
  Object.defineProperty(IncomingRequest.prototype, key, {
    get(this: IncomingRequest) {
      return Reflect.get(nativeOf(this), key)
    },
  })
}

// Every other Request member (cache, credentials, mode, redirect, integrity…) comes from the native twin. The
// fetch spec's list is defined now, without loading the platform class (next-request.ts); getters a Node
// release adds beyond it are picked up once the class is loaded.
for (const key of [
  'destination',
  'referrer',
  'referrerPolicy',
  'mode',
  'credentials',
  'cache',
  'redirect',
  'integrity',
  'keepalive',
  'isReloadNavigation',
  'isHistoryNavigation',
  'duplex',
]) {
  if (!(key in IncomingRequest.prototype)) delegateToNative(key)
}
whenNativeRequest((native) => {
  for (const key of Reflect.ownKeys(native.prototype)) {
    if (key === 'constructor' || Object.hasOwn(IncomingRequest.prototype, key)) continue
    if (Reflect.getOwnPropertyDescriptor(native.prototype, key)!.get !== undefined) delegateToNative(key)
  }
})

// `instanceof Request` and `instanceof NextRequest` hold; nextUrl and cookies come from NextRequest.
Object.setPrototypeOf(IncomingRequest.prototype, NextRequest.prototype)

function buildUrl(init: IncomingRequestInit): string {
  const { incoming } = init
  const forwarded = incoming.headers['x-forwarded-proto']
  const claimed = typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim().toLowerCase() : ''
  // Only http/https: anything else (`a b`, `http://evil`) would make request.url unparsable or move its path.
  const proto =
    claimed === 'http' || claimed === 'https'
      ? claimed
      : (incoming.socket as { encrypted?: boolean }).encrypted
        ? 'https'
        : 'http'
  const hostHeader = incoming.headers.host
  const host =
    hostHeader !== undefined && HOST.test(hostHeader) ? hostHeader : `localhost:${incoming.socket.localPort}`
  return `${proto}://${host}${init.pathname}${toSerializedQuery(init.search)}`
}

/** R18: the query as `request.url` shows it, re-serialised (`b=%20x+y` → `b=+x+y`, `z` → `z=`); "" when empty. */
export function toSerializedQuery(search: string): string {
  if (search.length <= 1) return ''
  // `name=value` pairs of characters the serialiser keeps as they are come out unchanged: no parse (~0.2 µs).
  return SERIALISED_QUERY.test(search) ? search : `?${new URLSearchParams(search).toString()}`
}

/** A stream over a body already read into memory (proxy.md P9). */
function replayBody(bytes: Promise<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      controller.enqueue(await bytes)
      controller.close()
    },
  })
}

/** The incoming headers as a Headers object, plus the forwarding headers Next adds (R44). */
export function buildHeaders(incoming: IncomingMessage): Headers {
  const headers = new Headers()
  const raw = incoming.rawHeaders
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!)
  // R44: the forwarding headers Next adds when the client did not send them.
  const socket = incoming.socket
  if (!headers.has('x-forwarded-for') && socket.remoteAddress)
    headers.set('x-forwarded-for', socket.remoteAddress)
  if (!headers.has('x-forwarded-host') && incoming.headers.host)
    headers.set('x-forwarded-host', incoming.headers.host)
  if (!headers.has('x-forwarded-port')) headers.set('x-forwarded-port', String(socket.localPort ?? ''))
  if (!headers.has('x-forwarded-proto')) {
    headers.set('x-forwarded-proto', (socket as { encrypted?: boolean }).encrypted ? 'https' : 'http')
  }
  return headers
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer)
}
