/** `routekit/server` (and `next/server`): the request and response classes route handlers use. */
export { NextRequest } from './runtime/next-request.ts'
export { NextURL } from './runtime/next-url.ts'
export type { RequestCookie } from './runtime/cookies/request-cookies.ts'
export { RequestCookies } from './runtime/cookies/request-cookies.ts'
