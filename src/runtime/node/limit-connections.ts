/**
 * `maxConnections` with a status: past the limit a new connection gets `503 Service Unavailable` with
 * `Retry-After` and is closed. Node's own `server.maxConnections` closes the socket at accept without a
 * byte, which clients report as a reset, not as "busy, retry".
 */
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { createError } from '../../errors.ts'
import type { Logger } from '../../_internal/logger.ts'
import { kRefused } from './create-request-guard.ts'
import { warnOnce } from './_warn-once.ts'

const BUSY =
  'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n'
// A refused client that never closes its side is cut after this long.
const LINGER_MS = 1_000

/** Counts open connections on `server` and refuses the ones past `max`. */
export function limitConnections(server: Server, max: number, logger: Logger): void {
  let open = 0
  server.on('connection', (socket: Socket & { [kRefused]?: true }) => {
    if (open >= max) {
      // The http server already owns the socket and parses what arrives: the guard skips marked sockets.
      socket[kRefused] = true
      socket.end(BUSY)
      socket.setTimeout(LINGER_MS, () => socket.destroy())
      warnOnce(
        logger,
        'RK_TOO_MANY_CONNECTIONS',
        () => createError('RK_TOO_MANY_CONNECTIONS', { limit: max }).message,
      )
      return
    }
    open++
    socket.once('close', () => open--)
  })
}
