/** Scan + compile a project: what `build`, `dev` and `routes` share. */
import { fileURLToPath } from 'node:url'
import { buildApp, resolveOutDir, type BuildResult } from '../compiler/build-app.ts'
import type { WriteBuildOutput } from '../compiler/_write-output.ts'
import type { BuildOptions } from '../compiler/build-app.ts'
import { scanAppDir } from '../scanner/scan-app-dir.ts'
import { scanProxyFile } from '../proxy/scan-proxy-file.ts'
import type { ScanResult } from '../scanner/route-file.ts'
import { loadNextConfig, type LoadedConfig } from '../config/load-next-config.ts'
import { loadRoutekitConfig } from '../config/load-routekit-config.ts'
import { writeRouteTypes } from '../typegen/write-route-types.ts'
import { createUseCacheTransform } from '../compiler/transforms/use-cache.ts'
import { prerenderApp, type PrerenderResult } from '../prerender/prerender-app.ts'

/**
 * `next/*` imports resolve to Routekit's own modules, by absolute path, so the compiled routes and the
 * server share one instance of each (one NextResponse class, one request store).
 */
const entry = (name: string): string => fileURLToPath(new URL(`../${name}.js`, import.meta.url))

export function nextAliases(): Record<string, string> {
  const aliases: Record<string, string> = {}
  for (const name of ['server', 'headers', 'navigation', 'cache']) {
    // `next/server.js` is how some code imports it under nodenext resolution.
    aliases[`next/${name}`] = entry(name)
    aliases[`next/${name}.js`] = entry(name)
    aliases[`routekit/${name}`] = entry(name)
  }
  return aliases
}

export interface BuildProjectOptions {
  projectDir: string
  outDir?: string
  mode?: 'production' | 'development'
  /** Write `.routekit/types/` too (default true). */
  types?: boolean
  /** A scan to reuse: `dev` rescans only when files were added or removed. */
  scan?: ScanResult
  /** A loaded next.config to reuse: `dev` evaluates it again only when it changes (each import stays in memory). */
  config?: LoadedConfig
  /** How the build reaches the disk (default: replace `server/` wholesale). */
  writeOutput?: WriteBuildOutput
  /** How the entries are compiled (default: one rolldown bundle); `dev` passes its per-module compiler. */
  bundle?: BuildOptions['bundle']
  /** Called after each route a production build prerendered (the progress line). */
  onPrerender?: (done: number, total: number, pattern: string) => void
}

/** Scans the app directory and compiles every route into `outDir`. Throws RoutekitError on any problem. */
export async function buildProject(options: BuildProjectOptions): Promise<
  BuildResult & {
    scanWarnings: string[]
    includeHint: string | undefined
    prerender: PrerenderResult | undefined
  }
> {
  const scan = options.scan ?? scanAppDir(options.projectDir)
  const phase = options.mode === 'development' ? 'phase-development-server' : 'phase-production-build'
  const { config, notes } = options.config ?? (await loadNextConfig(scan.projectDir, phase))
  config.routekit = await loadRoutekitConfig(scan.projectDir)
  const result = await buildApp({
    config,
    projectDir: scan.projectDir,
    appDir: scan.appDir,
    routes: scan.routes,
    proxy: scanProxyFile(scan.projectDir, scan.appDir),
    outDir: options.outDir,
    aliases: nextAliases(),
    transforms: [createUseCacheTransform({ config, projectDir: scan.projectDir, appDir: scan.appDir })],
    mode: options.mode ?? 'production',
    writeOutput: options.writeOutput,
    bundle: options.bundle,
  })
  // Caching II: a production build runs the GETs that may be static (C3, R72); dev serves everything live (C10).
  const prerender =
    options.mode === 'development'
      ? undefined
      : await prerenderApp({
          projectDir: scan.projectDir,
          outDir: resolveOutDir(scan.projectDir, options.outDir),
          manifest: result.manifest,
          onProgress: options.onPrerender,
        })
  // Route types follow every build (issue: typed routes); `routes` builds into a scratch dir and skips them.
  const types =
    options.types === false
      ? undefined
      : writeRouteTypes({ projectDir: scan.projectDir, routes: scan.routes })
  return { ...result, scanWarnings: [...notes, ...scan.warnings], includeHint: types?.includeHint, prerender }
}
