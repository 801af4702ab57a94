/** Writes a handler's Response to Node's ServerResponse: one writeHead + end for plain bodies, streaming otherwise. */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { headersOf, readResponseState, toNativeResponse, type ResponseState } from '../response.ts'

/** Converts a Headers object to Node's header object; `set-cookie` stays a list of lines (R55). */
export function toNodeHeaders(headers: Headers): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of headers) {
    if (name !== 'set-cookie') out[name] = value
  }
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) out['set-cookie'] = cookies
  return out
}

/**
 * Headers of a lookalike Response without building a Headers object when the init was a plain object
 * (the common `Response.json(x, { headers: { … } })`): names are lower-cased, values stringified.
 */
function fastHeaders(state: ResponseState): OutgoingHttpHeaders {
  const init = state.init
  if (state.headers !== undefined || (init !== undefined && (Array.isArray(init) || init instanceof Headers))) {
    return toNodeHeaders(headersOf(state))
  }
  const out: OutgoingHttpHeaders = {}
  let hasType = false
  if (init !== undefined) {
    for (const key in init) {
      const name = key.toLowerCase()
      if (name === 'content-type') hasType = true
      out[name] = String((init as Record<string, unknown>)[key])
    }
  }
  if (!hasType && state.defaultType !== undefined) out['content-type'] = state.defaultType
  return out
}

/**
 * Writes `response` (a Response lookalike or a native Response). `head` drops the body (R22).
 * Returns a promise only for streamed bodies; plain bodies are written synchronously.
 */
export function writeResponse(res: ServerResponse, response: Response, head: boolean): Promise<void> | undefined {
  const state = readResponseState(response)
  if (state !== undefined && state.native === undefined) {
    const headers = fastHeaders(state)
    const body = state.body
    if (head || body === null) {
      res.writeHead(state.status, state.statusText || undefined, headers)
      res.end()
    } else {
      if (headers['content-length'] === undefined) {
        headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength
      }
      res.writeHead(state.status, state.statusText || undefined, headers)
      res.end(body)
    }
    return undefined
  }
  return writeNative(res, toNativeResponse(response), head)
}

async function writeNative(res: ServerResponse, response: Response, head: boolean): Promise<void> {
  res.writeHead(response.status, response.statusText || undefined, toNodeHeaders(response.headers))
  const body = response.body
  if (head || body === null) {
    res.end()
    if (body !== null) await body.cancel().catch(() => undefined)
    return
  }
  // Headers go out now; each chunk is flushed as it comes (R58), waiting on 'drain' for backpressure.
  res.flushHeaders()
  const reader = body.getReader()
  const onClose = (): void => {
    if (!res.writableFinished) reader.cancel().catch(() => undefined)
  }
  res.once('close', onClose)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (res.destroyed) return
      if (!res.write(value)) await waitForDrain(res)
    }
    res.end()
  } finally {
    res.off('close', onClose)
  }
}

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}
