// The request scope (AsyncLocalStorage) stays off in a `routekit start` process until a request reaches the
// handler of a route that needs it: a prerendered "use cache" route never enables it, a dynamic one does, and
// that first request already runs inside it. Observed from outside the product, with a preload that records the
// first AsyncLocalStorage `run()` of the process (_als-probe.mjs). The same probe shows that none of these requests
// loaded undici (reading the global Request, Response or Headers does, ~17 ms of a cold start on Node 20).
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTree } from '../_helpers/make-tree.ts'
import { runCli, send, startServer, type RunningServer } from '../_helpers/server.ts'

const PRODUCTS = `import { cacheLife } from 'next/cache'

let runs = 0

export async function getProducts(label: string) {
  'use cache'
  cacheLife('hours')
  runs += 1
  return { label, runs, rows: [1, 2, 3] }
}
`

const app = {
  'next.config.mjs': 'export default { cacheComponents: true }\n',
  'lib/products.ts': PRODUCTS,
  'app/hello/route.ts': 'export function GET() {\n  return Response.json({ message: "Hello!" })\n}\n',
  'app/products/route.ts': `import { getProducts } from '../../lib/products'

export async function GET() {
  return Response.json(await getProducts('all'))
}
`,
  'app/search/route.ts': `import type { NextRequest } from 'next/server'

export function GET(request: NextRequest) {
  return Response.json({ query: request.nextUrl.searchParams.get('q') })
}

export async function POST(request: Request) {
  return Response.json({ received: await request.json() }, { status: 201 })
}
`,
  'app/users/[id]/route.ts': `export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  return Response.json({ id: (await ctx.params).id })
}
`,
  'app/cached-search/route.ts': `import type { NextRequest } from 'next/server'
import { getProducts } from '../../lib/products'

export async function GET(request: NextRequest) {
  return Response.json(await getProducts(request.nextUrl.searchParams.get('q') ?? ''))
}
`,
}

let dir: string
let probe: string
let server: RunningServer

function build(): void {
  const result = runCli(['build', dir])
  expect(result.status, result.stderr + result.stdout).toBe(0)
}

beforeAll(async () => {
  dir = makeTree(app)
  probe = join(dir, 'als-probe.txt')
  build()
  const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, ROUTEKIT_ALS_PROBE: process.env.ROUTEKIT_ALS_PROBE }
  process.env.NODE_OPTIONS = `--import ${pathToFileURL(join(import.meta.dirname, '_als-probe.mjs')).href}`
  process.env.ROUTEKIT_ALS_PROBE = probe
  try {
    server = await startServer(dir)
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}, 60_000)
afterAll(() => server?.stop())

describe('request scope under routekit start', () => {
  it('builds the app with only the "use cache" routes marked, the products route prerendered', () => {
    const manifest = JSON.parse(readFileSync(join(dir, '.routekit', 'manifest.json'), 'utf8')) as {
      requestScope: boolean
      routes: { pattern: string; requestScope: boolean }[]
    }
    expect(manifest.requestScope).toBe(false)
    expect(Object.fromEntries(manifest.routes.map((route) => [route.pattern, route.requestScope]))).toEqual({
      '/cached-search': true,
      '/hello': false,
      '/products': true,
      '/search': false,
      '/users/[id]': false,
    })
    const prerender = readFileSync(join(dir, '.routekit', 'prerender', 'manifest.json'), 'utf8')
    expect(Object.keys((JSON.parse(prerender) as { routes: object }).routes)).toContain('/products')
  })

  it('stays off through plain routes and the prerendered "use cache" route', async () => {
    const answers = await Promise.all([
      send(server.port, 'GET', '/hello'),
      send(server.port, 'GET', '/search?q=abc'),
      send(server.port, 'POST', '/search', {
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      }),
      send(server.port, 'GET', '/users/123'),
      send(server.port, 'GET', '/products'),
      send(server.port, 'HEAD', '/products'),
      send(server.port, 'POST', '/products'),
    ])
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 201, 200, 200, 200, 405])
    expect(answers[4]!.json()).toEqual({ label: 'all', runs: 1, rows: [1, 2, 3] })
    expect(answers[4]!.headers['x-nextjs-cache']).toBe('HIT')
    expect(existsSync(probe), existsSync(probe) ? readFileSync(probe, 'utf8') : '').toBe(false)
  })

  it('turns on for the first request to a dynamic "use cache" route, which runs inside it', async () => {
    const first = await send(server.port, 'GET', '/cached-search?q=abc')
    expect(first.status).toBe(200)
    expect(first.json()).toEqual({ label: 'abc', runs: 1, rows: [1, 2, 3] })
    expect(readFileSync(probe, 'utf8')).toMatch(/^run\n/)
    // The entry was stored under the request's scope: the second call is a hit.
    expect((await send(server.port, 'GET', '/cached-search?q=abc')).json()).toEqual(first.json())
  })

  it('loads undici no more than node:http alone does, and no ioredis without --redis', async () => {
    await server.stop()
    // Node 20's node:http does not load undici; Node 24's does (so there is nothing to save there).
    const bare = execFileSync(process.execPath, [
      '-e',
      "import('node:http').then(() => process.stdout.write(String(process.moduleLoadList.some((e) => e.endsWith('internal/deps/undici/undici')))))",
    ]).toString()
    expect(readFileSync(`${probe}.exit`, 'utf8')).toBe(`{"undici":${bare},"ioredis":false}\n`)
  })
})
