/** A loaded route: its handlers per method and what dispatch needs precomputed (R20–R27). */
import { HTTP_METHODS, type HttpMethod } from '../compiler/manifest.ts'

/** A route handler as Next.js calls it: `(request, { params })`. */
export type RouteHandler = (request: Request, context: { params: Promise<unknown> | undefined }) => unknown

/** Everything the request path needs about one route, computed once at load. */
export interface LoadedRoute {
  pattern: string
  /** Source file relative to the project, for log lines. */
  file: string
  handlers: Partial<Record<HttpMethod, RouteHandler>>
  /** The `Allow` value: automatic OPTIONS (R23) and our 405s (deviation a). */
  allow: string
  /** The module namespace, for segment config (`dynamic`, `maxDuration`…). */
  module: Record<string, unknown>
  /** Method token → what to do; built once so a request allocates nothing to dispatch. */
  dispatch: Map<string, Dispatch>
  /** R32: `export const runtime = 'edge'` — a static route then gets `params` as a Promise of `{}`. */
  edge: boolean
  /**
   * The dispatched functions that run this route's own code when its bundle needs the request scope (manifest
   * `requestScope`): calling one enables the scope first. Undefined for routes that never need it, and never
   * holding a prerendered answer (load-app.ts).
   */
  scoped?: ReadonlySet<RouteHandler>
}

/** Collects the upper-case method exports of a module; lower-case and default exports never dispatch (R24, R25). */
export function toLoadedRoute(pattern: string, file: string, module: Record<string, unknown>): LoadedRoute {
  const handlers: Partial<Record<HttpMethod, RouteHandler>> = {}
  for (const method of HTTP_METHODS) {
    const value = module[method]
    if (typeof value === 'function') handlers[method] = value as RouteHandler
  }
  return {
    pattern,
    file,
    handlers,
    allow: allowHeader(handlers),
    module,
    dispatch: buildDispatch(handlers),
    edge: module.runtime === 'edge',
  }
}

/**
 * R23: the implemented methods plus OPTIONS, plus HEAD when GET exists, sorted, joined by ", ".
 */
export function allowHeader(handlers: Partial<Record<HttpMethod, unknown>>): string {
  const allowed = new Set<string>(['OPTIONS'])
  for (const method of HTTP_METHODS) if (handlers[method] !== undefined) allowed.add(method)
  if (handlers.GET !== undefined) allowed.add('HEAD')
  return [...allowed].toSorted().join(', ')
}

/** What to do with a request method on a matched route. */
export type Dispatch =
  | { kind: 'call'; handler: RouteHandler; head: boolean }
  | { kind: 'options' }
  | { kind: 'not-allowed' }
  | { kind: 'bad-method' }
  | { kind: 'trace' }

/**
 * Picks the handler for `method` (already upper-case per Node's parser):
 * HEAD falls back to GET with the body dropped (R22); OPTIONS is automatic (R23); a standard method
 * without an export is 405 (R21); TRACE is refused by the fetch spec → 500 as Next (R27); any other
 * token is 400 even when the module exports a function of that name (R26).
 */
export function resolveDispatch(route: LoadedRoute, method: string): Dispatch {
  return route.dispatch.get(method) ?? BAD_METHOD
}

function buildDispatch(handlers: Partial<Record<HttpMethod, RouteHandler>>): Map<string, Dispatch> {
  const table = new Map<string, Dispatch>()
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const) {
    const handler = handlers[method]
    table.set(method, handler === undefined ? NOT_ALLOWED : { kind: 'call', handler, head: false })
  }
  const head = handlers.HEAD ?? handlers.GET
  table.set('HEAD', head === undefined ? NOT_ALLOWED : { kind: 'call', handler: head, head: true })
  const options = handlers.OPTIONS
  table.set('OPTIONS', options === undefined ? OPTIONS : { kind: 'call', handler: options, head: false })
  table.set('TRACE', TRACE)
  return table
}

const NOT_ALLOWED: Dispatch = { kind: 'not-allowed' }
const OPTIONS: Dispatch = { kind: 'options' }
const TRACE: Dispatch = { kind: 'trace' }
const BAD_METHOD: Dispatch = { kind: 'bad-method' }
