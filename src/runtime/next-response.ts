/** `NextResponse`: the Response (lookalike) plus `cookies` and Next's static helpers (R54–R57). */
import { ResponseCookies } from './cookies/response-cookies.ts'
import { Response } from './response.ts'

const kCookies = Symbol('routekit.responseCookies')
/** Marks responses made by `NextResponse.next()`/`rewrite()`, which route handlers may not return (R57). */
export const kMiddlewareResponse = Symbol.for('routekit.middlewareResponse')

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308])

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

/** Options of `NextResponse.next()`/`rewrite()`: request header overrides for a proxy (issue: proxy.ts). */
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
    const response = new NextResponse(null, { ...init, headers })
    response[kMiddlewareResponse] = 'rewrite'
    return response
  }

  /** R57: meaningful in a proxy only; a route handler returning it gets a 500. */
  static next(init?: MiddlewareResponseInit): NextResponse {
    const headers = new Headers(init?.headers)
    headers.set('x-middleware-next', '1')
    const response = new NextResponse(null, { ...init, headers })
    response[kMiddlewareResponse] = 'next'
    return response
  }
}
