import { describe, expect, it } from 'vitest'
import { statusOf } from '../../../src/runtime/node/answer-client-error.ts'

const overflow = (packet: string, bytesParsed = packet.length): Error =>
  Object.assign(new Error('Parse Error: Header overflow'), {
    code: 'HPE_HEADER_OVERFLOW',
    rawPacket: Buffer.from(packet, 'latin1'),
    bytesParsed,
  })

describe('statusOf', () => {
  it('answers 414 when the head overflowed before the request line ended', () => {
    expect(statusOf(overflow(`GET /${'a'.repeat(100)}`))).toBe(414)
    expect(statusOf(overflow(`M-SEARCH /${'a'.repeat(100)}`))).toBe(414)
  })

  it('answers 431 when the request line had ended', () => {
    expect(statusOf(overflow(`GET / HTTP/1.1\r\nX-Big: ${'b'.repeat(100)}`))).toBe(431)
  })

  it('keeps 431 for a packet that does not start with the request line', () => {
    expect(statusOf(overflow('a'.repeat(100)))).toBe(431)
    expect(statusOf(overflow(`X-Big: ${'b'.repeat(100)}`))).toBe(431)
  })

  it('looks only at the bytes the parser had read when it overflowed', () => {
    const packet = `GET /${'a'.repeat(100)} HTTP/1.1\r\nHost: x\r\n\r\n`
    expect(statusOf(overflow(packet, 90))).toBe(414)
    expect(statusOf(overflow(packet))).toBe(431)
  })

  it.each([
    ['ERR_HTTP_REQUEST_TIMEOUT', 408],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413],
    ['HPE_INVALID_METHOD', 400],
    ['HPE_INVALID_HEADER_TOKEN', 400],
    [undefined, 400],
  ])('answers %s with %d, as Node does', (code, status) => {
    expect(statusOf(Object.assign(new Error('x'), { code }))).toBe(status)
  })
})
