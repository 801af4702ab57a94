/** `NextResponse`: the Response (lookalike) plus `cookies` and Next's static helpers (R54–R57). */
import { ResponseCookies } from './cookies/response-cookies.ts'
import { readResponseState, Response } from './response.ts'

const kCookies = Symbol('routekit.responseCookies')
/** Marks responses made by `NextResponse.next()`/`rewrite()`, which route handlers may not return (R57). */
export const kMiddlewareResponse = Symbol.for('routekit.middlewareResponse')

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308])
// The headers of a bare `NextResponse.next()`: shared and frozen, so the common "continue" answer of a proxy
// builds no Headers object and the server can recognise it without reading any (proxy.md P10).
const NEXT_ONLY: HeadersInit = Object.freeze({ 'x-middleware-next': '1' })

/** True for a `NextResponse.next()` made without options and left untouched: the proxy changed nothing. */
export function isBareNext(response: object): boolean {
  const state = readResponseState(response)
  return (
    state !== undefined &&
    state.init === NEXT_ONLY &&
    state.headers === undefined &&
    state.native === undefined
  )
}

/**
 * P11: `request.headers` travel as Next's internal `x-middleware-override-headers` (the full list of names)
 * and `x-middleware-request-<name>` response headers, which the server turns back into the handler's headers.
 */
function setRequestOverrides(init: MiddlewareResponseInit | undefined, headers: Headers): void {
  const request = init?.request?.headers
  if (request === undefined) return
  if (!(request instanceof Headers)) throw new Error('request.headers must be an instance of Headers')
  const keys: string[] = []
  for (const [key, value] of request) {
    headers.set(`x-middleware-request-${key}`, value)
    keys.push(key)
  }
  headers.set('x-middleware-override-headers', keys.join(','))
}

/** Next's check: only absolute URLs are accepted by redirect/rewrite. */
function validateURL(url: string | URL): string {
  try {
    return String(new URL(String(url)))
  } catch (error) {
    throw new Error(
      `URL is malformed "${String(url)}". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls`,
      { cause: error },
    )
  }
}

/** Options of `NextResponse.next()`/`rewrite()`: request header overrides for a proxy (proxy.md P11). */
export interface MiddlewareResponseInit extends ResponseInit {
  request?: { headers?: Headers }
}

/** Next.js's NextResponse. */
export class NextResponse<_Body = unknown> extends Response {
  [kCookies]?: ResponseCookies;
  [kMiddlewareResponse]?: 'next' | 'rewrite'

  /** The response's Set-Cookie lines as a cookie jar (R55). */
  get cookies(): ResponseCookies {
    return (this[kCookies] ??= new ResponseCookies(this.headers))
  }

  static override json<JsonBody>(body: JsonBody, init?: ResponseInit): NextResponse<JsonBody> {
    return super.json(body, init) as NextResponse<JsonBody>
  }

  /** R56: 307 by default; the URL must be absolute. */
  static override redirect(url: string | URL, init?: number | ResponseInit): NextResponse {
    const status = typeof init === 'number' ? init : (init?.status ?? 307)
    if (!REDIRECT_STATUS.has(status)) {
      throw new RangeError('Failed to execute "redirect" on "response": Invalid status code')
    }
    const initObj = typeof init === 'object' ? init : {}
    const headers = new Headers(initObj.headers)
    headers.set('location', validateURL(url))
    return new NextResponse(null, { ...initObj, headers, status })
  }

  /** R57: meaningful in a proxy only; a route handler returning it gets a 500. */
  static rewrite(destination: string | URL | { href: string }, init?: MiddlewareResponseInit): NextResponse {
    const headers = new Headers(init?.headers)
    headers.set(
      'x-middleware-rewrite',
      validateURL(typeof destination === 'object' && 'href' in destination ? destination.href : destination),
    )
    setRequestOverrides(init, headers)
    const response = new NextResponse(null, { ...init, headers })
    response[kMiddlewareResponse] = 'rewrite'
    return response
  }

  /** R57: meaningful in a proxy only; a route handler returning it gets a 500. */
  static next(init?: MiddlewareResponseInit): NextResponse {
    if (init === undefined) {
      const bare = new NextResponse(null, { headers: NEXT_ONLY })
      bare[kMiddlewareResponse] = 'next'
      return bare
    }
    const headers = new Headers(init.headers)
    headers.set('x-middleware-next', '1')
    setRequestOverrides(init, headers)
    const response = new NextResponse(null, { ...init, headers })
    response[kMiddlewareResponse] = 'next'
    return response
  }
}
