/**
 * Dispatch and the handler call for a request the proxy or next.config touched: the same steps as the plain
 * listener (R20–R27, R61), plus the proxy's effects — the handler's request headers (P11), a body the proxy
 * may already have read (P9), and headers merged into every answer (P12, P19, P20).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Params } from '../router/router.ts'
import { IncomingRequest, type SharedBody } from '../runtime/node/incoming-request.ts'
import { middlewareError } from '../runtime/node/request-listener.ts'
import { describeValue, reportFailure } from '../runtime/node/report-failure.ts'
import { writeResponse } from '../runtime/node/write-response.ts'
import { kMiddlewareResponse } from '../runtime/next-response.ts'
import { isRequestStoreEnabled, runInRequestStore, type RequestStore } from '../runtime/request-store.ts'
import { NativeResponse } from '../runtime/response.ts'
import { resolveDispatch, type LoadedRoute, type RouteHandler } from '../runtime/route-handlers.ts'
import type { RuntimeApp } from '../runtime/runtime-app.ts'
import { resolveThrownResponse } from '../runtime/thrown-response.ts'
import { runAfterTasks } from './_run-after.ts'
import { writeOwn } from './_write-answers.ts'
import type { RequestHeaders } from './read-proxy-response.ts'
import type { Resolved } from './resolve-route.ts'

const NOT_FOUND_BODY = '{"error":"Not Found"}'
const TRACE_BODY = 'Internal Server Error'

/** What the proxy changed for the rest of the request. */
export interface RouteEffects {
  merge: OutgoingHttpHeaders | undefined
  requestHeaders: RequestHeaders | undefined
  body: SharedBody | undefined
  /** The proxy's request scope: its `after()` callbacks run once the response is out. */
  proxyStore: RequestStore | undefined
}

/** One request on its way through dispatch. */
export interface RouteCall {
  app: RuntimeApp
  req: IncomingMessage
  res: ServerResponse
  /** Original path (basePath removed) and query: the handler's `request.url` keeps them after rewrites (P18). */
  pathname: string
  search: string
  effects: RouteEffects
}

interface HandlerCall extends RouteCall {
  route: LoadedRoute
  head: boolean
  store: RequestStore | undefined
}

/** Answers `resolved` with the effects applied. */
export function serveProxiedRoute(call: RouteCall, resolved: Resolved): void {
  const { res, effects } = call
  const merge = effects.merge
  if (resolved.kind !== 'route') {
    const length = Buffer.byteLength(NOT_FOUND_BODY)
    writeOwn(
      res,
      404,
      { 'content-type': 'application/json', 'content-length': length },
      merge,
      NOT_FOUND_BODY,
    )
    return runAfterTasks(call.app, effects.proxyStore, res, 'the proxy')
  }
  const route = resolved.match.data
  const dispatch = resolveDispatch(route, call.req.method!)
  switch (dispatch.kind) {
    case 'call':
      return invoke(
        {
          app: call.app,
          req: call.req,
          res,
          pathname: call.pathname,
          search: call.search,
          effects,
          route,
          head: dispatch.head,
          store: undefined,
        },
        dispatch.handler,
        resolved.match.params,
      )
    case 'options':
      writeOwn(res, 204, { allow: route.allow }, merge)
      break
    case 'not-allowed':
      // P19 + deviation a: the proxy's and config headers are on the 405, and so is Allow.
      writeOwn(res, 405, { allow: route.allow, 'content-length': 0 }, merge)
      break
    case 'trace':
      writeOwn(
        res,
        500,
        {
          'content-type': 'text/plain',
          'content-length': TRACE_BODY.length,
          'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
        },
        merge,
        TRACE_BODY,
      )
      break
    case 'bad-method':
      writeOwn(res, 400, { 'content-length': 0 }, merge)
      break
  }
  runAfterTasks(call.app, effects.proxyStore, res, 'the proxy')
}

function invoke(call: HandlerCall, handler: RouteHandler, params: Params | undefined): void {
  const { app, req, res, effects } = call
  const request = new IncomingRequest({
    incoming: req,
    response: res,
    pathname: call.pathname,
    search: call.search,
    bodyLimit: app.bodyLimit,
    headers: effects.requestHeaders,
    body: effects.body,
  })
  const context = { params: params === undefined ? undefined : Promise.resolve(params) }
  if (isRequestStoreEnabled()) {
    call.store = {
      request: request as unknown as Request,
      route: call.route.pattern,
      cookies: undefined,
      after: undefined,
      cacheScope: undefined,
    }
  }
  const store = call.store
  let result: unknown
  try {
    result =
      store === undefined
        ? handler(request as unknown as Request, context)
        : runInRequestStore(store, () => handler(request as unknown as Request, context))
  } catch (error) {
    return fail(call, error)
  }
  if (result instanceof Promise) {
    result.then(
      (value: unknown) => finish(call, value),
      (error: unknown) => fail(call, error),
    )
  } else {
    finish(call, result)
  }
}

function finish(call: HandlerCall, value: unknown): void {
  if (!(value instanceof NativeResponse)) return fail(call, undefined, describeValue(value))
  const middleware = (value as { [kMiddlewareResponse]?: string })[kMiddlewareResponse]
  if (middleware !== undefined) return fail(call, middlewareError(middleware))
  send(call, value)
}

function fail(call: HandlerCall, error: unknown, received?: string): void {
  const thrown = error === undefined ? undefined : resolveThrownResponse(error)
  if (thrown !== undefined && !call.res.headersSent) return send(call, thrown)
  const merge = call.effects.merge
  if (merge !== undefined && !call.res.headersSent) {
    for (const name in merge) if (merge[name] !== undefined) call.res.setHeader(name, merge[name]!)
  }
  reportFailure(call.app, call.route, call.req, call.res, error, received)
  done(call)
}

function send(call: HandlerCall, response: Response): void {
  const { res, store, req } = call
  const accept = req.headers['accept-encoding']
  let pending: Promise<void> | undefined
  try {
    pending = writeResponse(res, response, {
      head: call.head,
      cookies: store?.cookies?.setCookieLines(),
      gzip: accept !== undefined && accept.includes('gzip'),
      merge: call.effects.merge,
    })
  } catch (error) {
    return reportFailure(call.app, call.route, req, res, error)
  }
  pending?.catch((error: unknown) => reportFailure(call.app, call.route, req, res, error))
  done(call)
}

function done(call: HandlerCall): void {
  runAfterTasks(call.app, call.effects.proxyStore, call.res, 'the proxy')
  runAfterTasks(call.app, call.store, call.res, call.route.file)
}
