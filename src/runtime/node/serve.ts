/** Starts a `node:http` server for a RuntimeApp, with Routekit's limits on sockets, heads and timeouts. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Logger } from '../../_internal/logger.ts'
import { DEFAULT_LIMITS, type ServerLimits } from '../../config/server-limits.ts'
import type { RuntimeApp } from '../runtime-app.ts'
import { createRequestListener } from './request-listener.ts'
import { createRequestGuard } from './create-request-guard.ts'
import { createClientErrorHandler } from './answer-client-error.ts'
import { limitConnections } from './limit-connections.ts'

/** The limits `serve` applies to connections; body size and handler time come from the app. */
export type SocketLimits = Pick<
  ServerLimits,
  | 'maxHeaderSize'
  | 'maxUrlLength'
  | 'headersTimeout'
  | 'requestTimeout'
  | 'keepAliveTimeout'
  | 'maxConnections'
>

export interface ServeOptions {
  port: number
  hostname: string
  /** Any limit left out keeps its default (config/server-limits.ts). */
  limits?: Partial<SocketLimits>
}

/** Listens on `hostname:port` and resolves once the socket is bound. */
export function serve(app: RuntimeApp, options: ServeOptions): Promise<Server> {
  const limits: SocketLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const server = createLimitedServer(
    createRequestListener(app),
    { ...limits, bodyLimit: app.bodyLimit },
    app.logger,
  )
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.hostname, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}

/**
 * A server (not yet listening) that runs `listener` behind the limits on sockets, heads, URLs and declared
 * bodies; `serve` listens on it, `routekit dev` hands it the connections its supervisor accepted.
 */
export function createLimitedServer(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  limits: SocketLimits & { bodyLimit: number },
  logger: Logger,
): Server {
  const guard = createRequestGuard(
    listener,
    { bodyLimit: limits.bodyLimit, maxUrlLength: limits.maxUrlLength },
    logger,
  )
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderSize,
      headersTimeout: limits.headersTimeout,
      requestTimeout: limits.requestTimeout,
      keepAliveTimeout: limits.keepAliveTimeout,
      // Node checks both timeouts every 30 s by default, so a 408 could come 30 s late; a quarter of the
      // shorter timeout keeps it within 25 %, and the check is one walk over the open connections.
      connectionsCheckingInterval: checkingInterval(limits),
    },
    guard.request,
  )
  guard.attach(server)
  server.on('checkContinue', guard.checkContinue)
  server.on('clientError', createClientErrorHandler(limits, logger))
  if (limits.maxConnections > 0) limitConnections(server, limits.maxConnections, logger)
  return server
}

function checkingInterval(limits: SocketLimits): number {
  const shortest = Math.min(limits.headersTimeout, limits.requestTimeout || Infinity)
  return Math.max(10, Math.min(30_000, Math.floor(shortest / 4)))
}
