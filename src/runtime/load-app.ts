/** Loads a build (`.routekit/manifest.json` + compiled modules) into a RuntimeApp. No compiler involved. */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { logger as defaultLogger, type Logger } from '../_internal/logger.ts'
import { MANIFEST_VERSION, type Manifest } from '../compiler/manifest.ts'
import { createError } from '../errors.ts'
import { buildRouter } from '../router/build-router.ts'
import type { RouteRecord } from '../router/router.ts'
import { installResponse } from './response.ts'
import { configureCache } from '../cache/configure-cache.ts'
import { enableRequestStore } from './request-store.ts'
import { runtimeFlags } from './runtime-flags.ts'
import { loadProxyPipeline } from './node/request-listener.ts'
import { hasConfigRules } from '../config/resolved-config.ts'
import { toLoadedRoute, type LoadedRoute, type RouteHandler } from './route-handlers.ts'
import { resolveRuntimeOptions, type RuntimeApp, type RuntimeOptions } from './runtime-app.ts'
import {
  PRERENDER_DIR,
  readPrerenderManifest,
  type PrerenderedRoute,
} from '../prerender/prerender-manifest.ts'
import { servePrerendered } from '../prerender/serve-prerendered.ts'

/** The shared Redis cache: its URL, where the URL came from (for messages), and the key prefix. */
export interface RedisOption {
  url: string
  source: string
  keyPrefix?: string
}

/** Where to find a build and how to serve it. */
export interface LoadAppOptions extends Partial<RuntimeOptions> {
  /** The project directory (holding `.routekit/`). */
  dir: string
  /** The build directory; default `<dir>/.routekit`. */
  outDir?: string
  logger?: Logger
  /** `--redis` / `ROUTEKIT_REDIS_URL`: the shared Redis cache. */
  redis?: RedisOption | undefined
  /** Imports one compiled module by file URL; `routekit dev` passes one that re-imports only changed modules. */
  importModule?: (url: string) => Promise<Record<string, unknown>>
}

/** Reads and checks the manifest of a build. */
export function readManifest(dir: string, outDir: string): Manifest {
  const file = join(outDir, 'manifest.json')
  if (!existsSync(file)) throw createError('RK_NO_BUILD', { dir })
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest
  if (manifest.version !== MANIFEST_VERSION) {
    throw createError('RK_BUILD_VERSION', { dir, found: manifest.version, expected: MANIFEST_VERSION })
  }
  return manifest
}

/** Imports every route module of a build and builds the router once, before the first request. */
export async function loadApp(options: LoadAppOptions): Promise<RuntimeApp> {
  const dir = resolve(options.dir)
  const outDir = options.outDir ?? join(dir, '.routekit')
  const manifest = readManifest(options.dir, outDir)
  const logger = options.logger ?? defaultLogger
  // C10: dev answers every GET live; a prerender of another build is never served.
  const prerender = options.dev === true ? undefined : readPrerenderManifest(outDir, manifest.buildId)
  // The lookalike must be the global before user modules run: `class X extends Response` binds at load.
  installResponse()
  // Cache handlers must be in place before a module's top-level code can call a cached function.
  await configureCache({
    buildId: manifest.buildId,
    config: manifest.config,
    projectDir: dir,
    outDir,
    redis: options.redis,
  })
  const records: RouteRecord<LoadedRoute>[] = await Promise.all(
    manifest.routes.map(async (route) => {
      let module: Record<string, unknown>
      try {
        const url = pathToFileURL(join(outDir, route.module)).href
        module = options.importModule
          ? await options.importModule(url)
          : ((await import(url)) as Record<string, unknown>)
      } catch (error) {
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
        throw createError('RK_MODULE_LOAD', { file: route.file, detail })
      }
      const loaded = toLoadedRoute(route.pattern, route.file, module)
      const record = prerender?.routes[route.pattern]
      const served = servePrerendered(loaded, route.segments, record, join(outDir, PRERENDER_DIR), logger)
      return {
        pattern: route.pattern,
        segments: route.segments,
        data: route.requestScope === true ? markScoped(loaded, served, record) : served,
      }
    }),
  )
  // proxy.md: both stay undefined for an app without a proxy and without next.config rules (the plain path).
  // Both are imported only when present, with the pipeline that serves them (request-listener.ts).
  const proxy =
    manifest.proxy === null
      ? undefined
      : await import('../proxy/load-proxy.ts').then((m) =>
          m.loadProxy(outDir, manifest.proxy!, options.importModule),
        )
  const configRoutes = hasConfigRules(manifest.config)
    ? await import('../proxy/create-config-routes.ts').then((m) => m.createConfigRoutes(manifest.config))
    : undefined
  if (proxy !== undefined || configRoutes !== undefined) await loadProxyPipeline()
  // A proxy runs before every request it covers: when it needs the scope, there is nothing to wait for.
  if (manifest.requestScope) enableRequestStore()
  runtimeFlags.authInterrupts = manifest.config.authInterrupts
  return {
    ...resolveRuntimeOptions({
      basePath: manifest.config.basePath,
      trailingSlash: manifest.config.trailingSlash,
      ...definedOnly(options),
    }),
    router: buildRouter(records),
    logger,
    ...(proxy === undefined ? {} : { proxy }),
    ...(configRoutes === undefined ? {} : { configRoutes }),
  }
}

/**
 * `served` with the set of dispatched functions that run the route's own code: those servePrerendered kept
 * as they were, and on an ssg route the guards it put around the other methods' handlers (R74). A
 * prerendered GET/HEAD answer and a static route's 405s are left out: answering them needs no scope.
 */
function markScoped(
  loaded: LoadedRoute,
  served: LoadedRoute,
  record: PrerenderedRoute | undefined,
): LoadedRoute {
  const scoped = new Set<RouteHandler>()
  for (const [method, dispatch] of served.dispatch) {
    const own = loaded.dispatch.get(method)
    if (dispatch.kind !== 'call' || own?.kind !== 'call') continue
    const guarded = record?.rendering === 'ssg' && method !== 'GET' && method !== 'HEAD'
    if (dispatch === own || guarded) scoped.add(dispatch.handler)
  }
  return { ...served, scoped }
}

/** Drops keys whose value is `undefined`, so they do not override the build's config. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>
}
