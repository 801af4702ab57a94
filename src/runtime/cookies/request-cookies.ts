/** `request.cookies`: Next.js's RequestCookies over a Headers object (R45). */
import { parseCookieHeader } from './parse-cookie.ts'

/** A cookie as `get`/`getAll` return it. */
export interface RequestCookie {
  name: string
  value: string
}

/** Reads and edits the request's own `cookie` header; nothing here reaches the client (R45). */
export class RequestCookies {
  readonly #headers: Headers
  readonly #parsed: Map<string, string>

  constructor(requestHeaders: Headers) {
    this.#headers = requestHeaders
    this.#parsed = parseCookieHeader(requestHeaders.get('cookie'))
  }

  [Symbol.iterator](): IterableIterator<[string, RequestCookie]> {
    return this.#entries()[Symbol.iterator]()
  }

  /** The number of cookies. */
  get size(): number {
    return this.#parsed.size
  }

  get(...args: [name: string] | [RequestCookie]): RequestCookie | undefined {
    const name = typeof args[0] === 'string' ? args[0] : args[0].name
    const value = this.#parsed.get(name)
    return value === undefined ? undefined : { name, value }
  }

  getAll(...args: [name: string] | [RequestCookie] | []): RequestCookie[] {
    const all = [...this.#parsed].map(([name, value]) => ({ name, value }))
    if (args.length === 0) return all
    const name = typeof args[0] === 'string' ? args[0] : args[0].name
    return all.filter((c) => c.name === name)
  }

  has(name: string): boolean {
    return this.#parsed.has(name)
  }

  set(...args: [key: string, value: string] | [options: RequestCookie]): this {
    const [name, value] = args.length === 1 ? [args[0].name, args[0].value] : args
    this.#parsed.set(name, value)
    this.#write()
    return this
  }

  delete(names: string | string[]): boolean | boolean[] {
    const list = Array.isArray(names) ? names : [names]
    const result = list.map((name) => this.#parsed.delete(name))
    this.#write()
    return Array.isArray(names) ? result : result[0]!
  }

  clear(): this {
    this.delete([...this.#parsed.keys()])
    return this
  }

  toString(): string {
    return [...this.#parsed].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ')
  }

  #entries(): [string, RequestCookie][] {
    return [...this.#parsed].map(([name, value]) => [name, { name, value }])
  }

  #write(): void {
    this.#headers.set('cookie', this.toString())
  }
}
