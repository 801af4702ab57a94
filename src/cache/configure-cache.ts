/**
 * Start-up: sets the build id, profiles and handlers the cached-function runtime uses (C30, C31, C40).
 *
 * Handler modules (next.config `cacheHandlers`) are loaded with Node's own `import()` — `routekit start`
 * loads no compiler. A path resolves against the project directory (absolute paths and `file:` URLs, as
 * `require.resolve`/`import.meta.resolve` give them, are kept). JavaScript handlers load as they are; a
 * TypeScript handler must be compiled at build to `<outDir>/server/cache-handlers/<kind>.mjs`
 * (`cacheHandlerEntries` lists those entries for the build).
 */
import { existsSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { ResolvedConfig } from '../config/resolved-config.ts'
import { createError } from '../errors.ts'
import { missingHandlerMethods, type CacheHandler } from './cache-handler.ts'
import { resolveCacheLifeProfiles } from './cache-life.ts'
import { cacheState, setCacheState } from './cache-state.ts'
import { MemoryCacheHandler } from './handlers/memory.ts'
import { checkRedisUrl } from './handlers/_redis-url.ts'
import { addShutdownHook } from '../runtime/node/track-pending-work.ts'

/** What the loader passes at start-up. */
export interface ConfigureCacheOptions {
  /** The build's id (manifest `buildId`): part of every key (C20). */
  buildId: string
  config: Pick<
    ResolvedConfig,
    'file' | 'cacheComponents' | 'cacheLife' | 'cacheHandlers' | 'cacheMaxMemorySize'
  >
  /** The project directory, absolute. */
  projectDir: string
  /** The build directory (`<projectDir>/.routekit`). */
  outDir: string
  /**
   * `--redis` / `ROUTEKIT_REDIS_URL`: `default` and `remote` (unless next.config sets them) share one Redis
   * handler, and so does every `cacheHandlers` entry that names `routekit/cache-handlers/redis`.
   */
  redis?: { url: string; source: string; keyPrefix?: string } | undefined
}

/** The `cacheHandlers` value that selects Routekit's own Redis handler. */
export const REDIS_HANDLER = 'routekit/cache-handlers/redis'
// How long start-up waits for Redis before it serves without it (and says so).
const REDIS_CONNECT_MS = 2_000

const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/

/** The handler file of `path` from next.config, absolute. */
export function resolveCacheHandlerPath(projectDir: string, path: string): string {
  if (path.startsWith('file:')) return fileURLToPath(path)
  return isAbsolute(path) ? path : resolve(projectDir, path)
}

/** Build entries for TypeScript handlers: output name (under `server/`) → source file. JS handlers need none. */
export function cacheHandlerEntries(
  config: Pick<ResolvedConfig, 'cacheHandlers'>,
  projectDir: string,
): Record<string, string> {
  const entries: Record<string, string> = {}
  for (const [kind, path] of Object.entries(config.cacheHandlers)) {
    const file = resolveCacheHandlerPath(projectDir, path)
    if (TYPESCRIPT.test(file)) entries[`cache-handlers/${kind}`] = file
  }
  return entries
}

async function loadHandler(
  kind: string,
  path: string,
  options: ConfigureCacheOptions,
): Promise<CacheHandler> {
  const source = resolveCacheHandlerPath(options.projectDir, path)
  const shown = relative(options.projectDir, source).replaceAll('\\', '/')
  let file = source
  if (TYPESCRIPT.test(source)) {
    file = join(options.outDir, 'server', 'cache-handlers', `${kind}.mjs`)
    if (!existsSync(file)) {
      const expected = relative(options.projectDir, file).replaceAll('\\', '/')
      throw createError('RK_CACHE_HANDLER_NOT_BUILT', { kind, file: shown, expected })
    }
  }
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
    throw createError('RK_MODULE_LOAD', { file: shown, detail })
  }
  // Next: `interopDefault(mod.default || mod)` — ESM default, CommonJS module.exports, or a transpiled default.
  let handler: unknown = module.default ?? module
  const nested = (handler as { default?: unknown } | null)?.default
  if (missingHandlerMethods(handler).length > 0 && nested !== undefined) handler = nested
  const missing = missingHandlerMethods(handler)
  if (missing.length > 0) throw createError('RK_CACHE_HANDLER_INVALID', { kind, file: shown, missing })
  return handler as CacheHandler
}

/** Routekit's Redis handler, loaded (with ioredis) only here; start-up waits briefly for it, never fails on it. */
async function createRedisHandler(kind: string, options: ConfigureCacheOptions): Promise<CacheHandler> {
  if (options.redis === undefined) throw createError('RK_REDIS_URL_MISSING', { kind })
  const { url, source, keyPrefix } = options.redis
  const problem = checkRedisUrl(url)
  if (problem !== undefined) throw createError('RK_REDIS_URL_INVALID', { source, url, problem })
  const { createRedisCacheHandler } = await import('./handlers/redis.ts')
  const handler = createRedisCacheHandler({
    url,
    keyPrefix,
    localMaxSize: options.config.cacheMaxMemorySize,
    now: () => cacheState.now(),
  })
  addShutdownHook('redis-cache', () => handler.close())
  // Decided (docs/deploy.md): an unreachable Redis at start is not fatal. The handler has already warned with
  // the address and the reason; requests are served from the local cache until it connects.
  await handler.connected(REDIS_CONNECT_MS)
  return handler
}

/**
 * Configures the cache for a loaded build: call once before serving (again on a dev reload, which starts
 * with an empty memory cache). Throws RoutekitError for a bad profile or handler.
 */
export async function configureCache(options: ConfigureCacheOptions): Promise<void> {
  const { config } = options
  let profiles
  try {
    profiles = resolveCacheLifeProfiles(config.cacheLife)
  } catch (error) {
    throw createError('RK_CONFIG_INVALID', {
      file: config.file ?? 'next.config',
      detail: (error as Error).message,
    })
  }
  const memory = new MemoryCacheHandler({ maxSize: config.cacheMaxMemorySize, now: () => cacheState.now() })
  // C40: `default` and `remote` share the memory LRU unless configured; other kinds exist only when configured.
  const handlers = new Map<string, CacheHandler>([
    ['default', memory],
    ['remote', memory],
  ])
  let redis: Promise<CacheHandler> | undefined
  const sharedRedis = (kind: string): Promise<CacheHandler> => (redis ??= createRedisHandler(kind, options))
  if (options.redis !== undefined) {
    for (const kind of ['default', 'remote']) {
      if (config.cacheHandlers[kind] === undefined) handlers.set(kind, await sharedRedis(kind))
    }
  }
  for (const [kind, path] of Object.entries(config.cacheHandlers)) {
    handlers.set(
      kind,
      path === REDIS_HANDLER ? await sharedRedis(kind) : await loadHandler(kind, path, options),
    )
  }
  setCacheState({
    buildId: options.buildId,
    cacheComponents: config.cacheComponents,
    profiles,
    handlers,
    distinct: [...new Set(handlers.values())],
    now: cacheState.now,
  })
}
