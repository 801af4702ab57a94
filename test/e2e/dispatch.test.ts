// Dispatch, errors, bodies and streaming over real HTTP (spec §B, §C, §E, §F).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { ROOT, runCli, send, startServer, waitFor, type RunningServer } from '../_helpers/server.ts'

const app = join(ROOT, 'test', 'fixtures', 'dispatch-app')
let server: RunningServer

beforeAll(async () => {
  const build = runCli(['build', app])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  server = await startServer(app)
})
afterAll(() => server?.stop())

describe('handler failures', () => {
  it('turns a synchronous throw into an empty 500 and one log line naming the file', async () => {
    const r = await send(server.port, 'GET', '/throws')
    expect(r.status).toBe(500)
    expect(r.body).toBe('')
    await waitFor(() => server.output().includes('sync boom'))
    expect(server.output()).toMatch(/GET \/throws failed in app\/throws\/route\.ts/)
  })

  it('turns a rejected promise into an empty 500', async () => {
    const r = await send(server.port, 'POST', '/throws')
    expect(r.status).toBe(500)
    expect(r.body).toBe('')
    await waitFor(() => server.output().includes('async boom'))
  })

  it('points the stack trace at the TypeScript source line', async () => {
    await send(server.port, 'GET', '/throws')
    await waitFor(() => /route\.ts:2:\d+/.test(server.output()))
    expect(server.output()).toMatch(/app\/throws\/route\.ts:2:\d+/)
  })

  it.each([
    ['GET', 'Object'],
    ['POST', 'undefined'],
    ['PUT', 'string'],
  ])('answers %s returning a non-Response with 500 and names what it got (R61)', async (method, received) => {
    const r = await send(server.port, method, '/non-response')
    expect(r.status).toBe(500)
    expect(r.body).toBe('')
    await waitFor(() => server.output().includes(`but received '${received}' (method: ${method}`))
    expect(server.output()).toContain(
      "No response is returned from route handler 'app/non-response/route.ts'",
    )
  })
})

describe('params and request', () => {
  it('decodes params once and keeps request.url encoded (R17)', async () => {
    const r = await send(server.port, 'GET', '/items/a%20b?x=1', { headers: { host: 'api.example.com' } })
    expect(r.json()).toEqual({
      params: { id: 'a b' },
      url: 'http://api.example.com/items/a%20b?x=1',
      isPromise: true,
    })
  })

  it('answers a malformed escape with 400, not a crash (deviation f)', async () => {
    const r = await send(server.port, 'GET', '/items/%ZZ')
    expect(r.status).toBe(400)
    const ok = await send(server.port, 'GET', '/items/fine')
    expect(ok.status).toBe(200)
  })

  it('does not route a param that decodes to a dot segment', async () => {
    expect((await send(server.port, 'GET', '/items/%2e%2e')).status).toBe(404)
  })
})

describe('bodies', () => {
  it('reads a text body', async () => {
    const r = await send(server.port, 'POST', '/echo-body', { body: 'héllo' })
    expect(r.body).toBe('héllo')
    expect(r.headers['x-length']).toBe('5')
  })

  it('gzips a compressible body of 1 KiB or more when the client asks, and not a small one (R59)', async () => {
    const big = 'x'.repeat(2048)
    const zipped = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/echo-body',
          headers: { 'accept-encoding': 'gzip' },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
          )
        },
      )
      req.on('error', reject)
      req.end(big)
    })
    expect(zipped.encoding).toBe('gzip')
    expect(gunzipSync(zipped.body).toString()).toBe(big)
    const small = await send(server.port, 'POST', '/echo-body', {
      body: 'tiny',
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(small.body).toBe('tiny')
  })

  it('streams a request body back as the response body', async () => {
    const payload = Buffer.alloc(3_000_000, 7)
    const r = await new Promise<Buffer>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, method: 'PUT', path: '/echo-body' },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve(Buffer.concat(chunks)))
        },
      )
      req.on('error', reject)
      req.end(payload)
    })
    expect(r.length).toBe(payload.length)
    expect(r.equals(payload)).toBe(true)
  })

  it('flushes a streamed response chunk by chunk', async () => {
    const arrivals: number[] = []
    const start = Date.now()
    const text = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/stream' }, (res) => {
        let all = ''
        res.on('data', (c: Buffer) => {
          arrivals.push(Date.now() - start)
          all += c.toString()
        })
        res.on('end', () => resolve(all))
      })
      req.on('error', reject)
      req.end()
    })
    expect(text).toBe('part0\npart1\npart2\n')
    expect(arrivals.length).toBeGreaterThanOrEqual(3)
  })

  it('sends no body for HEAD on a streamed GET', async () => {
    const r = await send(server.port, 'HEAD', '/stream')
    expect(r.status).toBe(200)
    expect(r.body).toBe('')
  })

  it('aborts request.signal when the client disconnects', async () => {
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/abort' })
      req.on('error', () => resolve())
      req.end('x')
      setTimeout(() => {
        req.destroy()
        resolve()
      }, 300)
    })
    let state = ''
    for (let i = 0; i < 50 && state !== 'aborted'; i++) {
      state = (await send(server.port, 'GET', '/abort')).body
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(state).toBe('aborted')
  })
})

describe('methods', () => {
  it('answers OPTIONS with 204 and Allow (R23)', async () => {
    const r = await send(server.port, 'OPTIONS', '/throws')
    expect(r.status).toBe(204)
    expect(r.headers.allow).toBe('GET, HEAD, OPTIONS, POST')
  })

  it('answers TRACE with a plain-text 500 as Next (R27)', async () => {
    const r = await send(server.port, 'TRACE', '/throws')
    expect(r.status).toBe(500)
    expect(r.body).toBe('Internal Server Error')
  })

  it('answers a non-standard method with 400 (R26)', async () => {
    expect((await send(server.port, 'PROPFIND', '/throws')).status).toBe(400)
  })
})
