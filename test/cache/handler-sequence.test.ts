// A cache handler written for Next (test/fixtures/cache-app/cache-handlers) sees the calls Next makes, in order (C41).
import { join } from 'node:path'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { cacheLife, cacheTag, revalidateTag } from '../../src/cache.ts'
import { configureCache } from '../../src/cache/configure-cache.ts'
import { createCachedFunction } from '../../src/cache/create-cached-function.ts'
import { defaultConfig } from '../../src/config/resolved-config.ts'
import { ROOT } from '../_helpers/server.ts'
import { inRequest } from './_cache-test-kit.ts'

const projectDir = join(ROOT, 'test/fixtures/cache-app')
const calls: unknown[][] = ((globalThis as { loggingHandlerCalls?: unknown[][] }).loggingHandlerCalls ??= [])

beforeAll(async () => {
  await configureCache({
    buildId: 'BUILD',
    config: {
      ...defaultConfig(),
      cacheComponents: true,
      cacheHandlers: { remote: './cache-handlers/logging-handler.mjs' },
    },
    projectDir,
    outDir: join(projectDir, '.routekit'),
  })
})
beforeEach(() => {
  calls.length = 0
})

const item = createCachedFunction('remote', 'lib/data.ts#item', async (id: string) => {
  cacheLife('hours')
  cacheTag('items', `item-${id}`)
  return { id }
})
const SOFT_TAGS = ['_N_T_/layout', '_N_T_/static-t/layout', '_N_T_/static-t/route', '_N_T_/static-t']
const KEY = '["lib/data.ts#item",["s"],["BUILD"]]'

describe('a Next-style cache handler', () => {
  it('sees refreshTags → get → set on a miss, with the entry Next writes', async () => {
    await inRequest('/static-t', '/static-t', () => item('s'))
    await new Promise((resolve) => setImmediate(resolve))
    expect(calls).toEqual([
      ['refreshTags'],
      ['get', KEY, SOFT_TAGS],
      ['set', KEY, { revalidate: 3600, expire: 86400, stale: 300, tags: ['items', 'item-s'] }],
    ])
  })

  it('sees refreshTags → get → getExpiration(soft tags) on a hit', async () => {
    expect(await inRequest('/static-t', '/static-t', () => item('s'))).toEqual({ id: 's' })
    expect(calls).toEqual([['refreshTags'], ['get', KEY, SOFT_TAGS], ['getExpiration', SOFT_TAGS]])
  })

  it('sees refreshTags once per request, however many cached calls it makes', async () => {
    await inRequest('/static-t', '/static-t', async () => {
      await item('s')
      await item('s')
    })
    expect(calls.filter(([method]) => method === 'refreshTags')).toHaveLength(1)
    expect(calls.filter(([method]) => method === 'getExpiration')).toHaveLength(1)
  })

  it("sees updateTags(tags, { expire: 31536000 }) for revalidateTag(tag, 'max')", () => {
    revalidateTag('items', 'max')
    expect(calls).toEqual([['updateTags', ['items'], { expire: 31536000 }]])
  })

  it('sees updateTags(tags, { expire: 0 }) for revalidateTag(tag, { expire: 0 })', () => {
    revalidateTag('item-d', { expire: 0 })
    expect(calls).toEqual([['updateTags', ['item-d'], { expire: 0 }]])
  })

  it('is asked to set a failed entry, whose stream errors, and does not keep it (C22)', async () => {
    const failing = createCachedFunction('remote', 'lib/data.ts#failing', async () => {
      throw new Error('nope')
    })
    await expect(inRequest('/f', '/f', () => failing())).rejects.toThrow('nope')
    await new Promise((resolve) => setImmediate(resolve))
    expect(calls.at(-1)).toEqual(['set failed', '["lib/data.ts#failing",[],["BUILD"]]'])
  })
})
