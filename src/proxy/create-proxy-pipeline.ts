/**
 * The request pipeline in front of the routes when a project has a proxy or next.config rules (proxy.md P20):
 * config redirects → config headers (computed now, applied last) → the proxy → rewrites → route → dispatch.
 * A request that neither the matcher nor any rule covers is handed back to the plain listener untouched.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { createError, RoutekitError } from '../errors.ts'
import { buildHeaders, IncomingRequest, type SharedBody } from '../runtime/node/incoming-request.ts'
import { reportFailure } from '../runtime/node/report-failure.ts'
import { writeResponse } from '../runtime/node/write-response.ts'
import { isRequestStoreEnabled, runInRequestStore, type RequestStore } from '../runtime/request-store.ts'
import type { RuntimeApp } from '../runtime/runtime-app.ts'
import { forwardRequest } from './forward-request.ts'
import type { LoadedProxy } from './load-proxy.ts'
import { NextFetchEvent, type NextFetchEventContext } from './next-fetch-event.ts'
import { BasePathRequest } from './proxy-request.ts'
import { readProxyResponse, type ProxyAnswer } from './read-proxy-response.ts'
import { resolveRoute } from './resolve-route.ts'
import { runAfterTasks } from '../runtime/node/run-after-tasks.ts'
import { serveProxiedRoute, type RouteCall } from './serve-proxied-route.ts'
import { writeProxyError, writeRedirect } from './_write-answers.ts'

/** Takes over a request (true) or leaves it to the plain listener (false). `pathname` has no basePath. */
export type Intercept = (
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  search: string,
) => boolean

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i

/** The intercept for `app`, or `undefined` when it has neither a proxy nor config rules. */
export function createProxyPipeline(app: RuntimeApp): Intercept | undefined {
  const { proxy, configRoutes: routes } = app
  if (proxy === undefined && routes === undefined) return undefined
  const context: NextFetchEventContext = {
    waitUntil(promise) {
      Promise.resolve(promise).catch((error: unknown) =>
        app.logger.error(`A waitUntil() promise of ${proxy?.file ?? 'the proxy'} failed:`, error),
      )
    },
  }
  return function intercept(req, res, pathname, search) {
    if (routes === undefined) {
      if (!proxy!.matches(pathname, req, search)) return false
      handle(app, { req, res, pathname, search, config: undefined, proxy, context })
      return true
    }
    const input = { req, search }
    // P20 step 2: a config redirect answers before the proxy, with neither proxy nor config headers.
    const redirect = routes.redirect(pathname, input)
    if (redirect !== undefined) {
      writeRedirect(res, redirect.status, redirect.location, undefined, req.method === 'HEAD')
      return true
    }
    const config = routes.headers(pathname, input)
    const covered = proxy !== undefined && proxy.matches(pathname, req, search)
    if (!covered && config === undefined && !routes.matchesRewrite(pathname, input)) return false
    handle(app, { req, res, pathname, search, config, proxy: covered ? proxy : undefined, context })
    return true
  }
}

interface Pending {
  req: IncomingMessage
  res: ServerResponse
  pathname: string
  search: string
  config: OutgoingHttpHeaders | undefined
  proxy: LoadedProxy | undefined
  context: NextFetchEventContext
}

function handle(app: RuntimeApp, pending: Pending): void {
  const { req, res, pathname, search, proxy } = pending
  const effects = { merge: pending.config, requestHeaders: undefined, body: undefined, proxyStore: undefined }
  const call: RouteCall = { app, req, res, pathname, search, effects }
  if (proxy === undefined) return route(call, pathname, search)
  const body: SharedBody = { bytes: undefined }
  const request = createProxyRequest(app, pending, body)
  const event = new NextFetchEvent({ page: proxy.page, context: pending.context })
  const store: RequestStore | undefined = isRequestStoreEnabled()
    ? {
        request: request as unknown as Request,
        route: proxy.page,
        cookies: undefined,
        after: undefined,
        cacheScope: undefined,
      }
    : undefined
  let result: unknown
  try {
    const fn = proxy.fn
    result =
      store === undefined
        ? fn(request as unknown as Request, event)
        : runInRequestStore(store, () => fn(request as unknown as Request, event))
  } catch (error) {
    return failed(call, proxy, error)
  }
  const proceed = (value: unknown): void => {
    const merge = pending.config
    let effect
    try {
      effect = readProxyResponse(value, {
        config: merge,
        url: () => request.url,
        baseHeaders: () => buildHeaders(req),
      })
    } catch (error) {
      return failed(call, proxy, error)
    }
    call.effects.proxyStore = store
    // P9: the handler reads the body from the proxy's buffer only if the proxy read it; else it streams as usual.
    if (body.bytes !== undefined) call.effects.body = body
    if (effect.kind !== 'continue') return answer(call, effect)
    call.effects.merge = effect.merge
    call.effects.requestHeaders = effect.requestHeaders
    if (effect.rewrite === undefined) return route(call, pathname, search)
    rewrite(call, effect.rewrite)
  }
  if (result instanceof Promise) result.then(proceed, (error: unknown) => failed(call, proxy, error))
  else proceed(result)
}

