/** `routekit build`: bundles every route file and writes `.routekit/server/` plus `.routekit/manifest.json`. */
import { randomUUID } from 'node:crypto'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { combineErrors, createError } from '../errors.ts'
import { checkSegmentConfig } from './check-segment-config.ts'
import type { RouteFile } from '../scanner/route-file.ts'
import { bundleRoutes, type BundledRoutes, type BundleRoutesOptions } from './_bundle-routes.ts'
import { buildExportWarnings, toMethods, toNamedExports } from './_route-exports.ts'
import { writeBuildOutput, type WriteBuildOutput } from './_write-output.ts'
import { MANIFEST_VERSION, type Manifest, type ManifestRoute } from './manifest.ts'
import type { ModuleTransform } from './module-transform.ts'
import { createRequestScopeCheck } from './_request-scope.ts'
import { defaultConfig, type ResolvedConfig } from '../config/resolved-config.ts'
import { prepareProxyBuild, toManifestProxy } from '../proxy/build-proxy-entry.ts'
import type { ProxyFile } from '../proxy/scan-proxy-file.ts'

/** What `buildApp` needs: the scanned routes of one project and how to bundle them. */
export interface BuildOptions {
  /** The project directory (absolute, or relative to the working directory). */
  projectDir: string
  /** The app directory relative to the project: `app` or `src/app`. */
  appDir: string
  routes: readonly RouteFile[]
  /** Defaults to `<projectDir>/.routekit`. Keep it inside the project: Node resolves packages from there. */
  outDir?: string
  /** Bare specifier → absolute file (`'next/server'` → Routekit's own build), imported by that file's URL. */
  aliases?: Record<string, string>
  /** Source rewrites applied to every local module, in order (see module-transform.ts). */
  transforms?: readonly ModuleTransform[]
  /** Sets `process.env.NODE_ENV` in the bundled code; defaults to `'production'`. */
  mode?: 'production' | 'development'
  /** The resolved next.config, recorded in the manifest so `start` never evaluates the config again. */
  config?: ResolvedConfig
  /** The project's `proxy.ts` / `middleware.ts` (proxy.md): one more entry of the same bundle. */
  proxy?: ProxyFile
  /** Puts the bundle and manifest on disk; `routekit dev` passes one that writes only the files that changed. */
  writeOutput?: WriteBuildOutput
  /** Compiles the entries (default: one rolldown bundle); `routekit dev` passes its per-module compiler. */
  bundle?: (options: BundleRoutesOptions) => Promise<BundledRoutes>
}

/** The manifest that was written, the lines to print (R24, R25 and bundler warnings), and the time taken. */
export interface BuildResult {
  manifest: Manifest
  warnings: string[]
  durationMs: number
}

/** Bundles the routes with rolldown and writes the build; throws RK_BUILD_FAILED with `file:line:col` on errors. */
export async function buildApp(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now()
  const projectDir = resolve(options.projectDir)
  const outDir = resolveOutDir(projectDir, options.outDir)
  // Its config and matcher are checked before bundling, so a bad matcher fails fast (proxy.md P4, P5).
  const proxy = options.proxy === undefined ? undefined : prepareProxyBuild(options.proxy)
  const entries = proxy === undefined ? options.routes : [...options.routes, proxy.entry]
  const bundled: BundledRoutes =
    entries.length === 0
      ? { output: [], entries: new Map(), warnings: [] } // rolldown refuses an empty input; an empty app is valid
      : await (options.bundle ?? bundleRoutes)({
          projectDir,
          serverDir: join(outDir, 'server'),
          routes: entries,
          aliases: options.aliases ?? {},
          transforms: options.transforms ?? [],
          mode: options.mode ?? 'production',
        })
  const warnings = [...(proxy?.warnings ?? []), ...bundled.warnings]
  const needsScope = createRequestScopeCheck(bundled.output, options.aliases ?? {})
  const routes = options.routes.map((route): ManifestRoute => {
    const entry = bundled.entries.get(route.file)
    if (entry === undefined) {
      throw createError('RK_BUILD_FAILED', {
        dir: projectDir,
        detail: `${route.file}: no output was produced.`,
      })
    }
    warnings.push(...buildExportWarnings(route.file, entry.exports, entry.starExports))
    return {
      pattern: route.pattern,
      segments: route.segments,
      file: route.file,
      module: `server/${entry.fileName}`,
      methods: toMethods(entry.exports),
      exports: toNamedExports(entry.exports),
      requestScope: needsScope(entry.fileName),
    }
  })
  const segmentConfig = checkSegmentConfig(routes, options.config ?? defaultConfig())
  if (segmentConfig.errors.length > 0) throw combineErrors(segmentConfig.errors)
  warnings.push(...segmentConfig.warnings)
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    buildId: randomUUID(),
    appDir: options.appDir,
    routes,
    config: options.config ?? defaultConfig(),
    requestScope: proxy !== undefined && proxyNeedsScope(proxy, bundled, needsScope),
    proxy: proxy === undefined ? null : manifestProxy(proxy, bundled, projectDir),
  }
  // Nothing is touched on disk until the bundle succeeded: a failed dev rebuild leaves the last good build.
  await (options.writeOutput ?? writeBuildOutput)(outDir, bundled.output, manifest)
  return { manifest, warnings, durationMs: Math.round(performance.now() - started) }
}

function manifestProxy(
  proxy: ReturnType<typeof prepareProxyBuild>,
  bundled: BundledRoutes,
  projectDir: string,
): Manifest['proxy'] {
  const entry = bundled.entries.get(proxy.proxy.file)
  if (entry === undefined) {
    throw createError('RK_BUILD_FAILED', {
      dir: projectDir,
      detail: `${proxy.proxy.file}: no output was produced.`,
    })
  }
  return toManifestProxy(proxy, entry.fileName, entry.exports)
}

function proxyNeedsScope(
  proxy: ReturnType<typeof prepareProxyBuild>,
  bundled: BundledRoutes,
  needsScope: (fileName: string) => boolean,
): boolean {
  const entry = bundled.entries.get(proxy.proxy.file)
  return entry !== undefined && needsScope(entry.fileName)
}

/** Where `buildApp` writes by default; `routekit start` reads the same place. */
export function resolveOutDir(projectDir: string, outDir?: string): string {
  return resolve(projectDir, outDir ?? '.routekit')
}
