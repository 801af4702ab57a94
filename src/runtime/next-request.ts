/** `NextRequest`: the web Request plus `nextUrl` and `cookies` (R40–R48). */
import { RequestCookies } from './cookies/request-cookies.ts'
import { NextURL } from './next-url.ts'

/** The platform's Request class (never replaced: requests are built lazily, see node/incoming-request.ts). */
export const NativeRequest: typeof globalThis.Request = globalThis.Request

const kNextUrl = Symbol('routekit.nextUrl')
const kCookies = Symbol('routekit.cookies')

interface NextRequestSlots {
  [kNextUrl]?: NextURL
  [kCookies]?: RequestCookies
}

/** Next.js's NextRequest. The server hands handlers a lazy object with this prototype. */
export class NextRequest extends NativeRequest {
  /** The parsed URL with Next.js's extra fields, built on first use. */
  get nextUrl(): NextURL {
    const self = this as unknown as NextRequestSlots
    return (self[kNextUrl] ??= new NextURL(this.url))
  }

  /** The request cookies (R45), parsed on first use. */
  get cookies(): RequestCookies {
    const self = this as unknown as NextRequestSlots
    return (self[kCookies] ??= new RequestCookies(this.headers))
  }

  /** R48: removed in Next.js 15. */
  get ip(): undefined {
    return undefined
  }

  /** R48: removed in Next.js 15. */
  get geo(): undefined {
    return undefined
  }

  /** R48: throws as Next.js does. */
  get page(): never {
    throw new Error(
      'The request.page has been deprecated in favour of `URLPattern`.\n  Read more: https://nextjs.org/docs/messages/middleware-request-page',
    )
  }

  /** R48: throws as Next.js does. */
  get ua(): never {
    throw new Error(
      'The request.ua has been removed in favour of `userAgent` function.\n  Read more: https://nextjs.org/docs/messages/middleware-parse-user-agent',
    )
  }

  get [Symbol.toStringTag](): string {
    return 'Request'
  }
}
