import { describe, expect, it, vi } from 'vitest'
import type { IncomingMessage } from 'node:http'
import { PassThrough } from 'node:stream'
import { createBodyStream } from '../../../src/runtime/node/create-body-stream.ts'
import { RoutekitError } from '../../../src/errors.ts'

/** A stand-in for IncomingMessage: a stream with headers and a URL. */
function incoming(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers, url: '/upload?x=1' }) as PassThrough & IncomingMessage
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<number> {
  const reader = stream.getReader()
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return total
    total += value.byteLength
  }
}

describe('createBodyStream', () => {
  it('streams a body within the limit to its end, including one of exactly the limit', async () => {
    const source = incoming()
    const onLimit = vi.fn<() => void>()
    const total = readAll(createBodyStream(source, 100, onLimit))
    source.write(Buffer.alloc(60))
    source.end(Buffer.alloc(40))
    expect(await total).toBe(100)
    expect(onLimit).not.toHaveBeenCalled()
  })

  it('errors with RK_BODY_TOO_LARGE (413) once the bytes cross the limit, and calls onLimit once', async () => {
    const source = incoming()
    const onLimit = vi.fn<() => void>()
    const total = readAll(createBodyStream(source, 100, onLimit))
    source.write(Buffer.alloc(60))
    source.write(Buffer.alloc(60))
    source.end(Buffer.alloc(60))
    const error = await total.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RoutekitError)
    expect((error as RoutekitError).status).toBe(413)
    expect((error as RoutekitError).message).toContain(
      'The request body for /upload?x=1 is larger than the 100-byte bodyLimit',
    )
    expect(onLimit).toHaveBeenCalledTimes(1)
  })

  it('errors before reading a byte when the declared Content-Length is over the limit', async () => {
    const source = incoming({ 'content-length': '101' })
    const onLimit = vi.fn<() => void>()
    const reader = createBodyStream(source, 100, onLimit).getReader()
    await expect(reader.read()).rejects.toMatchObject({ code: 'RK_BODY_TOO_LARGE' })
    expect(onLimit).toHaveBeenCalledTimes(1)
  })

  it('passes on an error of the request stream', async () => {
    const source = incoming()
    const total = readAll(createBodyStream(source, 100, () => undefined))
    source.destroy(new Error('socket trouble'))
    await expect(total).rejects.toThrow('socket trouble')
  })

  it('errors with RK_REQUEST_ABORTED (a 4xx nobody logs) when the request closes before its end', async () => {
    const source = incoming()
    const total = readAll(createBodyStream(source, 100, () => undefined))
    source.write(Buffer.alloc(10))
    source.destroy()
    await expect(total).rejects.toMatchObject({ code: 'RK_REQUEST_ABORTED', status: 400 })
  })

  it("turns Node's ECONNRESET 'aborted' into RK_REQUEST_ABORTED", async () => {
    const source = incoming()
    const total = readAll(createBodyStream(source, 100, () => undefined))
    source.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))
    await expect(total).rejects.toMatchObject({ code: 'RK_REQUEST_ABORTED' })
  })

  it('pauses the request when the reader falls 64 KiB behind, and resumes when it reads', async () => {
    const source = incoming()
    const reader = createBodyStream(source, 10_000_000, () => undefined).getReader()
    for (let i = 0; i < 8; i++) source.write(Buffer.alloc(16 * 1024))
    await new Promise((r) => setImmediate(r))
    expect(source.isPaused()).toBe(true)
    // 128 KiB queued; reading 80 KiB brings it under the 64 KiB mark again.
    for (let i = 0; i < 5; i++) await reader.read()
    await new Promise((r) => setImmediate(r))
    expect(source.isPaused()).toBe(false)
    await reader.cancel()
  })

  it('drains the request instead of stalling it when the handler cancels the stream', async () => {
    const source = incoming()
    const stream = createBodyStream(source, 1000, () => undefined)
    await stream.cancel()
    source.write(Buffer.alloc(10))
    await new Promise((r) => setImmediate(r))
    expect(source.isPaused()).toBe(false)
    expect(source.listenerCount('data')).toBe(0)
  })
})
