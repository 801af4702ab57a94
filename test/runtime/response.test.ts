import { describe, expect, it } from 'vitest'
import { NativeResponse, Response, readResponseState, toNativeResponse } from '../../src/runtime/response.ts'

describe('Response lookalike', () => {
  it('passes instanceof checks in both directions', () => {
    expect(new Response('x')).toBeInstanceOf(NativeResponse)
    expect(new NativeResponse('x')).toBeInstanceOf(Response)
    expect(NativeResponse.error()).toBeInstanceOf(Response)
    expect({}).not.toBeInstanceOf(Response)
  })

  it('keeps subclass checks exact', () => {
    class Sub extends Response {}
    expect(new Sub('x')).toBeInstanceOf(Sub)
    expect(new Sub('x')).toBeInstanceOf(Response)
    expect(new Response('x')).not.toBeInstanceOf(Sub)
  })

  it('reports itself as a Response', () => {
    expect(Object.prototype.toString.call(new Response('x'))).toBe('[object Response]')
  })

  it('adds the default content types of the platform', () => {
    expect(new Response('x').headers.get('content-type')).toBe('text/plain;charset=UTF-8')
    expect(Response.json({ a: 1 }).headers.get('content-type')).toBe('application/json')
    expect(new Response(new Uint8Array([1])).headers.get('content-type')).toBeNull()
    expect(Response.json(1, { headers: { 'Content-Type': 'x/y' } }).headers.get('content-type')).toBe('x/y')
  })

  it('answers status, ok and statusText from its init', () => {
    const r = new Response('t', { status: 418, statusText: 'I am a teapot' })
    expect([r.status, r.ok, r.statusText, r.type, r.redirected, r.url]).toEqual([
      418,
      false,
      'I am a teapot',
      'default',
      false,
      '',
    ])
    expect(new Response(null).status).toBe(200)
  })

  it('reads string and byte bodies once', async () => {
    const r = Response.json({ a: [1, 2] })
    expect(r.bodyUsed).toBe(false)
    expect(await r.json()).toEqual({ a: [1, 2] })
    expect(r.bodyUsed).toBe(true)
    await expect(r.text()).rejects.toBeInstanceOf(TypeError)
    const bytes = new Response(new Uint8Array([104, 105]))
    expect(await bytes.text()).toBe('hi')
    expect(new Uint8Array(await new Response('hé').arrayBuffer())).toEqual(new TextEncoder().encode('hé'))
    expect(await new Response(null).text()).toBe('')
  })

  it('throws the errors the platform throws', () => {
    expect(() => Response.json(undefined)).toThrow(TypeError)
    expect(() => Response.json(1n)).toThrow(TypeError)
    expect(() => new Response('x', { status: 600 })).toThrow(RangeError)
    expect(() => new Response('x', { status: 204 })).toThrow(TypeError)
    expect(() => new Response('x', { statusText: 'a\nb' })).toThrow(TypeError)
    expect(new Response(null, { status: 204 }).status).toBe(204)
  })

  it('gives a real ReadableStream body and then behaves natively', async () => {
    const r = new Response('streamed')
    const reader = r.body!.getReader()
    const { value } = await reader.read()
    expect(new TextDecoder().decode(value)).toBe('streamed')
    expect(readResponseState(r)?.native).toBeDefined()
  })

  it('clones before the body is read, and refuses after', async () => {
    const r = new Response('twice', { headers: { 'x-a': '1' } })
    const c = r.clone()
    expect(await c.text()).toBe('twice')
    expect(c.headers.get('x-a')).toBe('1')
    expect(await r.text()).toBe('twice')
    expect(() => r.clone()).toThrow(TypeError)
  })

  it('hands stream bodies to a native Response', async () => {
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('s'))
        c.close()
      },
    })
    const r = new Response(stream)
    expect(readResponseState(r)?.native).toBeInstanceOf(NativeResponse)
    expect(await r.text()).toBe('s')
  })

  it('sees headers set after construction', () => {
    const r = new Response('x')
    r.headers.set('x-late', 'yes')
    expect(toNativeResponse(r).headers.get('x-late')).toBe('yes')
  })
})
