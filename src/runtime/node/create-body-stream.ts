/** `request.body` as a web ReadableStream over an IncomingMessage, with the body size limit enforced as it streams. */
import type { IncomingMessage } from 'node:http'
import { createError } from '../../errors.ts'
import { toClientAbort } from './read-body.ts'

// Like Readable.toWeb: buffer up to 64 KiB ahead of the reader, then pause the socket (backpressure).
const HIGH_WATER_MARK = 64 * 1024

/**
 * Streams the body of `incoming`. Past `limit` bytes the stream errors with `RK_BODY_TOO_LARGE` (413) and
 * `onLimit` runs, so the caller can close the connection instead of reading the rest of an oversized body.
 */
export function createBodyStream(
  incoming: IncomingMessage,
  limit: number,
  onLimit: () => void,
): ReadableStream<Uint8Array> {
  let size = 0
  let done = false
  const detach = (): void => {
    done = true
    incoming.off('data', onData)
    incoming.off('end', onEnd)
    incoming.off('error', onError)
    incoming.off('close', onClose)
  }
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const onData = (chunk: Buffer): void => {
    size += chunk.length
    if (size > limit) {
      detach()
      // Keep reading (and dropping) so the 413 can still be written; onLimit closes the connection after it.
      incoming.resume()
      onLimit()
      controller.error(createError('RK_BODY_TOO_LARGE', { limit, path: incoming.url ?? '' }))
      return
    }
    // A copy, as Readable.toWeb makes: the chunk may be a view into a larger shared buffer.
    controller.enqueue(new Uint8Array(chunk))
    if ((controller.desiredSize ?? 0) <= 0) incoming.pause()
  }
  const onEnd = (): void => {
    detach()
    controller.close()
  }
  const onError = (error: Error): void => {
    detach()
    controller.error(toClientAbort(error, incoming))
  }
  const onClose = (): void => {
    // 'close' before 'end': the client went away mid-body.
    detach()
    controller.error(createError('RK_REQUEST_ABORTED', { path: incoming.url ?? '' }))
  }
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c
        const declared = Number(incoming.headers['content-length'])
        if (declared > limit) {
          // A declared length over the limit fails at once, before a single byte is buffered.
          done = true
          incoming.resume()
          onLimit()
          c.error(createError('RK_BODY_TOO_LARGE', { limit, path: incoming.url ?? '' }))
          return
        }
        if (incoming.readableEnded) {
          done = true
          c.close()
          return
        }
        incoming.on('data', onData)
        incoming.on('end', onEnd)
        incoming.on('error', onError)
        incoming.on('close', onClose)
      },
      pull() {
        if (!done) incoming.resume()
      },
      cancel() {
        if (done) return
        detach()
        // The handler is not interested in the rest: drop it rather than stall the socket.
        incoming.resume()
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER_MARK }),
  )
}
