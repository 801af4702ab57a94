/** `NextRequest`: the web Request plus `nextUrl` and `cookies` (R40–R48). */
import { RequestCookies } from './cookies/request-cookies.ts'
import { NextURL } from './next-url.ts'

type NativeRequestClass = typeof globalThis.Request

// Node defines `Request` as a lazy global: reading it loads undici, about 17 ms of a cold start on Node 20, which a
// server whose handlers never need a native Request should not pay. So NextRequest starts on a placeholder base
// and is linked to the platform class the first time anything asks for it: the server (a native twin of a request),
// `new NextRequest(…)`, or user code reading the global `Request` (which this module routes through the link, so
// `request instanceof Request` holds).
const requestDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'Request')
let nativeRequest: NativeRequestClass | undefined
const onLink: ((native: NativeRequestClass) => void)[] = []

/** The platform's Request class (never replaced: requests are built lazily, see node/incoming-request.ts). */
export function getNativeRequest(): NativeRequestClass {
  if (nativeRequest !== undefined) return nativeRequest
  const getter = requestDescriptor?.get
  // Node's lazy getter also turns the global into a plain value property holding the class.
  const loaded = (
    getter === undefined ? requestDescriptor?.value : getter.call(globalThis)
  ) as NativeRequestClass
  nativeRequest = loaded
  Object.setPrototypeOf(NextRequest, loaded)
  Object.setPrototypeOf(NextRequest.prototype, loaded.prototype)
  for (const hook of onLink.splice(0)) hook(loaded)
  return loaded
}

/** Runs `hook` once the platform Request class is loaded: now if it already is. */
export function whenNativeRequest(hook: (native: NativeRequestClass) => void): void {
  if (nativeRequest !== undefined) hook(nativeRequest)
  else onLink.push(hook)
}

/** Stands in for the platform class until NextRequest is linked to it (it never builds anything). */
const Placeholder = function Request() {
  throw new TypeError('Illegal constructor')
} as unknown as NativeRequestClass

const kNextUrl = Symbol('routekit.nextUrl')
const kCookies = Symbol('routekit.cookies')

interface NextRequestSlots {
  [kNextUrl]?: NextURL
  [kCookies]?: RequestCookies
}

/** Next.js's NextRequest. The server hands handlers a lazy object with this prototype. */
export class NextRequest extends Placeholder {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    // `super` calls whatever NextRequest inherits from at that moment: link first.
    getNativeRequest()
    super(input, init)
  }

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

if (requestDescriptor?.get === undefined) {
  // Someone already read the global: the class is loaded, link now.
  getNativeRequest()
} else {
  Object.defineProperty(globalThis, 'Request', {
    get: getNativeRequest,
    set(value: unknown) {
      Object.defineProperty(globalThis, 'Request', {
        value,
        writable: true,
        configurable: true,
        enumerable: false,
      })
    },
    configurable: true,
    enumerable: false,
  })
}
