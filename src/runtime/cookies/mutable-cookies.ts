/** The writable jar `cookies()` returns inside a route handler (R47, R55). */
import { parseCookieHeader } from './parse-cookie.ts'
import { ResponseCookies } from './response-cookies.ts'
import type { ResponseCookie } from './serialize-cookie.ts'

/**
 * Reads the request's cookies (each reported with `path: "/"`, as Next's jar normalises them) overlaid
 * with what the handler set; only what was set or deleted reaches the response.
 */
export class MutableCookies {
  readonly #request: Map<string, string>
  readonly #changes = new Headers()
  readonly #written = new ResponseCookies(this.#changes)

  constructor(requestHeaders: Headers) {
    this.#request = parseCookieHeader(requestHeaders.get('cookie'))
  }

  get(...args: [name: string] | [ResponseCookie]): ResponseCookie | undefined {
    const name = typeof args[0] === 'string' ? args[0] : args[0].name
    const written = this.#written.get(name)
    if (written !== undefined) return written
    const value = this.#request.get(name)
    return value === undefined ? undefined : { name, value, path: '/' }
  }

  getAll(...args: [name: string] | [ResponseCookie] | []): ResponseCookie[] {
    const all = new Map<string, ResponseCookie>()
    for (const [name, value] of this.#request) all.set(name, { name, value, path: '/' })
    for (const cookie of this.#written.getAll()) all.set(cookie.name, cookie)
    const list = [...all.values()]
    if (args.length === 0) return list
    const name = typeof args[0] === 'string' ? args[0] : args[0].name
    return list.filter((c) => c.name === name)
  }

  has(name: string): boolean {
    return this.#written.has(name) || this.#request.has(name)
  }

  get size(): number {
    return this.getAll().length
  }

  set(...args: Parameters<ResponseCookies['set']>): this {
    this.#written.set(...args)
    return this
  }

  delete(...args: Parameters<ResponseCookies['delete']>): this {
    this.#written.delete(...args)
    return this
  }

  toString(): string {
    return this.getAll()
      .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
      .join('; ')
  }

  [Symbol.iterator](): IterableIterator<[string, ResponseCookie]> {
    return new Map(this.getAll().map((c) => [c.name, c] as [string, ResponseCookie]))[Symbol.iterator]()
  }

  /** The Set-Cookie lines to add to the response. */
  setCookieLines(): string[] {
    return this.#changes.getSetCookie()
  }
}
