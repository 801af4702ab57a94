// `routekit start` leaves undici (Node's fetch, Request, Response, Headers) unloaded until something needs it
// (next-request.ts, response.ts). These handlers are the first code in the process to reach the platform classes,
// through the globals or a fetch() result: every instanceof rule must already hold then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTree } from '../_helpers/make-tree.ts'
import { runCli, send, startServer, type RunningServer } from '../_helpers/server.ts'

let server: RunningServer

beforeAll(async () => {
  const dir = makeTree({
    'app/request/route.ts': `import { NextRequest } from 'next/server'

export function GET(request: Request) {
  return Response.json({
    request: request instanceof Request,
    nextRequest: request instanceof NextRequest,
    cache: request.cache,
    mode: request.mode,
    built: new NextRequest('http://x/y?z=1').nextUrl.searchParams.get('z'),
  })
}
`,
    'app/fetched/route.ts': `export async function GET() {
  const fetched = await fetch('data:text/plain,hi')
  const Platform = fetched.constructor as typeof Response
  const own = Response.json({ ok: true })
  return Response.json({
    ownIsPlatform: own instanceof Platform,
    fetchedIsResponse: fetched instanceof Response,
    text: await fetched.text(),
  })
}
`,
  })
  const built = runCli(['build', dir])
  expect(built.status, built.stderr + built.stdout).toBe(0)
  server = await startServer(dir)
}, 60_000)
afterAll(() => server?.stop())

describe('platform classes loaded on demand', () => {
  it('keeps instanceof Request and NextRequest for the server request when a handler first names them', async () => {
    const answer = await send(server.port, 'GET', '/request')
    expect(answer.status).toBe(200)
    expect(answer.json()).toEqual({
      request: true,
      nextRequest: true,
      cache: 'default',
      mode: 'cors',
      built: '1',
    })
  })

  it('keeps the lookalike Response an instance of the class of a fetch() result, and back', async () => {
    const answer = await send(server.port, 'GET', '/fetched')
    expect(answer.status).toBe(200)
    expect(answer.json()).toEqual({ ownIsPlatform: true, fetchedIsResponse: true, text: 'hi' })
  })
})
