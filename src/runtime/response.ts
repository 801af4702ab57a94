/**
 * A web `Response` lookalike that keeps the raw body and init, so the Node adapter can write
 * string/byte bodies with one `writeHead` + `end` instead of going through undici's streams.
 *
 * Why: a native `Response` per request costs ~14 µs on Node 20 against a ~10 µs budget
 * (../shared/perf-notes.md, V3 vs V4). The lookalike becomes the global `Response` in the server
 * process, so `Response.json(...)` and `new Response(...)` in user code build it. Anything it cannot
 * answer from its own state (`body`, `clone()`, `formData()`, a stream body…) is delegated to a
 * native Response built on first use, so behaviour stays that of the platform.
 */

type NativeResponseClass = typeof globalThis.Response

// Node defines `Response` (like `Headers`, `Request`…) as a lazy global: reading it loads undici, about 17 ms
// of a cold start on Node 20. The descriptor is kept unread; the class is fetched when something needs it.
const nativeDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'Response')
let nativeClass: NativeResponseClass | undefined

/**
 * The platform's own Response class, loaded on first use. From then on the lookalike inherits from it, so
 * `lookalike instanceof <the platform class>` holds for code that got the class some other way (a `fetch`
 * result's constructor).
 */
export function getNativeResponse(): NativeResponseClass {
  if (nativeClass !== undefined) return nativeClass
  const getter = nativeDescriptor?.get
  // Node's lazy getter also replaces the global with its value: put the lookalike back if it was installed.
  const loaded = (
    getter === undefined ? nativeDescriptor?.value : getter.call(globalThis)
  ) as NativeResponseClass
  nativeClass = loaded
  Object.setPrototypeOf(Response.prototype, loaded.prototype)
  Object.setPrototypeOf(Response, loaded)
  if (installed) defineGlobal()
  return loaded
}

/**
 * True for a lookalike and for a platform Response. The lookalike check comes first and loads nothing;
 * any other object loads the platform class (a native Response exists only once undici is loaded anyway).
 */
export function isWebResponse(value: unknown): value is WebResponse {
  if (typeof value !== 'object' || value === null) return false
  return stateOf(value) !== undefined || value instanceof getNativeResponse()
}

/**
 * The platform Response class for code that only constructs it or checks `instanceof` (prerender, proxy):
 * a stand-in that loads the real class on first use, and whose `instanceof` also accepts the lookalike
 * without loading anything.
 */
export const NativeResponse: NativeResponseClass = new Proxy(function () {}, {
  get: (_target, key) => (key === Symbol.hasInstance ? isWebResponse : Reflect.get(getNativeResponse(), key)),
  has: (_target, key) => Reflect.has(getNativeResponse(), key),
  construct: (_target, args, newTarget) =>
    Reflect.construct(
      getNativeResponse(),
      args,
      newTarget === NativeResponse ? getNativeResponse() : newTarget,
    ) as object,
  apply: (_target, self, args) => Reflect.apply(getNativeResponse(), self, args) as unknown,
  getPrototypeOf: () => Reflect.getPrototypeOf(getNativeResponse()),
}) as unknown as NativeResponseClass

/** The platform Response type (inside this file `Response` names the lookalike). */
type WebResponse = globalThis.Response

/** Body kinds the adapter can write without the stream machinery. */
export type FastBody = string | Uint8Array | null

/** What the adapter reads off a lookalike that has not been turned into a native Response. */
export interface ResponseState {
  status: number
  statusText: string
  /** `init.headers` as given (object, array or Headers), until `.headers` is read. */
  init: HeadersInit | undefined
  /** The real Headers object, once user code or the adapter asked for it. */
  headers: Headers | undefined
  /** The content-type the platform would add when the init carries none. */
  defaultType: string | undefined
  body: FastBody
  used: boolean
  /** Set once anything needed the platform object; from then on it is the source of truth. */
  native: WebResponse | undefined
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304])
const TEXT_TYPE = 'text/plain;charset=UTF-8'
const JSON_TYPE = 'application/json'
// RFC 9110 reason-phrase: HTAB, SP, VCHAR, obs-text.
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/

const encoder = new TextEncoder()
const decoder = new TextDecoder()

let stateOf: (response: object) => ResponseState | undefined

/** Returns the lookalike's internal state, or `undefined` for any other object (a native Response). */
export function readResponseState(response: object): ResponseState | undefined {
  return stateOf(response)
}

/** Turns a lookalike into its native twin (built once); a native Response is returned as is. */
export function toNativeResponse(response: WebResponse): WebResponse {
  const state = stateOf(response)
  return state === undefined ? response : materialize(state)
}

function materialize(state: ResponseState): WebResponse {
  if (state.native === undefined) {
    state.native = new (getNativeResponse())(state.body as BodyInit | null, {
      status: state.status,
      statusText: state.statusText,
      headers: headersOf(state),
    })
  }
  return state.native!
}

/** The Headers object of a state, created from its init on first use. */
export function headersOf(state: ResponseState): Headers {
  if (state.headers === undefined) {
    const headers = new Headers(state.init)
    if (state.defaultType !== undefined && !headers.has('content-type')) {
      headers.set('content-type', state.defaultType)
    }
    state.headers = headers
  }
  return state.headers
}

function validateStatus(status: number, statusText: string, hasBody: boolean): void {
  if (!(status >= 200 && status <= 599)) {
    throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.')
  }
  if (!REASON_PHRASE.test(statusText)) throw new TypeError('Invalid statusText')
  if (hasBody && NULL_BODY_STATUS.has(status)) {
    throw new TypeError(`Response constructor: Invalid response status code ${status}`)
  }
}

