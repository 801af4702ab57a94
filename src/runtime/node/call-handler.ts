/**
 * One route-handler call, from invocation to the written response (R30–R32, R53–R57, R61–R66): the same
 * steps for a plain request and for one the proxy touched (which adds headers to merge and its own
 * `after()` scope). Timeouts (504) and graceful shutdown hook in here.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Params } from '../../router/router.ts'
import { hasPendingTagUpdates, settleTagUpdatesForResponse } from '../../cache/pending-tag-updates.ts'
import { kMiddlewareResponse } from '../next-response.ts'
import {
  enableRequestStore,
  isRequestStoreEnabled,
  runInRequestStore,
  type RequestStore,
} from '../request-store.ts'
import { isWebResponse } from '../response.ts'
import type { LoadedRoute, RouteHandler } from '../route-handlers.ts'
import type { RuntimeApp } from '../runtime-app.ts'
import { resolveThrownResponse } from '../thrown-response.ts'
import { startHandlerDeadline, type HandlerDeadline } from './handler-timeout.ts'
import type { IncomingRequest } from './incoming-request.ts'
import { describeValue, reportFailure } from './report-failure.ts'
import { runAfterTasks } from './run-after-tasks.ts'
import { writeResponse } from './write-response.ts'

/** One handler call in flight. */
interface Call {
  app: RuntimeApp
  route: LoadedRoute
  req: IncomingMessage
  res: ServerResponse
  head: boolean
  store: RequestStore | undefined
  deadline: HandlerDeadline
  /** Headers a proxy or next.config adds to every answer (P12, P19, P20). */
  merge: OutgoingHttpHeaders | undefined
  /** The proxy's own request scope: its `after()` callbacks run once the response is out. */
  proxyStore: RequestStore | undefined
}

/** What the proxy changed for this call; absent for a plain request. */
export interface ProxyCallEffects {
  merge: OutgoingHttpHeaders | undefined
  proxyStore: RequestStore | undefined
}

/** Calls `handler(request, { params })` and writes what it returns (or throws). */
export function callHandler(
  app: RuntimeApp,
  route: LoadedRoute,
  handler: RouteHandler,
  head: boolean,
  req: IncomingMessage,
  res: ServerResponse,
  request: IncomingRequest,
  params: Params | undefined,
  effects?: ProxyCallEffects,
): void {
  // R30–R32: `params` is a Promise on dynamic routes and undefined on static ones — except on the edge
  // runtime, where a static route gets a Promise of `{}`.
  const context = {
    params: params !== undefined ? Promise.resolve(params) : route.edge ? Promise.resolve({}) : undefined,
  }
  // Only apps that run a handler needing headers()/cookies()/after()/"use cache" pay for the request scope
  // (perf-notes: ALS costs 5–15 %). The first such call enables it before building its store, so that call
  // already runs inside it.
  if (route.scoped !== undefined && !isRequestStoreEnabled() && route.scoped.has(handler))
    enableRequestStore()
  const store: RequestStore | undefined = isRequestStoreEnabled()
    ? {
        request: request as unknown as Request,
        route: route.pattern,
        cookies: undefined,
        after: undefined,
        cacheScope: undefined,
      }
    : undefined
  const call: Call = {
    app,
    route,
    req,
    res,
    head,
    store,
    deadline: startHandlerDeadline(app, route, req, res),
    merge: effects?.merge,
    proxyStore: effects?.proxyStore,
  }
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

function finish(call: Call, value: unknown): void {
  // The 504 already went out: the late result is dropped (handler-timeout.ts).
  if (call.deadline.settle()) return
  if (!isWebResponse(value)) {
    // R61: anything but a Response is a 500 with an empty body and one log line naming the file.
    return fail(call, undefined, describeValue(value), true)
  }
  const middleware = (value as { [kMiddlewareResponse]?: string })[kMiddlewareResponse]
  if (middleware !== undefined) return fail(call, middlewareError(middleware), undefined, true)
  // A handler that revalidated answers once its handlers (Redis: every instance) have the revalidation.
  if (hasPendingTagUpdates()) return void settleTagUpdatesForResponse().then(() => send(call, value))
  send(call, value)
}

function fail(call: Call, error: unknown, received?: string, settled = false): void {
  if (!settled && call.deadline.settle()) return
  const thrown = error === undefined ? undefined : resolveThrownResponse(error)
  if (thrown !== undefined && !call.res.headersSent) return send(call, thrown)
  const merge = call.merge
  if (merge !== undefined && !call.res.headersSent) {
    for (const name in merge) if (merge[name] !== undefined) call.res.setHeader(name, merge[name]!)
  }
  reportFailure(call.app, call.route, call.req, call.res, error, received)
  done(call)
}

function send(call: Call, response: Response): void {
  const { res, store, req } = call
  let pending: Promise<void> | undefined
  try {
    pending = writeResponse(res, response, {
      head: call.head,
      cookies: store?.cookies?.setCookieLines(),
      req,
      merge: call.merge,
    })
  } catch (error) {
    return reportFailure(call.app, call.route, req, res, error)
  }
  pending?.catch((error: unknown) => reportFailure(call.app, call.route, req, res, error))
  done(call)
}

function done(call: Call): void {
  runAfterTasks(call.app, call.proxyStore, call.res, 'the proxy')
  runAfterTasks(call.app, call.store, call.res, call.route.file)
}

/** R57: the error for a handler that returned `NextResponse.next()`/`rewrite()`. */
export function middlewareError(kind: string): Error {
  // R57: the messages Next logs.
  return new Error(
    kind === 'rewrite'
      ? 'NextResponse.rewrite() was used in a app route handler, this is not currently supported. Please remove the invocation to continue.'
      : 'NextResponse.next() was used in a app route handler, this is not supported. See here for more info: https://nextjs.org/docs/messages/next-response-next-in-app-route-handler',
  )
}
