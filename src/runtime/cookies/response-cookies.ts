/** `NextResponse#cookies` and the writable `cookies()` jar: Next.js's ResponseCookies over a Headers object (R55). */
import {
  normalizeCookie,
  parseSetCookie,
  serializeCookie,
  type CookieOptions,
  type ResponseCookie,
} from './serialize-cookie.ts'

/** Edits the `set-cookie` lines of a Headers object; one line per cookie name, last write wins. */
export class ResponseCookies {
  readonly #headers: Headers
  readonly #parsed = new Map<string, ResponseCookie>()

  constructor(responseHeaders: Headers) {
    this.#headers = responseHeaders
    for (const line of responseHeaders.getSetCookie()) {
      const cookie = parseSetCookie(line)
      if (cookie !== undefined) this.#parsed.set(cookie.name, cookie)
    }
  }

  get(...args: [name: string] | [ResponseCookie]): ResponseCookie | undefined {
    const name = typeof args[0] === 'string' ? args[0] : args[0].name
    return this.#parsed.get(name)
  }

  getAll(...args: [name: string] | [ResponseCookie] | []): ResponseCookie[] {
    const all = [...this.#parsed.values()]
    if (args.length === 0) return all
    const name = typeof args[0] === 'string' ? args[0] : args[0].name
    return all.filter((c) => c.name === name)
  }

  has(name: string): boolean {
    return this.#parsed.has(name)
  }

  set(
    ...args: [key: string, value: string, cookie?: Partial<ResponseCookie>] | [options: ResponseCookie]
  ): this {
    const [name, value, options] = args.length === 1 ? [args[0].name, args[0].value, args[0]] : args
    this.#parsed.set(name, normalizeCookie({ ...(options as CookieOptions), name, value }))
    this.#write()
    return this
  }

  /** Expires the cookie in the browser (R55: `name=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`). */
  delete(...args: [key: string] | [options: Omit<ResponseCookie, 'value' | 'expires'>]): this {
    const [name, options] = typeof args[0] === 'string' ? [args[0], undefined] : [args[0].name, args[0]]
    return this.set({ ...options, name, value: '', expires: new Date(0) })
  }

  toString(): string {
    return [...this.#parsed.values()].map(serializeCookie).join('; ')
  }

  [Symbol.iterator](): IterableIterator<[string, ResponseCookie]> {
    return this.#parsed.entries()
  }

  #write(): void {
    this.#headers.delete('set-cookie')
    for (const cookie of this.#parsed.values()) this.#headers.append('set-cookie', serializeCookie(cookie))
  }
}
