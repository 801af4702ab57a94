/** Loads builds in the dev server process, re-importing only the compiled modules whose content changed. */
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Logger } from '../_internal/logger.ts'
import { HTTP_METHODS } from '../compiler/manifest.ts'
import { loadApp } from '../runtime/load-app.ts'
import type { RuntimeApp } from '../runtime/runtime-app.ts'
import type { HostBuild } from './host-messages.ts'

/** A module as last imported, keyed by its output path. */
interface CachedModule {
  url: string
  module: Record<string, unknown>
}

/**
 * Returns a loader that runs `loadApp` with an importer that keeps every module and imports an entry again
 * only when its content hash changed, as `route.mjs?v=<hash>`: ESM caches by URL and cannot unload, so a
 * new URL is the only way to run new code. Unchanged entries and the shared chunks keep their instance and
 * their module state. Old instances stay in memory; the supervisor replaces this process before that adds
 * up (create-app-host.ts).
 */
export function createDevAppLoader(logger: Logger): (build: HostBuild) => Promise<RuntimeApp> {
  const modules = new Map<string, CachedModule>()
  return async function loadDevApp({ projectDir, outDir, versions, limits }) {
    const serverDir = join(outDir, 'server')
    const seen = new Set<string>()
    const importModule = async (url: string): Promise<Record<string, unknown>> => {
      const fileName = relative(serverDir, fileURLToPath(url)).replaceAll('\\', '/')
      seen.add(fileName)
      const versioned = `${url}?v=${versions[fileName] ?? Date.now()}`
      const cached = modules.get(fileName)
      if (cached?.url === versioned) return cached.module
      let module: Record<string, unknown>
      try {
        module = (await import(versioned)) as Record<string, unknown>
      } catch (error) {
        // Printed once per version; the route then answers 500 with the error (dev shows it) until it is fixed.
        logger.error(`Loading ${fileName} failed:`, error)
        module = throwingModule(error)
      }
      modules.set(fileName, { url: versioned, module })
      return module
    }
    const app = await loadApp({
      dir: projectDir,
      outDir,
      dev: true,
      logger,
      importModule,
      bodyLimit: limits.bodyLimit,
      handlerTimeout: limits.handlerTimeout,
    })
    // Forget removed routes, so a route added back later is imported afresh.
    for (const fileName of modules.keys()) if (!seen.has(fileName)) modules.delete(fileName)
    return app
  }
}

/** A stand-in for a module that failed to load: every method throws the load error. */
function throwingModule(error: unknown): Record<string, unknown> {
  const fail = (): never => {
    throw error
  }
  return Object.fromEntries(HTTP_METHODS.map((method) => [method, fail]))
}
