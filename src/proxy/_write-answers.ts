/** The small answers the proxy pipeline writes itself: redirects, 404/405/OPTIONS with merged headers, the 500. */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'

const ERROR_BODY = 'Internal Server Error'

/**
 * A redirect as Next's router writes one (P15, P20): the location is also the body, and a 308 carries
 * `Refresh: 0;url=…` for old clients. `headers` are the proxy's and the config's (none for config redirects).
 */
export function writeRedirect(
  res: ServerResponse,
  status: number,
  location: string,
  headers: OutgoingHttpHeaders | undefined,
  head: boolean,
): void {
  const out: OutgoingHttpHeaders = { ...headers, location, 'content-length': Buffer.byteLength(location) }
  if (status === 308) out.refresh = `0;url=${location}`
  res.writeHead(status, out)
  res.end(head ? undefined : location)
}

/** An answer of Routekit's own (404 JSON, 405, automatic OPTIONS…) with the merged headers under its own. */
export function writeOwn(
  res: ServerResponse,
  status: number,
  own: OutgoingHttpHeaders,
  merge: OutgoingHttpHeaders | undefined,
  body?: string,
): void {
  res.writeHead(status, merge === undefined ? own : { ...merge, ...own })
  res.end(body)
}

/**
 * P16: a proxy that throws or rejects answers a plain-text 500, without next.config headers; details go to
 * the log (and, under `routekit dev` only, into the body).
 */
export function writeProxyError(res: ServerResponse, error: unknown, dev: boolean): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const body = dev && error instanceof Error ? `${ERROR_BODY}\n\n${error.stack ?? error.message}` : ERROR_BODY
  res.writeHead(500, {
    'content-type': 'text/plain',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
  })
  res.end(body)
}
