/** The first half of a graceful shutdown: stop accepting and let the requests already in flight finish. */
import type { Server } from 'node:http'
import { markDraining } from './create-request-guard.ts'

// How often idle keep-alive connections are closed while draining: each in-flight response that ends
// leaves its connection idle, and a client may not close it for `keepAliveTimeout`.
const IDLE_SWEEP_MS = 50

/** What draining left behind: 0 when every connection finished in time. */
export interface DrainResult {
  cut: number
}

/**
 * Stops accepting connections, answers what is in flight (responses and streams run to their end, with
 * `Connection: close`), closes connections as they go idle, and after `timeoutMs` closes the rest.
 */
export function drainServer(server: Server, timeoutMs: number): Promise<DrainResult> {
  markDraining(server)
  return new Promise((resolve) => {
    let settled = false
    const finish = (cut: number): void => {
      if (settled) return
      settled = true
      clearInterval(sweep)
      clearTimeout(timer)
      resolve({ cut })
    }
    // The callback runs once the last connection is gone (or at once, with an error, if not listening).
    server.close(() => finish(0))
    server.closeIdleConnections()
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS)
    const timer = setTimeout(() => {
      server.getConnections((_error, open) => {
        server.closeAllConnections()
        finish(open ?? 0)
      })
    }, timeoutMs)
  })
}
