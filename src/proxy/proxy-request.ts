/**
 * The proxy's NextRequest under a basePath (proxy.md P8, P17): `request.url` keeps the basePath, `nextUrl`
 * strips it from `pathname`, reports it in `basePath` and puts it back in `href`, so a redirect built from
 * `request.nextUrl.clone()` lands inside the app. Without a basePath the proxy gets a plain IncomingRequest.
 */
import { NextURL } from '../runtime/next-url.ts'
import { IncomingRequest, type IncomingRequestInit } from '../runtime/node/incoming-request.ts'

/** A NextURL that knows the app's basePath (Next builds the proxy's with the config; handlers' without). */
export class BasePathNextURL extends NextURL {
  #base: string

  constructor(input: string | URL, basePath: string) {
    super(input, { basePath })
    this.#base = basePath
  }

  override get basePath(): string {
    return this.#base
  }
  override set basePath(value: string) {
    this.#base = value
  }

  override get href(): string {
    const path = this.pathname === '/' && this.#base !== '' ? this.#base : `${this.#base}${this.pathname}`
    return `${this.origin}${path}${this.search}${this.hash}`
  }
  override set href(value: string) {
    const url = new BasePathNextURL(value, this.#base)
    super.href = `${url.origin}${url.pathname}${url.search}${url.hash}`
  }

  override clone(): BasePathNextURL {
    return new BasePathNextURL(this.href, this.#base)
  }
}

/** The proxy's request when the app has a basePath; `init.pathname` is the full path, basePath included. */
export class BasePathRequest extends IncomingRequest {
  #basePath: string
  #nextUrl: BasePathNextURL | undefined

  constructor(init: IncomingRequestInit, basePath: string) {
    super(init)
    this.#basePath = basePath
  }

  get nextUrl(): BasePathNextURL {
    return (this.#nextUrl ??= new BasePathNextURL(this.url, this.#basePath))
  }
}