function consume(state: ResponseState): FastBody {
  if (state.used) throw new TypeError('Body is unusable: Body has already been read')
  state.used = true
  return state.body
}

/** The lookalike. Installed as `globalThis.Response` by the server; user code never names it. */
export class Response {
  #state: ResponseState

  static {
    stateOf = (response) => (#state in response ? response.#state : undefined)
  }

  constructor(body?: BodyInit | null, init?: ResponseInit) {
    const status = init?.status ?? 200
    const statusText = init?.statusText ?? ''
    let fast: FastBody = null
    let defaultType: string | undefined
    let slow = false
    if (typeof body === 'string') {
      fast = body
      defaultType = TEXT_TYPE
    } else if (body instanceof Uint8Array) {
      fast = body
    } else if (body instanceof ArrayBuffer) {
      fast = new Uint8Array(body)
    } else if (body !== null && body !== undefined) {
      slow = true
    }
    validateStatus(status, statusText, body !== null && body !== undefined)
    this.#state = {
      status,
      statusText,
      init: init?.headers,
      headers: undefined,
      defaultType,
      body: fast,
      used: false,
      native: undefined,
    }
    // Streams, Blobs, FormData, URLSearchParams…: the platform owns those semantics.
    if (slow) {
      this.#state.native = new (getNativeResponse())(body, init)
      this.#state.headers = this.#state.native.headers
    }
  }

  /** `Response.json(data, init)` as the platform defines it, without building a native object. */
  static json(data: unknown, init?: ResponseInit): Response {
    const text = JSON.stringify(data)
    if (text === undefined) throw new TypeError('Value is not JSON serializable')
    // `this` so that subclasses (NextResponse.json) get instances of themselves.
    const Ctor = typeof this === 'function' ? this : Response
    const response = new Ctor(text, init)
    response.#state.defaultType = JSON_TYPE
    return response
  }

  static redirect(url: string | URL, status = 302): Response {
    return getNativeResponse().redirect(url, status) as unknown as Response
  }

  static error(): Response {
    return getNativeResponse().error() as unknown as Response
  }

  // Native responses (from fetch, Response.error()…) and subclass instances are Responses too;
  // a subclass keeps the ordinary prototype check so `plain instanceof NextResponse` stays false.
  static [Symbol.hasInstance](value: unknown): boolean {
    if (this !== Response) return Function.prototype[Symbol.hasInstance].call(this, value)
    return (
      typeof value === 'object' && value !== null && (#state in value || value instanceof getNativeResponse())
    )
  }

  get status(): number {
    return this.#state.status
  }
  get statusText(): string {
    return this.#state.statusText
  }
  get ok(): boolean {
    return this.#state.status >= 200 && this.#state.status < 300
  }
  get headers(): Headers {
    return headersOf(this.#state)
  }
  get type(): ResponseType {
    return 'default'
  }
  get url(): string {
    return ''
  }
  get redirected(): boolean {
    return false
  }
  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return materialize(this.#state).body
  }
  get bodyUsed(): boolean {
    const state = this.#state
    return state.native === undefined ? state.used : state.native.bodyUsed
  }

  text(): Promise<string> {
    const state = this.#state
    if (state.native !== undefined) return state.native.text()
    try {
      const body = consume(state)
      return Promise.resolve(body === null ? '' : typeof body === 'string' ? body : decoder.decode(body))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  json(): Promise<unknown> {
    return this.text().then(JSON.parse)
  }

  bytes(): Promise<Uint8Array<ArrayBuffer>> {
    const state = this.#state
    if (state.native !== undefined) return state.native.bytes()
    try {
      const body = consume(state)
      const bytes =
        body === null ? new Uint8Array(0) : typeof body === 'string' ? encoder.encode(body) : body.slice()
      return Promise.resolve(bytes as Uint8Array<ArrayBuffer>)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.bytes().then((bytes) => bytes.buffer)
  }

  blob(): Promise<Blob> {
    return materialize(this.#state).blob()
  }

  formData(): Promise<FormData> {
    return materialize(this.#state).formData()
  }

  clone(): Response {
    const state = this.#state
    if (state.used) throw new TypeError('Response.clone: Body has already been consumed.')
    if (state.native !== undefined) return state.native.clone() as unknown as Response
    const copy = new Response(null, { status: state.status, statusText: state.statusText })
    Object.assign(copy.#state, state, { headers: new Headers(headersOf(state)), native: undefined })
    return copy
  }

  get [Symbol.toStringTag](): string {
    return 'Response'
  }
}

let installed = false

function defineGlobal(): void {
  Object.defineProperty(globalThis, 'Response', {
    value: Response,
    writable: true,
    configurable: true,
    enumerable: false,
  })
}

/** Makes the lookalike the process-wide `Response`; idempotent. Called by the server before loading routes. */
export function installResponse(): void {
  if (installed) return
  installed = true
  // Replacing the property does not run Node's lazy getter: undici stays unloaded (getNativeResponse).
  defineGlobal()
  // The one other way to reach the platform class is a fetch() result's constructor: link before any fetch.
  const platformFetch = globalThis.fetch
  if (nativeClass === undefined && typeof platformFetch === 'function') {
    globalThis.fetch = function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<WebResponse> {
      getNativeResponse()
      return platformFetch(input, init)
    }
  }
}
