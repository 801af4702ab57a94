/**
 * Runtime rendering of a prerendered route's GET: a URL generateStaticParams did not list (R74, first request)
 * or a stale/expired entry (C9). The handler gets the same sanitised request as at build (R72), inside a
 * prerender scope, so its `"use cache"` reads are never stale and their lifetimes and tags are collected.
 */
import { INFINITE_CACHE } from '../cache/cache-life.ts'
import { presetSoftTags } from '../cache/cache-scope.ts'
import { cacheState } from '../cache/cache-state.ts'
import { attachPrerenderScope, createPrerenderScope } from '../cache/prerender-scope.ts'
import { buildSoftTags } from '../cache/tags.ts'
import { runInRequestStore, type RequestStore } from '../runtime/request-store.ts'
import { NativeResponse } from '../runtime/response.ts'
import type { LoadedRoute } from '../runtime/route-handlers.ts'
import { createPrerenderRequest } from './_build-request.ts'
import type { ParamValue } from './prerender-manifest.ts'

/** A fresh response for one URL, with what it read. */
export interface RenderedEntry {
  status: number
  headers: Record<string, string | string[]>
  body: Uint8Array
  revalidate: number | false
  expire: number
  tags: string[]
  /** When the render started: a tag revalidated while it ran still counts as newer (C35). */
  timestamp: number
}

/** Renders `path` of `route`; `revalidate` is the route's own (segment config) lifetime. */
export async function renderEntry(
  route: LoadedRoute,
  path: string,
  params: Record<string, ParamValue> | undefined,
  revalidate: number | false,
): Promise<RenderedEntry> {
  const scope = createPrerenderScope('regenerate')
  const request = createPrerenderRequest(path)
  const store: RequestStore = {
    request,
    route: route.pattern,
    cookies: undefined,
    after: undefined,
    cacheScope: undefined,
  }
  attachPrerenderScope(store, scope)
  const softTags = buildSoftTags(route.pattern, path)
  presetSoftTags(store, softTags)
  const timestamp = cacheState.now()
  const context = { params: params === undefined ? undefined : Promise.resolve(params) }
  const response = await runInRequestStore(store, () => route.handlers.GET!(request, context))
  if (!(response instanceof NativeResponse)) {
    throw new Error(
      `No response is returned from route handler '${route.file}'. Ensure you return a \`Response\` or a ` +
        '`NextResponse` in all branches of your handler.',
    )
  }
  const body = new Uint8Array(await response.arrayBuffer())
  let seconds = scope.revalidate
  if (revalidate !== false && revalidate < seconds) seconds = revalidate
  return {
    status: response.status,
    headers: captureHeaders(response.headers),
    body,
    revalidate: seconds >= INFINITE_CACHE ? false : seconds,
    expire: Math.min(scope.expire, INFINITE_CACHE),
    tags: [...scope.tags, ...softTags],
    timestamp,
  }
}

// Set by the server for the body it writes; replaying them would be wrong.
const DROPPED = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive'])

/** C8: the handler's own headers, replayed on every answer; `set-cookie` keeps its lines. */
export function captureHeaders(headers: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of headers) if (name !== 'set-cookie' && !DROPPED.has(name)) out[name] = value
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) out['set-cookie'] = cookies
  return out
}
