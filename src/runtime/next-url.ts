/** `request.nextUrl`: a URL with Next.js's extra fields (R42, R43). */

/** Options Next.js's NextURL takes that matter to route handlers. */
export interface NextURLOptions {
  /** The configured basePath; R43: it is stripped from `pathname` and `basePath` still reads "". */
  basePath?: string
}

/** Next.js's NextURL: the URL fields plus `basePath`, `buildId`, `locale`, `clone()`. */
export class NextURL {
  #url: URL
  #basePath: string

  constructor(input: string | URL, base?: string | URL | NextURLOptions, options?: NextURLOptions) {
    const opts = typeof base === 'object' && !(base instanceof URL) ? base : options
    const baseUrl = typeof base === 'object' && !(base instanceof URL) ? undefined : base
    this.#url = new URL(String(input), baseUrl === undefined ? undefined : String(baseUrl))
    this.#basePath = opts?.basePath ?? ''
    // R43: the base path is removed from the pathname the handler sees.
    const bp = this.#basePath
    if (bp !== '' && (this.#url.pathname === bp || this.#url.pathname.startsWith(`${bp}/`))) {
      this.#url.pathname = this.#url.pathname.slice(bp.length) || '/'
    }
  }

  /** R43: Next reports "" even when a basePath is configured. */
  get basePath(): string {
    return ''
  }
  set basePath(value: string) {
    this.#basePath = value
  }
  get buildId(): string | undefined {
    return undefined
  }
  get locale(): string {
    return ''
  }
  get defaultLocale(): string | undefined {
    return undefined
  }
  get domainLocale(): undefined {
    return undefined
  }
  get searchParams(): URLSearchParams {
    return this.#url.searchParams
  }
  get host(): string {
    return this.#url.host
  }
  set host(value: string) {
    this.#url.host = value
  }
  get hostname(): string {
    return this.#url.hostname
  }
  set hostname(value: string) {
    this.#url.hostname = value
  }
  get port(): string {
    return this.#url.port
  }
  set port(value: string) {
    this.#url.port = value
  }
  get protocol(): string {
    return this.#url.protocol
  }
  set protocol(value: string) {
    this.#url.protocol = value
  }
  get href(): string {
    return this.#url.href
  }
  set href(value: string) {
    this.#url = new URL(value)
  }
  get origin(): string {
    return this.#url.origin
  }
  get pathname(): string {
    return this.#url.pathname
  }
  set pathname(value: string) {
    this.#url.pathname = value
  }
  get hash(): string {
    return this.#url.hash
  }
  set hash(value: string) {
    this.#url.hash = value
  }
  get search(): string {
    return this.#url.search
  }
  set search(value: string) {
    this.#url.search = value
  }
  get password(): string {
    return this.#url.password
  }
  set password(value: string) {
    this.#url.password = value
  }
  get username(): string {
    return this.#url.username
  }
  set username(value: string) {
    this.#url.username = value
  }

  toString(): string {
    return this.href
  }
  toJSON(): string {
    return this.href
  }
  /** A copy that can be changed without touching this one. */
  clone(): NextURL {
    return new NextURL(this.href, { basePath: this.#basePath })
  }

  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return { href: this.href, pathname: this.pathname, search: this.search, basePath: this.basePath }
  }
}
