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

/** The platform's own Response class, captured before anything replaces the global. */
export const NativeResponse: typeof globalThis.Response = globalThis.Response

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
    state.native = new NativeResponse(state.body as BodyInit | null, {
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
      this.#state.native = new NativeResponse(body, init)
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
    return NativeResponse.redirect(url, status) as unknown as Response
  }

  static error(): Response {
    return NativeResponse.error() as unknown as Response
  }

  // Native responses (from fetch, Response.error()…) and subclass instances are Responses too;
  // a subclass keeps the ordinary prototype check so `plain instanceof NextResponse` stays false.
  static [Symbol.hasInstance](value: unknown): boolean {
    if (this !== Response) return Function.prototype[Symbol.hasInstance].call(this, value)
    return typeof value === 'object' && value !== null && (#state in value || value instanceof NativeResponse)
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

// `instanceof NativeResponse` and inherited statics keep working for code that captured the original.
Object.setPrototypeOf(Response.prototype, NativeResponse.prototype)
Object.setPrototypeOf(Response, NativeResponse)

let installed = false

/** Makes the lookalike the process-wide `Response`; idempotent. Called by the server before loading routes. */
export function installResponse(): void {
  if (installed) return
  installed = true
  Object.defineProperty(globalThis, 'Response', {
    value: Response,
    writable: true,
    configurable: true,
    enumerable: false,
  })
}
