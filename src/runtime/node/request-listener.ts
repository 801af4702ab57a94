/** The `node:http` request listener: normalise the path, route, dispatch by method, call, write. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RuntimeApp } from '../runtime-app.ts'
import { normalizePath } from '../normalize-path.ts'
import { resolveDispatch, type LoadedRoute, type RouteHandler } from '../route-handlers.ts'
import type { Params } from '../../router/router.ts'
import { IncomingRequest } from './incoming-request.ts'
import { reportFailure } from './report-failure.ts'
import { callHandler } from './call-handler.ts'
import type { createProxyPipeline as CreateProxyPipeline } from '../../proxy/create-proxy-pipeline.ts'

const NOT_FOUND_BODY = '{"error":"Not Found"}'
const BAD_PATH_BODY = '{"error":"Bad Request","message":"Malformed request target"}'
const TRACE_BODY = 'Internal Server Error'

// The proxy pipeline (and with it node:https, for rewrites to other hosts) is loaded only for apps that have a
// proxy or next.config rules: about 17 modules and a few ms of a cold start the plain path does not need.
let createPipeline: typeof CreateProxyPipeline | undefined

/** Loads the proxy pipeline; `loadApp` calls it for an app with a proxy or next.config rules. */
export async function loadProxyPipeline(): Promise<void> {
  createPipeline ??= (await import('../../proxy/create-proxy-pipeline.ts')).createProxyPipeline
}

/** Builds the listener for `http.createServer`; everything per-app is resolved before the first request. */
export function createRequestListener(app: RuntimeApp): (req: IncomingMessage, res: ServerResponse) => void {
  const { router, trailingSlash, basePath } = app
  // proxy.md: set only when the app has a proxy or next.config rules; otherwise no request ever looks at it.
  const intercept = app.proxy === undefined && app.configRoutes === undefined ? undefined : pipelineFor(app)
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

function pipelineFor(app: RuntimeApp): ReturnType<typeof CreateProxyPipeline> {
  if (createPipeline === undefined) {
    throw new Error(
      'This app has a proxy or next.config rules: await loadProxyPipeline() first (loadApp does).',
    )
  }
  return createPipeline(app)
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
  callHandler(app, route, handler, head, req, res, request, params)
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
