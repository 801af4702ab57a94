/** `routekit/server` (and `next/server`): the request and response classes and helpers route handlers use. */
export { NextRequest } from './runtime/next-request.ts'
export { NextResponse } from './runtime/next-response.ts'
export { NextURL } from './runtime/next-url.ts'
export { RequestCookies, type RequestCookie } from './runtime/cookies/request-cookies.ts'
export { ResponseCookies } from './runtime/cookies/response-cookies.ts'
export type { ResponseCookie, CookieOptions } from './runtime/cookies/serialize-cookie.ts'
export { after, connection } from './runtime/request-apis.ts'
export {
  NextFetchEvent,
  type NextMiddleware,
  type NextMiddlewareResult,
  type NextProxy,
} from './proxy/next-fetch-event.ts'
export { userAgent, userAgentFromString, type UserAgent } from './runtime/user-agent.ts'
