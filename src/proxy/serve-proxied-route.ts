/**
 * Dispatch and the handler call for a request the proxy or next.config touched: the same steps as the plain
 * listener (R20–R27, R61), plus the proxy's effects — the handler's request headers (P11), a body the proxy
 * may already have read (P9), and headers merged into every answer (P12, P19, P20).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Params } from '../router/router.ts'
import { IncomingRequest, type SharedBody } from '../runtime/node/incoming-request.ts'
import { callHandler } from '../runtime/node/call-handler.ts'
import type { RequestStore } from '../runtime/request-store.ts'
import { resolveDispatch, type LoadedRoute, type RouteHandler } from '../runtime/route-handlers.ts'
import type { RuntimeApp } from '../runtime/runtime-app.ts'
import { runAfterTasks } from '../runtime/node/run-after-tasks.ts'
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
  callHandler(app, call.route, handler, call.head, req, res, request, params, effects)
}
