/**
 * What a proxy's return value means for the request (proxy.md P10–P15, P18), decoded the way Next's router
 * reads a middleware response: continue (with request header overrides and response headers to merge),
 * rewrite, redirect, or answer directly.
 */
import type { OutgoingHttpHeaders } from 'node:http'
import { isBareNext } from '../runtime/next-response.ts'
import { NativeResponse } from '../runtime/response.ts'

/** The handler's request headers when the proxy changed them: a set, or a recipe applied on first read. */
export type RequestHeaders = Headers | (() => Headers)

/** The request goes on to the route (P10–P12, P18). */
export interface ProxyContinue {
  kind: 'continue'
  /** Config headers overlaid with the proxy's response headers; `undefined` when there are none. */
  merge: OutgoingHttpHeaders | undefined
  /** P11: the handler's request headers; `undefined` = unchanged. */
  requestHeaders: RequestHeaders | undefined
  /** P18: the rewrite target, relative (`/x?y=1`) for this origin, absolute for another. */
  rewrite: string | undefined
}

/** The proxy's own response is the answer (P14), or a redirect (P15). */
export interface ProxyAnswer {
  kind: 'respond' | 'redirect'
  response: Response
  /** respond: config headers the response does not set itself; redirect: every header to send. */
  merge: OutgoingHttpHeaders | undefined
  /** redirect: the Location, made relative when it points at this origin. */
  location: string
}

/** A decoded proxy result. */
export type ProxyEffect = ProxyContinue | ProxyAnswer

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308])
// Internal or hop-by-hop headers that reach neither the client nor the handler (Next's resolve-routes).
const SKIPPED = new Set([
  'x-middleware-redirect',
  'x-middleware-refresh',
  'x-middleware-set-cookie',
  'content-length',
  'accept-encoding',
  'keepalive',
  'keep-alive',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'expect',
])
const REQUEST_PREFIX = 'x-middleware-request-'

/** What reading a result needs from the request. */
export interface ReadContext {
  /** next.config `headers()` for this request (P20 step 1). */
  config: OutgoingHttpHeaders | undefined
  /** The proxy request's URL: rewrites and redirects to its origin become relative. */
  url: () => string
  /** The handler's headers before the proxy, built only if the proxy adds to them and the handler reads them. */
  baseHeaders: () => Headers
}

/** The proxy response's headers, sorted into what each effect needs, in one pass over them. */
interface Parts {
  location: string | null
  rewrite: string | null
  next: boolean
  override: string | null
  /** `x-middleware-request-<name>` values by name (P11). */
  request: Record<string, string>
  /** Headers for the client (and the handler's request): everything not internal, cookies apart. */
  plain: [string, string][]
  cookies: string[]
}

function split(headers: Headers): Parts {
  const parts: Parts = {
    location: null,
    rewrite: null,
    next: false,
    override: null,
    request: {},
    plain: [],
    cookies: [],
  }
  for (const [name, value] of headers) {
    if (name === 'x-middleware-next') parts.next = true
    else if (name === 'x-middleware-rewrite') parts.rewrite = value
    else if (name === 'x-middleware-override-headers') parts.override = value
    else if (name === 'set-cookie') parts.cookies.push(value)
    else if (name.startsWith(REQUEST_PREFIX)) parts.request[name.slice(REQUEST_PREFIX.length)] = value
    else if (!SKIPPED.has(name)) {
      if (name === 'location') parts.location = value
      parts.plain.push([name, value])
    }
  }
  return parts
}

/** Decodes `value`; a value that is not a Response (nor undefined/null) throws, as in Next. */
export function readProxyResponse(value: unknown, context: ReadContext): ProxyEffect {
  if (value === undefined || value === null || (typeof value === 'object' && isBareNext(value))) {
    return { kind: 'continue', merge: context.config, requestHeaders: undefined, rewrite: undefined }
  }
  if (!(value instanceof NativeResponse))
    throw new TypeError('Expected an instance of Response to be returned')
  const response = value as Response
  const parts = split(response.headers)
  if (parts.location !== null && REDIRECT_STATUS.has(response.status)) {
    const relative = relativize(parts.location, context.url())
    const merge = overlay(context.config, parts)
    merge.location = relative
    return { kind: 'redirect', response, merge, location: relative }
  }
  if (parts.location !== null || (parts.rewrite === null && !parts.next)) {
    return { kind: 'respond', response, merge: missingFrom(context.config, parts), location: '' }
  }
  const merge = overlay(context.config, parts)
  let rewrite: string | undefined
  if (parts.rewrite !== null) {
    rewrite = relativize(parts.rewrite, context.url())
    merge['x-middleware-rewrite'] = rewrite
  }
  const changed =
    context.config !== undefined || parts.plain.length + parts.cookies.length > 0 || rewrite !== undefined
  return {
    kind: 'continue',
    merge: changed ? merge : undefined,
    requestHeaders: requestHeaders(parts, context),
    rewrite,
  }
}

/** P12: config headers overlaid with the proxy's (its value wins; its cookies replace config ones). */
function overlay(config: OutgoingHttpHeaders | undefined, parts: Parts): OutgoingHttpHeaders {
  const merge: OutgoingHttpHeaders = { ...config }
  for (const [name, value] of parts.plain) merge[name] = value
  if (parts.cookies.length > 0) merge['set-cookie'] = parts.cookies
  return merge
}

/**
 * P11: with `x-middleware-override-headers`, exactly the listed headers with their `x-middleware-request-*`
 * values; then, as Next does, the proxy's response headers too, its cookies also as `x-middleware-set-cookie`.
 * Without an override the incoming headers are the base, copied only when the handler reads them.
 */
function requestHeaders(parts: Parts, context: ReadContext): RequestHeaders | undefined {
  const add = (headers: Headers): Headers => {
    for (const [name, value] of parts.plain) headers.set(name, value)
    for (const line of parts.cookies) headers.append('set-cookie', line)
    if (parts.cookies.length > 0) headers.set('x-middleware-set-cookie', parts.cookies.join(','))
    return headers
  }
  // Next reads an empty override list as no override.
  if (parts.override) {
    const headers = new Headers()
    for (const key of parts.override.split(',')) {
      const name = key.trim()
      const value = parts.request[name]
      if (name !== '' && value !== undefined) headers.set(name, value)
    }
    return add(headers)
  }
  if (parts.plain.length + parts.cookies.length === 0) return undefined
  return () => add(context.baseHeaders())
}

/** Next's getRelativeURL: a URL on the request's own origin becomes path + query + hash. */
export function relativize(value: string, base: string): string {
  const url = new URL(value, base)
  const origin = new URL(base).origin
  return url.origin === origin ? url.href.slice(origin.length) : url.href
}

/** P14: config headers still apply to a direct answer, except where the answer sets the header itself. */
function missingFrom(config: OutgoingHttpHeaders | undefined, parts: Parts): OutgoingHttpHeaders | undefined {
  if (config === undefined) return undefined
  const own = new Set(parts.plain.map(([name]) => name))
  if (parts.cookies.length > 0) own.add('set-cookie')
  const out: OutgoingHttpHeaders = {}
  for (const name in config) if (!own.has(name)) out[name] = config[name]
  return out
}
