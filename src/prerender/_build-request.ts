/** The request a prerendered GET receives: no headers, no cookies, no query, a fixed origin (R72, C12). */
import { NextRequest } from '../runtime/next-request.ts'

// R72: Next hands force-static handlers its build-time URL, port 3000 whatever the serving port.
const BUILD_ORIGIN = 'http://localhost:3000'

// C4: reading any of these means the response depends on the request.
const REQUEST_DATA = new Set([
  'url',
  'headers',
  'cookies',
  'body',
  'bodyUsed',
  'text',
  'json',
  'arrayBuffer',
  'blob',
  'formData',
  'bytes',
  'clone',
])

// Next tracks these on `nextUrl`; its pathname and the like are known at build.
const URL_DATA = new Set([
  'href',
  'search',
  'searchParams',
  'origin',
  'host',
  'hostname',
  'port',
  'toString',
  'toJSON',
])

type Report = (expression: string) => void

/** `value` reporting reads of `keys` as `<prefix>.<key>` first; `extra` answers some keys itself. */
function track<T extends object>(
  value: T,
  keys: ReadonlySet<string>,
  prefix: string,
  onAccess: Report,
  extra: Record<string, unknown> = {},
): T {
  return new Proxy(value, {
    get(target, key) {
      if (typeof key === 'string') {
        if (keys.has(key)) onAccess(`${prefix}.${key}`)
        if (Object.hasOwn(extra, key)) return extra[key]
      }
      const found = Reflect.get(target, key, target) as unknown
      // Native getters and methods check their receiver: call them on the object itself.
      return typeof found === 'function' && key !== 'constructor'
        ? (found as (...args: unknown[]) => unknown).bind(target)
        : found
    },
  })
}

/**
 * A sanitised request for `path`; with `onAccess`, every read of request data (`request.url`,
 * `request.headers`, `request.nextUrl.search`, a body reader…) calls it first, and it throws to make the
 * route dynamic (C4).
 */
export function createPrerenderRequest(path: string, onAccess?: Report): Request {
  const request = new NextRequest(`${BUILD_ORIGIN}${path}`)
  if (onAccess === undefined) return request
  const nextUrl = track(request.nextUrl, URL_DATA, 'request.nextUrl', onAccess)
  return track(request, REQUEST_DATA, 'request', onAccess, { nextUrl })
}
