/**
 * C4, C14, C47 at build: `fetch` with `cache: 'force-cache'` or `next.revalidate` is a cache fill — fetched once
 * in the prospective pass, answered from memory in the final one, its `revalidate` and `next.tags` counted
 * for the route (C6). An uncached fetch makes a Cache Components GET dynamic; in the previous model only an
 * explicit `no-store` / `revalidate: 0` does (C14). Installed only in the prerender child process.
 */
import { peekCacheScope } from '../cache/cache-scope.ts'
import { foldLifetime, markDynamic, peekPrerenderScope, trackFill } from '../cache/prerender-scope.ts'
import { runInRequestStore, type RequestStore } from '../runtime/request-store.ts'
import { modeOf } from './run-prerender.ts'

interface FetchInit extends RequestInit {
  next?: { revalidate?: number | false; tags?: string[] }
}

type Policy =
  | { cached: true; revalidate: number | undefined; tags: string[] }
  | { cached: false; explicit: boolean }

interface CachedFetch {
  status: number
  statusText: string
  headers: [string, string][]
  bytes: Uint8Array
}

// Outside any prerender: the platform's own work (undici reads the clock) must not count as the handler's.
const NEUTRAL: RequestStore = {
  request: undefined as unknown as Request,
  route: '',
  cookies: undefined,
  after: undefined,
  cacheScope: undefined,
}

function readPolicy(input: unknown, init: FetchInit | undefined): Policy {
  const cache = init?.cache ?? (input instanceof Request ? input.cache : undefined)
  const revalidate = init?.next?.revalidate
  if (cache === 'no-store' || cache === 'no-cache' || revalidate === 0)
    return { cached: false, explicit: true }
  const tags = (init?.next?.tags ?? []).filter((tag): tag is string => typeof tag === 'string')
  if (typeof init?.body === 'object' && init.body !== null) return { cached: false, explicit: false }
  if (typeof revalidate === 'number' && revalidate > 0) return { cached: true, revalidate, tags }
  if (cache === 'force-cache' || revalidate === false) return { cached: true, revalidate: undefined, tags }
  return { cached: false, explicit: false }
}

function keyOf(input: unknown, init: FetchInit | undefined): string {
  const url = input instanceof Request ? input.url : String(input)
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET')
  const headers = [...new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))]
  return JSON.stringify([method.toUpperCase(), url, headers.toSorted(), init?.body ?? null])
}

async function load(
  fetch: typeof globalThis.fetch,
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<CachedFetch> {
  const response = await fetch(input, init)
  const bytes = new Uint8Array(await response.arrayBuffer())
  return { status: response.status, statusText: response.statusText, headers: [...response.headers], bytes }
}

/** Replaces `globalThis.fetch` with the build's data cache. */
export function installFetchCache(): void {
  const realFetch = globalThis.fetch
  const cache = new Map<string, Promise<CachedFetch>>()
  globalThis.fetch = function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const scope = peekPrerenderScope()
    // Inside "use cache" the fetch is part of that entry's fill.
    if (scope === undefined || peekCacheScope() !== undefined) return realFetch(input, init)
    const policy = readPolicy(input, init as FetchInit | undefined)
    if (!policy.cached) {
      const mode = modeOf(scope)
      if (mode === 'cache-components' || (mode === 'auto' && policy.explicit)) {
        markDynamic(
          scope,
          `it fetched ${input instanceof Request ? input.url : String(input)} without caching it`,
        )
      }
      return runInRequestStore(NEUTRAL, () => realFetch(input, init))
    }
    const key = keyOf(input, init as FetchInit | undefined)
    let pending = cache.get(key)
    if (pending === undefined) {
      pending = runInRequestStore(NEUTRAL, () => load(realFetch, input, init))
      cache.set(key, pending)
      pending.catch(() => cache.delete(key))
    }
    trackFill(scope, pending)
    return pending.then((hit) => {
      foldLifetime(scope, { revalidate: policy.revalidate }, policy.tags)
      const empty = hit.bytes.byteLength === 0 || hit.status === 204 || hit.status === 304
      return new Response(empty ? null : hit.bytes.slice(), {
        status: hit.status,
        statusText: hit.statusText,
        headers: hit.headers,
      })
    })
  }
}
