/** `NextFetchEvent`, the proxy's second argument (proxy.md P17). */

/** What the server gives the event: where background work goes. */
export interface NextFetchEventContext {
  waitUntil(promise: Promise<unknown>): void
}

/** Next's NextFetchEvent: `waitUntil(promise)` lets work finish after the response is sent. */
export class NextFetchEvent {
  /** The proxy's name as Next reports it (`/proxy`, `/middleware`). */
  readonly sourcePage: string
  readonly #context: NextFetchEventContext | undefined

  constructor(params: { request?: Request; page: string; context?: NextFetchEventContext }) {
    this.sourcePage = params.page
    this.#context = params.context
  }

  /** Keeps `promise` running after the response; its rejection is logged, never sent. */
  waitUntil(promise: Promise<unknown>): void {
    if (this.#context === undefined) throw new Error('waitUntil() is only available while a proxy runs.')
    this.#context.waitUntil(promise)
  }

  /** Accepted for compatibility; a throwing proxy still answers 500 (P16). */
  passThroughOnException(): void {}

  /** Next removed the service-worker style API from proxies. */
  get request(): never {
    throw signatureError(this.sourcePage)
  }

  /** Next removed the service-worker style API from proxies. */
  respondWith(): never {
    throw signatureError(this.sourcePage)
  }
}

function signatureError(page: string): Error {
  return new Error(
    `The middleware "${page}" accepts an async API directly with the form:\n\n` +
      "  export function middleware(request, event) {\n    return NextResponse.redirect('/new-location')\n  }\n\n" +
      'Read more: https://nextjs.org/docs/messages/middleware-new-signature',
  )
}

/** What a proxy may return (P10, P14): a Response, or nothing to continue. */
export type NextMiddlewareResult = Response | null | undefined | void

/** The type of a proxy function: `export const proxy: NextProxy = (request, event) => …`. */
export type NextProxy<R extends Request = Request> = (
  request: R,
  event: NextFetchEvent,
) => NextMiddlewareResult | Promise<NextMiddlewareResult>

/** The legacy name of {@link NextProxy}. */
export type NextMiddleware<R extends Request = Request> = NextProxy<R>
