/**
 * Checks that run before the request listener, on what Node has already parsed: the URL length (414), a
 * declared body over the limit (413, also for `Expect: 100-continue`), and `Connection: close` while the
 * server drains. Everything here is a property read or two per request.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { createError } from '../../errors.ts'
import type { Logger } from '../../_internal/logger.ts'
import { warnOnce } from './_warn-once.ts'

type Listener = (req: IncomingMessage, res: ServerResponse) => void

/** The limits the guard enforces. */
export interface GuardLimits {
  bodyLimit: number
  maxUrlLength: number
}

/** Sockets answered 503 by the connection limit: a request parsed on them is not served. */
export const kRefused = Symbol('routekit.refused')

interface GuardState {
  draining: boolean
}

const states = new WeakMap<Server, GuardState>()

/** The listeners to install on a server: `request` and `checkContinue` (Expect: 100-continue). */
export interface RequestGuard {
  request: Listener
  checkContinue: Listener
  /** Ties the guard to `server`, so `markDraining(server)` reaches it. */
  attach(server: Server): void
}

/** Wraps `listener` with the checks above. */
export function createRequestGuard(listener: Listener, limits: GuardLimits, logger: Logger): RequestGuard {
  const state: GuardState = { draining: false }
  const { bodyLimit, maxUrlLength } = limits

  /** True when the request was answered here. */
  const refuse = (req: IncomingMessage, res: ServerResponse): boolean => {
    if ((req.socket as Socket & { [kRefused]?: true })[kRefused]) return true
    // Shutting down: finish this request, then close its connection instead of waiting for another.
    if (state.draining) res.setHeader('connection', 'close')
    const url = req.url ?? ''
    if (url.length > maxUrlLength) {
      warnOnce(logger, 'RK_URL_TOO_LONG', () => warning('RK_URL_TOO_LONG', maxUrlLength, url))
      answer(res, 414)
      return true
    }
    const declared = req.headers['content-length']
    if (declared !== undefined && Number(declared) > bodyLimit) {
      warnOnce(logger, 'RK_BODY_TOO_LARGE', () => warning('RK_BODY_TOO_LARGE', bodyLimit, url))
      // The body is never read; closing the connection keeps the client from streaming it in anyway.
      answer(res, 413)
      return true
    }
    return false
  }

  return {
    request(req, res) {
      if (!refuse(req, res)) listener(req, res)
    },
    checkContinue(req, res) {
      // RFC 9110 §10.1.1: answer the final status instead of 100 when the body would be refused.
      if (refuse(req, res)) return
      res.writeContinue()
      listener(req, res)
    },
    attach(server) {
      states.set(server, state)
    },
  }
}

/** From now on every response on `server` carries `Connection: close`. */
export function markDraining(server: Server): void {
  const state = states.get(server)
  if (state !== undefined) state.draining = true
}

const BODIES: Record<number, string> = {
  413: '{"error":"Payload Too Large"}',
  414: '{"error":"URI Too Long"}',
}

function answer(res: ServerResponse, status: 413 | 414): void {
  const body = BODIES[status]!
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': body.length,
    connection: 'close',
  })
  res.end(body)
}

function warning(code: 'RK_URL_TOO_LONG' | 'RK_BODY_TOO_LARGE', limit: number, url: string): string {
  // Only the path: a query string may hold tokens that do not belong in a log.
  const q = url.indexOf('?')
  const path = (q === -1 ? url : url.slice(0, q)).slice(0, 200)
  return createError(code, { limit, path }).message
}