/** P8, P17: the proxy sees the path without basePath in `nextUrl`; its `request.url` keeps the basePath. */
function createProxyRequest(app: RuntimeApp, pending: Pending, body: SharedBody): IncomingRequest {
  const { req, res, pathname, search } = pending
  const init = { incoming: req, response: res, pathname, search, bodyLimit: app.bodyLimit, body }
  if (app.basePath === '') return new IncomingRequest(init)
  const full =
    pathname === '/' ? (app.trailingSlash ? `${app.basePath}/` : app.basePath) : `${app.basePath}${pathname}`
  return new BasePathRequest({ ...init, pathname: full }, app.basePath)
}

/** P14, P15: the proxy answered; config headers join, the handler never runs. */
function answer(call: RouteCall, effect: ProxyAnswer): void {
  const { req, res } = call
  const head = req.method === 'HEAD'
  if (effect.kind === 'redirect') {
    writeRedirect(res, effect.response.status, effect.location, effect.merge, head)
  } else {
    const pending = writeResponse(res, effect.response, { head, req, merge: effect.merge })
    pending?.catch((error: unknown) => call.app.logger.error('Writing the proxy response failed:', error))
  }
  runAfterTasks(call.app, call.effects.proxyStore, res, 'the proxy')
}

/** P18: a rewrite to this origin routes the target in the same request; another origin is forwarded. */
function rewrite(call: RouteCall, target: string): void {
  const { app } = call
  if (ABSOLUTE.test(target)) return forward(call, target)
  const hash = target.indexOf('#')
  const clean = hash === -1 ? target : target.slice(0, hash)
  const query = clean.indexOf('?')
  let path = query === -1 ? clean : clean.slice(0, query)
  const search = query === -1 ? '' : clean.slice(query)
  const base = app.basePath
  // The target was built from the proxy's URL, so it carries the basePath; outside it nothing answers.
  if (base !== '') path = path === base || path.startsWith(`${base}/`) ? path.slice(base.length) || '/' : ''
  route(call, path, search)
}

function route(call: RouteCall, path: string, search: string): void {
  const { app, req, res } = call
  let resolved
  try {
    resolved = resolveRoute(app.router, app.configRoutes, path, { req, search })
  } catch (error) {
    // Deviation f: a malformed escape in the (rewritten) path is a 400.
    return reportFailure(app, undefined, req, res, error)
  }
  if (resolved.kind === 'external') return forward(call, resolved.url)
  serveProxiedRoute(call, resolved)
}

function forward(call: RouteCall, url: string): void {
  const { effects } = call
  forwardRequest(call.app, call.req, call.res, url, {
    requestHeaders: effects.requestHeaders,
    body: effects.body,
    merge: effects.merge,
  })
  runAfterTasks(call.app, effects.proxyStore, call.res, 'the proxy')
}

/** P16: a throw or rejection is a plain-text 500 and one log line naming the proxy file. */
function failed(call: RouteCall, proxy: LoadedProxy, error: unknown): void {
  const { app, req, res } = call
  // A body over the limit read inside the proxy is still the client's 413.
  if (error instanceof RoutekitError && error.status < 500)
    return reportFailure(app, undefined, req, res, error)
  app.logger.error(
    createError('RK_PROXY_THREW', { file: proxy.file, method: req.method ?? 'GET', url: req.url ?? '/' })
      .message,
    error,
  )
  writeProxyError(res, error, app.dev)
}
