// Start-up configuration: handler modules as Next loads them, TypeScript handlers, config errors (C31, C40).
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cacheHandlerEntries, configureCache } from '../../src/cache/configure-cache.ts'
import { cacheState, resetCacheState } from '../../src/cache/cache-state.ts'
import { MemoryCacheHandler } from '../../src/cache/handlers/memory.ts'
import { defaultConfig, type ResolvedConfig } from '../../src/config/resolved-config.ts'
import { makeTree } from '../_helpers/make-tree.ts'
import { REDIS_URL, uniquePrefix } from '../_helpers/redis-server.ts'
import { RedisCacheHandler } from '../../src/cache/handlers/redis.ts'

const HANDLER = `{ async get() {}, async set() {}, async refreshTags() {}, async getExpiration() { return 0 }, async updateTags() {} }`
const project = makeTree({
  'esm.mjs': `export default ${HANDLER}\n`,
  'cjs.cjs': `module.exports = ${HANDLER}\n`,
  'partial.mjs': 'export default { async get() {} }\n',
  'typed.ts': `export default ${HANDLER}\n`,
})
const configure = (config: Partial<ResolvedConfig>, redis?: { url: string; source: string }) =>
  configureCache({
    buildId: 'B',
    config: { ...defaultConfig(), cacheComponents: true, ...config },
    projectDir: project,
    outDir: join(project, '.routekit'),
    redis: redis === undefined ? undefined : { ...redis, keyPrefix: uniquePrefix() },
  })
afterAll(async () => {
  for (const handler of new Set(cacheState.handlers.values())) {
    if (handler instanceof RedisCacheHandler) await handler.close()
  }
  resetCacheState()
})

describe('configureCache', () => {
  it('shares one memory LRU between default and remote when nothing is configured (C40)', async () => {
    await configure({ cacheMaxMemorySize: 1000 })
    expect(cacheState.handlers.get('default')).toBeInstanceOf(MemoryCacheHandler)
    expect(cacheState.handlers.get('remote')).toBe(cacheState.handlers.get('default'))
    expect(cacheState.distinct).toHaveLength(1)
    expect(cacheState.buildId).toBe('B')
  })

  it('loads ESM and CommonJS handlers by path, relative, absolute or file URL', async () => {
    await configure({
      cacheHandlers: {
        default: 'esm.mjs',
        remote: join(project, 'cjs.cjs'),
        custom: `file://${join(project, 'esm.mjs')}`,
      },
    })
    expect(cacheState.handlers.get('default')).not.toBeInstanceOf(MemoryCacheHandler)
    expect(typeof cacheState.handlers.get('remote')?.getExpiration).toBe('function')
    expect(cacheState.handlers.has('custom')).toBe(true)
  })

  it('names the handler and the missing methods when a module is not a handler', async () => {
    await expect(configure({ cacheHandlers: { default: 'partial.mjs' } })).rejects.toMatchObject({
      code: 'RK_CACHE_HANDLER_INVALID',
      message: expect.stringContaining(
        'cacheHandlers.default (partial.mjs) does not export a cache handler: set, refreshTags, getExpiration, updateTags missing',
      ),
    })
  })

  it('expects a TypeScript handler compiled by the build, and says so when it is missing', async () => {
    expect(
      cacheHandlerEntries({ cacheHandlers: { remote: 'typed.ts', default: 'esm.mjs' } }, project),
    ).toEqual({
      'cache-handlers/remote': join(project, 'typed.ts'),
    })
    await expect(configure({ cacheHandlers: { remote: 'typed.ts' } })).rejects.toMatchObject({
      code: 'RK_CACHE_HANDLER_NOT_BUILT',
      message: expect.stringContaining('.routekit/server/cache-handlers/remote.mjs is missing'),
    })
  })

  it('reports an invalid cacheLife profile of next.config with its name (C31)', async () => {
    await expect(
      configure({ file: 'next.config.mjs', cacheLife: { bad: { expire: Number.NaN } } }),
    ).rejects.toMatchObject({
      code: 'RK_CONFIG_INVALID',
      message: expect.stringContaining('next.config.mjs: Invalid "cacheLife.bad.expire" provided'),
    })
  })

  it('puts default and remote on one Redis handler with --redis, unless next.config sets them', async () => {
    await configure({ cacheHandlers: { remote: 'esm.mjs' } }, { url: REDIS_URL, source: '--redis' })
    const redis = cacheState.handlers.get('default')
    expect(redis).toBeInstanceOf(RedisCacheHandler)
    expect((redis as RedisCacheHandler).online).toBe(true)
    expect(cacheState.handlers.get('remote')).not.toBeInstanceOf(RedisCacheHandler)
    await (redis as RedisCacheHandler).close()
  })

  it('resolves cacheHandlers "routekit/cache-handlers/redis" to the same Redis handler for every kind', async () => {
    await configure(
      {
        cacheHandlers: { default: 'routekit/cache-handlers/redis', reports: 'routekit/cache-handlers/redis' },
      },
      { url: REDIS_URL, source: 'ROUTEKIT_REDIS_URL' },
    )
    const redis = cacheState.handlers.get('default')
    expect(redis).toBeInstanceOf(RedisCacheHandler)
    expect(cacheState.handlers.get('reports')).toBe(redis)
    expect(cacheState.handlers.get('remote')).toBe(redis)
    await (redis as RedisCacheHandler).close()
  })

  it('asks for a URL when next.config names the Redis handler without one', async () => {
    await expect(
      configure({ cacheHandlers: { default: 'routekit/cache-handlers/redis' } }),
    ).rejects.toMatchObject({
      code: 'RK_REDIS_URL_MISSING',
      message: expect.stringContaining('pass --redis <url> to routekit start, or set ROUTEKIT_REDIS_URL'),
    })
  })
})
