/** `next/headers`: `headers()`, `cookies()` and `draftMode()` bound to the current request (R46, R47, R55). */
import { MutableCookies } from './cookies/mutable-cookies.ts'
import { getRequestStore } from './request-store.ts'

// No storage is created here: the build marks every route whose bundle imports this module, and the server
// enables the scope before it first runs one of their handlers (request-store.ts).

const READ_ONLY = new Set(['set', 'append', 'delete'])

/** R46: a live, read-only view of the request headers (changes made through `request.headers` show). */
function readonlyHeaders(source: Headers): Headers {
  return new Proxy(source, {
    get(target, key) {
      if (typeof key === 'string' && READ_ONLY.has(key)) {
        return () => {
          throw new Error(
            'Headers cannot be modified. Read more: https://nextjs.org/docs/app/api-reference/functions/headers',
          )
        }
      }
      const value = Reflect.get(target, key, target) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}

/** The incoming request's headers, read-only. */
export function headers(): Promise<Headers> {
  const store = getRequestStore('headers')
  return Promise.resolve(readonlyHeaders(store.request.headers))
}

/** The request's cookies; writable in route handlers, and what is set reaches the response (R55). */
export function cookies(): Promise<MutableCookies> {
  const store = getRequestStore('cookies')
  store.cookies ??= new MutableCookies(store.request.headers)
  return Promise.resolve(store.cookies)
}

const BYPASS_COOKIE = '__prerender_bypass'

/** Draft mode state, carried by Next's `__prerender_bypass` cookie. */
export interface DraftMode {
  readonly isEnabled: boolean
  enable(): void
  disable(): void
}

/** `draftMode()`: enabling sets the bypass cookie on the response, disabling expires it. */
export function draftMode(): Promise<DraftMode> {
  const store = getRequestStore('draftMode')
  const jar = (store.cookies ??= new MutableCookies(store.request.headers))
  return Promise.resolve({
    get isEnabled() {
      const cookie = jar.get(BYPASS_COOKIE)
      return cookie !== undefined && cookie.value !== ''
    },
    enable() {
      jar.set(BYPASS_COOKIE, crypto.randomUUID(), {
        httpOnly: true,
        sameSite: 'none',
        secure: true,
        path: '/',
      })
    },
    disable() {
      jar.delete(BYPASS_COOKIE)
    },
  })
}
