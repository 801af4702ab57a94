// The transform inside a real build: rolldown output runs, and errors in cached code point at the .ts line.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createUseCacheTransform } from '../../../src/compiler/transforms/use-cache.ts'
import { ROOT } from '../../_helpers/server.ts'
import { buildFixture } from '../_project.ts'

const transforms = [
  createUseCacheTransform({ config: { cacheComponents: true, cacheHandlers: {} }, appDir: 'app' }),
]
const aliases = { 'next/cache': join(ROOT, 'dist', 'cache.js') }
const LIB = [
  `import { cacheLife } from 'next/cache'`,
  `type Item = { id: string; n: number }`,
  `let runs = 0`,
  `export async function item(id: string): Promise<Item> {`,
  `  'use cache'`,
  `  cacheLife('hours')`,
  `  if (id === 'bad') throw new Error('bad item')`,
  `  return { id, n: ++runs }`,
  `}`,
  ``,
].join('\n')
const ROUTE = [
  `import { item } from '../../lib/data'`,
  `export async function GET(request: Request) {`,
  `  const id = new URL(request.url).searchParams.get('id') ?? 'a'`,
  `  return Response.json(await item(id))`,
  `}`,
  ``,
].join('\n')

// vitest installs its own Error.prepareStackTrace, which turns off Node's source-map rewriting; a server has none.
async function nodeStack(run: () => Promise<unknown>): Promise<string> {
  const vitest = Error.prepareStackTrace
  Reflect.deleteProperty(Error, 'prepareStackTrace')
  try {
    await run()
  } catch (error) {
    return (error as Error).stack ?? ''
  } finally {
    Error.prepareStackTrace = vitest
  }
  throw new Error('no error')
}

describe('"use cache" in a build', () => {
  it('caches through the bundled wrapper and points errors at the .ts line', async () => {
    process.setSourceMapsEnabled(true)
    const fixture = await buildFixture(
      { 'lib/data.ts': LIB, 'app/items/route.ts': ROUTE },
      ['app/items/route.ts'],
      {
        transforms,
        aliases,
      },
    )
    const route = await fixture.load('app/items/route.ts')
    const get = async (id: string) => (await route.GET!(new Request(`http://x/items?id=${id}`))).json()
    expect(await get('a')).toEqual({ id: 'a', n: 1 })
    expect(await get('a')).toEqual({ id: 'a', n: 1 })
    expect(await get('b')).toEqual({ id: 'b', n: 2 })
    expect(await nodeStack(() => get('bad'))).toMatch(/lib\/data\.ts:7:\d+/)
  })

  it('fails the build with file:line:col for a misplaced directive', async () => {
    const build = buildFixture(
      {
        'app/items/route.ts': `export async function GET() {\n  'use cache'\n  return Response.json({})\n}\n`,
      },
      ['app/items/route.ts'],
      { transforms, aliases },
    )
    await expect(build).rejects.toMatchObject({
      code: 'RK_BUILD_FAILED',
      message: expect.stringContaining(
        'app/items/route.ts:2:3: "use cache" cannot cache the route handler GET itself',
      ),
    })
  })
})
