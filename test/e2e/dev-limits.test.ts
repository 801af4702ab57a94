// `routekit dev` applies the server limits of routekit.config as `routekit start` does, and logs what they refuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTree } from '../_helpers/make-tree.ts'
import { sendRaw } from '../_helpers/raw-http.ts'
import { send, startServer, type RunningServer } from '../_helpers/server.ts'
import { expectPrinted } from './_dev-kit.ts'

let dev: RunningServer

beforeAll(async () => {
  const dir = makeTree({
    'routekit.config.mjs':
      "export default { bodyLimit: '1kb', maxUrlLength: 512, headersTimeout: '400ms' }\n",
    'app/echo/route.ts':
      'export async function POST(request: Request) {\n  return new Response(await request.text())\n}\n',
  })
  dev = await startServer(dir, { command: 'dev' })
})
afterAll(() => dev?.stop())

describe('routekit dev limits', () => {
  it('serves a body within the limit', async () => {
    const r = await send(dev.port, 'POST', '/echo', { body: 'x'.repeat(100) })
    expect(r.status).toBe(200)
    expect(r.body).toBe('x'.repeat(100))
  })

  it('answers a declared body over bodyLimit with 413 and logs the request', async () => {
    const r = await send(dev.port, 'POST', '/echo', { body: 'x'.repeat(2_000) })
    expect(r.status).toBe(413)
    await expectPrinted(dev, /POST \/echo 413 in [\d.]+ ms/)
  })

  it('answers a URL over maxUrlLength with 414', async () => {
    expect((await send(dev.port, 'GET', `/echo?q=${'a'.repeat(600)}`)).status).toBe(414)
  })

  it('answers a body that streams past bodyLimit without a Content-Length with 413', async () => {
    const r = await send(dev.port, 'POST', '/echo', {
      headers: { 'transfer-encoding': 'chunked' },
      body: 'y'.repeat(4_000),
    })
    expect(r.status).toBe(413)
  })

  it('answers a head that does not arrive within headersTimeout with 408', async () => {
    const r = await sendRaw(dev.port, 'GET /echo HTTP/1.1\r\nHost: x\r\n')
    expect(r.text).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n')
    expect(r.closed).toBe(true)
  })
})
