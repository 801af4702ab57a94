/**
 * At load: gives a prerendered route the dispatch table that serves it (the listener stays as it is).
 * - `static` (○): GET and HEAD answer from the prerender (HEAD never calls a HEAD export, C2 errata); every
 *   other method gets the static layer's 405 `Method Not Allowed` with `Allow: GET, HEAD`, OPTIONS too (R73).
 * - `ssg` (●, generateStaticParams): GET and HEAD answer from the prerender by params; the other methods keep
 *   their normal dispatch (deviation d). With `dynamicParams = false` an unlisted URL is a 404 (R74).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../_internal/logger.ts'
import { Response } from '../runtime/response.ts'
import type { Dispatch, LoadedRoute, RouteHandler } from '../runtime/route-handlers.ts'
import { createRouteCache } from './create-route-cache.ts'
import type { ParamValue, PrerenderedRoute } from './prerender-manifest.ts'
import type { Segment } from '../scanner/route-file.ts'
import { toParamsKey } from './to-static-path.ts'

const encoder = new TextEncoder()
// R73: bytes, not a string, so no content-type is added (Next sends none).
const METHOD_NOT_ALLOWED = encoder.encode('Method Not Allowed')
// Deviation b: the same small JSON 404 as an unknown path.
const NOT_FOUND = encoder.encode('{"error":"Not Found"}')
const OTHER_METHODS = ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const

type Params = Record<string, ParamValue>

/** `route` (of `segments`) with its GET served from `record`, bodies under `prerenderDir`; as is without a record. */
export function servePrerendered(
  route: LoadedRoute,
  segments: readonly Segment[],
  record: PrerenderedRoute | undefined,
  prerenderDir: string,
  logger: Logger,
): LoadedRoute {
  if (record === undefined || route.handlers.GET === undefined) return route
  const bodies = new Map(
    record.entries.map((entry) => [entry.path, readFileSync(join(prerenderDir, entry.body))]),
  )
  const cache = createRouteCache(route, record, bodies, logger)
  const dispatch = new Map(route.dispatch)
  let get: RouteHandler
  if (record.rendering === 'static') {
    const path = record.entries[0]!.path
    get = () => cache.answer(path, undefined)
    const notAllowed: RouteHandler = () =>
      new Response(METHOD_NOT_ALLOWED, { status: 405, headers: { allow: 'GET, HEAD' } })
    for (const method of OTHER_METHODS)
      dispatch.set(method, { kind: 'call', handler: notAllowed, head: false })
  } else {
    get = (_request, context) =>
      (context.params as Promise<Params>).then((params) => {
        const path = toParamsKey(segments, params)
        return listed(path) ? cache.answer(path, params) : notFound()
      })
    const known = new Set(record.entries.map((entry) => entry.path))
    const listed = (path: string): boolean => record.dynamicParams || known.has(path)
    if (!record.dynamicParams) {
      for (const method of OTHER_METHODS) {
        dispatch.set(
          method,
          guard(route, dispatch.get(method)!, (params) => listed(toParamsKey(segments, params))),
        )
      }
    }
  }
  dispatch.set('GET', { kind: 'call', handler: get, head: false })
  dispatch.set('HEAD', { kind: 'call', handler: get, head: true })
  return { ...route, dispatch }
}

function notFound(): Response {
  return new Response(NOT_FOUND, { status: 404, headers: { 'content-type': 'application/json' } })
}

/** R74 `dynamicParams = false`: `dispatch` for a listed URL, a 404 for any other. */
function guard(route: LoadedRoute, dispatch: Dispatch, allowed: (params: Params) => boolean): Dispatch {
  // The listener answers these kinds itself; as calls they can be guarded, with the same answers.
  const answer: RouteHandler | undefined =
    dispatch.kind === 'call'
      ? dispatch.handler
      : dispatch.kind === 'options'
        ? () => new Response(null, { status: 204, headers: { allow: route.allow } })
        : dispatch.kind === 'not-allowed'
          ? () => new Response(null, { status: 405, headers: { allow: route.allow } })
          : undefined
  if (answer === undefined) return dispatch
  return {
    kind: 'call',
    head: false,
    handler: (request, context) =>
      (context.params as Promise<Params>).then((params) =>
        allowed(params) ? answer(request, context) : notFound(),
      ),
  }
}
