/** The `node:http` request listener: normalise the path, route, dispatch by method, call, write. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RuntimeApp } from '../runtime-app.ts'
import { normalizePath } from '../normalize-path.ts'
import { resolveDispatch, type LoadedRoute, type RouteHandler } from '../route-handlers.ts'
import type { Params } from '../../router/router.ts'
import { IncomingRequest } from './incoming-request.ts'
import { writeResponse } from './write-response.ts'
import { describeValue, reportFailure } from './report-failure.ts'
import { NativeResponse } from '../response.ts'
import { kMiddlewareResponse } from '../next-response.ts'
import { isRequestStoreEnabled, runInRequestStore, type RequestStore } from '../request-store.ts'
import { resolveThrownResponse } from '../thrown-response.ts'
import { createProxyPipeline } from '../../proxy/create-proxy-pipeline.ts'

const NOT_FOUND_BODY = '{"error":"Not Found"}'
const BAD_PATH_BODY = '{"error":"Bad Request","message":"Malformed request target"}'
const TRACE_BODY = 'Internal Server Error'

/** Builds the listener for `http.createServer`; everything per-app is resolved before the first request. */
export function createRequestListener(app: RuntimeApp): (req: IncomingMessage, res: ServerResponse) => void {
  const { router, trailingSlash, basePath } = app
  // proxy.md: set only when the app has a proxy or next.config rules; otherwise no request ever looks at it.
  const intercept = createProxyPipeline(app)
  return function onRequest(req, res) {
    const target = req.url ?? '/'
    const q = target.indexOf('?')
    let path = q === -1 ? target : target.slice(0, q)
    const search = q === -1 ? '' : target.slice(q)
    if (path.charCodeAt(0) !== 47 /* / */) {
      // absolute-form (`GET http://host/path`), as proxies send it; anything else is not a path.
      const absolute = /^https?:\/\/[^/?#]*(\/[^?#]*)?$/i.exec(path)
      if (absolute === null) return sendJson(res, 400, BAD_PATH_BODY)
      path = absolute[1] ?? '/'
    }
    const normalized = normalizePath(path, trailingSlash)
    if (normalized.redirect !== undefined) return redirect308(res, normalized.redirect + search)
    let pathname = normalized.pathname
    if (basePath !== '') {
      // R43: routes live under the basePath only; the handler sees the path without it.
      if (pathname !== basePath && !pathname.startsWith(`${basePath}/`))
        return sendJson(res, 404, NOT_FOUND_BODY)
      pathname = pathname.slice(basePath.length) || '/'
    }
    // P21: after the trailing-slash redirect and the basePath; a request nothing covers comes back here as is.
    if (intercept !== undefined && intercept(req, res, pathname, search)) return
    const routePath =
      trailingSlash && pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname
    let match
    try {
      match = router.match(routePath)
    } catch (error) {
      // Deviation f: a malformed escape is the client's error (400), never a crash.
      return reportFailure(app, undefined, req, res, error)
    }
    if (match === undefined) return sendJson(res, 404, NOT_FOUND_BODY)
    const route = match.data
    const dispatch = resolveDispatch(route, req.method!)
    switch (dispatch.kind) {
      case 'call':
        return invoke(app, route, dispatch.handler, dispatch.head, req, res, pathname, search, match.params)
      case 'options':
        res.writeHead(204, { allow: route.allow })
        return void res.end()
      case 'not-allowed':
        // Deviation a: RFC 9110 wants Allow on a 405; Next sends none.
        res.writeHead(405, { allow: route.allow, 'content-length': 0 })
        return void res.end()
      case 'trace':
        // R27: Next's Request constructor throws on TRACE; it answers a plain-text 500.
        res.writeHead(500, {
          'content-type': 'text/plain',
          'content-length': TRACE_BODY.length,
          'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
        })
        return void res.end(TRACE_BODY)
      case 'bad-method':
        // R26: a valid token that is not one of the seven methods.
        res.writeHead(400, { 'content-length': 0 })
        return void res.end()
    }
  }
}

function invoke(
  app: RuntimeApp,
  route: LoadedRoute,
  handler: RouteHandler,
  head: boolean,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  search: string,
  params: Params | undefined,
): void {
  const request = new IncomingRequest({
    incoming: req,
    response: res,
    pathname,
    search,
    bodyLimit: app.bodyLimit,
  })
  // R30–R32: `params` is a Promise on dynamic routes and undefined on static ones.
  const context = { params: params === undefined ? undefined : Promise.resolve(params) }
  // Only apps that use headers()/cookies()/after() pay for the request scope (perf-notes: ALS costs 5–15 %).
  const store: RequestStore | undefined = isRequestStoreEnabled()
    ? {
        request: request as unknown as Request,
        route: route.pattern,
        cookies: undefined,
        after: undefined,
        cacheScope: undefined,
      }
    : undefined
  const call = { app, route, req, res, head, store }
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

/** One handler call in flight. */
interface Call {
  app: RuntimeApp
  route: LoadedRoute
  req: IncomingMessage
  res: ServerResponse
  head: boolean
  store: RequestStore | undefined
}

function finish(call: Call, value: unknown): void {
  if (!(value instanceof NativeResponse)) {
    // R61: anything but a Response is a 500 with an empty body and one log line naming the file.
    return fail(call, undefined, describeValue(value))
  }
  const middleware = (value as { [kMiddlewareResponse]?: string })[kMiddlewareResponse]
  if (middleware !== undefined) return fail(call, middlewareError(middleware))
  send(call, value)
}

function fail(call: Call, error: unknown, received?: string): void {
  const thrown = error === undefined ? undefined : resolveThrownResponse(error)
  if (thrown !== undefined && !call.res.headersSent) return send(call, thrown)
  reportFailure(call.app, call.route, call.req, call.res, error, received)
  runAfter(call)
}

function send(call: Call, response: Response): void {
  const { res, store, req } = call
  const accept = req.headers['accept-encoding']
  let pending: Promise<void> | undefined
  try {
    pending = writeResponse(res, response, {
      head: call.head,
      cookies: store?.cookies?.setCookieLines(),
      gzip: accept !== undefined && accept.includes('gzip'),
    })
  } catch (error) {
    return reportFailure(call.app, call.route, req, res, error)
  }
  pending?.catch((error: unknown) => reportFailure(call.app, call.route, req, res, error))
  runAfter(call)
}

/** Runs `after()` callbacks once the response is out, inside the request scope; errors are logged only. */
function runAfter(call: Call): void {
  const store = call.store
  if (store?.after === undefined) return
  const tasks = store.after
  store.after = undefined
  const run = async (): Promise<void> => {
    for (const task of tasks) {
      try {
        await runInRequestStore(store, task)
      } catch (error) {
        call.app.logger.error(`after() callback failed in ${call.route.file}:`, error)
      }
    }
  }
  if (call.res.writableFinished) void run()
  else call.res.once('close', () => void run())
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

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

function redirect308(res: ServerResponse, location: string): void {
  // R15: Next answers with the location as the body and a Refresh header for old clients.
  res.writeHead(308, {
    location,
    refresh: `0;url=${location}`,
    'content-length': Buffer.byteLength(location),
  })
  res.end(location)
}
