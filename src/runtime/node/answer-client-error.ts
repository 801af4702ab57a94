/**
 * Node's 'clientError' handling, with the status each limit deserves. Node answers a head over
 * `maxHeaderSize` with 431, a timed-out request with 408 and any other parse error (bad method token, CR or
 * LF inside a header value, a malformed request line) with 400 — all right — but also answers 431 when the
 * URL alone is what overflowed; that is a 414. Installing a handler replaces Node's, so this one keeps its
 * exact bytes and its rule for when it is safe to write.
 */
import { STATUS_CODES, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { createError, type ErrorCode } from '../../errors.ts'
import type { Logger } from '../../_internal/logger.ts'
import { warnOnce } from './_warn-once.ts'

/** The limits named in the log line when a client crosses one. */
export interface ClientErrorLimits {
  maxHeaderSize: number
  headersTimeout: number
  requestTimeout: number
}

/** What Node attaches to a parse error. */
interface ParseError extends Error {
  code?: string
  rawPacket?: Buffer
  bytesParsed?: number
}

// The response the http server attached to the socket; Node's own socketOnError reads the same field.
const IN_FLIGHT = '_httpMessage'
const LF = 10
const SP = 32

/** Builds the 'clientError' listener. */
export function createClientErrorHandler(
  limits: ClientErrorLimits,
  logger: Logger,
): (error: ParseError, socket: Duplex) => void {
  return (error, socket) => {
    // A reset is the client leaving: there is no one to answer (Node's docs for 'clientError').
    if (error.code === 'ECONNRESET') return void socket.destroy()
    const status = statusOf(error)
    // Node's own rule (socketOnError): write only when no response is in flight on this socket, or the one
    // in flight has not sent its head yet; otherwise the bytes would land inside another response.
    const current = Reflect.get(socket, IN_FLIGHT) as ServerResponse | null | undefined
    if (socket.writable && (current == null || !current.headersSent)) {
      // The same bytes Node sends: conformance R27 pins `400 Bad Request` + `Connection: close`, nothing else.
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`)
      const code = LOGGED[status]
      if (code !== undefined) warnOnce(logger, code, () => message(code, limits))
    }
    socket.destroy()
  }
}

const LOGGED: Partial<Record<number, ErrorCode>> = {
  408: 'RK_REQUEST_TIMEOUT',
  414: 'RK_URL_TOO_LONG',
  431: 'RK_HEADERS_TOO_LARGE',
}

/** The status for a parse or timeout error. */
export function statusOf(error: ParseError): number {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return overflowedInRequestLine(error) ? 414 : 431
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413
    default:
      return 400
  }
}

/**
 * True when the overflow happened before the request line ended: the packet being parsed starts with a
 * method token and a space, and holds no line feed up to where the parser stopped. (A URL split over
 * several packets overflows in a packet without the method; that rare case keeps Node's 431.)
 */
function overflowedInRequestLine(error: ParseError): boolean {
  const packet = error.rawPacket
  if (packet === undefined) return false
  const end = Math.min(packet.length, error.bytesParsed ?? packet.length)
  let i = 0
  // tchar per RFC 9110 is wider, but every method Node's parser accepts is upper-case letters and "-".
  while (i < end && ((packet[i]! >= 65 && packet[i]! <= 90) || packet[i] === 45)) i++
  if (i === 0 || packet[i] !== SP) return false
  return packet.subarray(0, end).indexOf(LF) === -1
}

function message(code: ErrorCode, limits: ClientErrorLimits): string {
  switch (code) {
    case 'RK_REQUEST_TIMEOUT':
      return createError(code, {
        headersTimeout: limits.headersTimeout,
        requestTimeout: limits.requestTimeout,
      }).message
    case 'RK_URL_TOO_LONG':
      // The URL never finished arriving: there is no path to name.
      return createError(code, { limit: limits.maxHeaderSize, path: '(a URL longer than the whole head)' })
        .message
    default:
      return createError('RK_HEADERS_TOO_LARGE', { limit: limits.maxHeaderSize }).message
  }
}
