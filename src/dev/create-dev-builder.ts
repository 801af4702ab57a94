/** Builds a project over and over for `routekit dev`: rescans and reloads next.config only when needed. */
import { relative } from 'node:path'
import type { OutputAsset, OutputChunk } from 'rolldown'
import { buildProject } from '../cli/_project.ts'
import type { Manifest } from '../compiler/manifest.ts'
import { loadNextConfig, type LoadedConfig } from '../config/load-next-config.ts'
import { resolveServerLimits } from '../config/resolve-server-limits.ts'
import { scanAppDir } from '../scanner/scan-app-dir.ts'
import type { RouteFile, ScanResult } from '../scanner/route-file.ts'
import { writeRouteTypes } from '../typegen/write-route-types.ts'
import { createDevCompiler } from './create-dev-compiler.ts'
import { buildRouteGraph, findBrokenRoutes, findNamedFiles } from './find-broken-routes.ts'
import type { RoutePattern, HostBuild } from './host-messages.ts'
import { deleteStaleOutput, writeChangedOutput, type OutputVersions } from './write-changed-output.ts'

/** One file system event, as the watcher reports it: `rename` is an add, a delete or a move. */
export interface FileChange {
  path: string
  kind: 'change' | 'rename'
}

/** A build that succeeded, perhaps without the routes an error broke (`failure`). */
export interface DevBuildDone {
  ok: true
  build: HostBuild
  manifest: Manifest
  /** Every route file, including those left out. */
  routes: readonly RouteFile[]
  written: string[]
  stale: string[]
  warnings: string[]
  /** The route table differs from the previous build's (route types were regenerated). */
  routesChanged: boolean
  configChanged: boolean
  includeHint: string | undefined
  failure: { error: unknown; routes: RoutePattern[] } | undefined
  timings: BuildTimings
}

/** Where a build's time went, in ms (`ROUTEKIT_DEV_TIMINGS=1` prints it). */
export interface BuildTimings {
  /** Everything but waiting and writing: config, scan, modules, manifest. */
  build: number
  /** Transpiling and linking the modules (part of `build`). */
  modules: number
  /** Waiting for server processes to finish loading the previous build before overwriting it. */
  wait: number
  write: number
}

/** A build that failed, and the routes the error is pinned to (`null`: all of them). */
export interface DevBuildFailed {
  ok: false
  error: unknown
  routes: RoutePattern[] | null
}

/** Files at the project root whose change means a clean restart: they shape the whole server. */
export const CONFIG_FILE = /^(next|routekit)\.config\.(js|mjs|cjs|ts|mts)$/
/** Files that change how every module compiles or resolves (jsx, paths, `type`, `imports`). */
const COMPILE_SETTINGS = /(^|[\\/])(tsconfig[^\\/]*\.json|jsconfig\.json|package\.json)$/

/** What the builder needs. */
export interface DevBuilderOptions {
  projectDir: string
  outDir: string
  /** Awaited before files are overwritten: a server process may still be importing the previous build. */
  beforeWrite: () => Promise<void>
}

/** A builder that remembers the last good build. */
export interface DevBuilder {
  /** Builds after `changes` (`undefined`: the first build). Never throws: failures come back as values. */
  build(changes?: readonly FileChange[]): Promise<DevBuildDone | DevBuildFailed>
  /** Deletes files of earlier builds once every server process has loaded a newer one. */
  deleteStale(stale: readonly string[]): Promise<void>
}

/** Returns a builder for one project. */
export function createDevBuilder(options: DevBuilderOptions): DevBuilder {
  const { projectDir, outDir } = options
  let config: LoadedConfig | undefined
  let scan: ScanResult | undefined
  let versions: OutputVersions = new Map()
  // Route file → the source files its entry contains; routes left out of a build keep theirs.
  const graph = new Map<string, readonly string[]>()
  let routeKey = ''
  // The routes of the last scan that succeeded: a scan error (a conflict) is pinned to routes through them.
  let lastScanned: readonly RouteFile[] = []
  // Cleared only by a build of every route: until then a new broken import may be found through it.
  const changedSinceGood = new Set<string>()
  // Keeps each module's output between builds: a save transpiles the saved file only.
  const compiler = createDevCompiler()

  /** Bundles `routes` of `found` and writes what changed. */
  const compile = async (found: ScanResult, routes: readonly RouteFile[]) => {
    let written: Awaited<ReturnType<typeof writeChangedOutput>> | undefined
    let output: ReadonlyArray<OutputChunk | OutputAsset> = []
    const started = performance.now()
    const timings: BuildTimings = { build: 0, modules: 0, wait: 0, write: 0 }
    const result = await buildProject({
      projectDir,
      outDir,
      mode: 'development',
      types: false,
      config,
      scan: { ...found, routes: [...routes] },
      async bundle(bundleOptions) {
        const at = performance.now()
        try {
          return await compiler.bundle(bundleOptions)
        } finally {
          timings.modules += performance.now() - at
        }
      },
      async writeOutput(dir, bundle, manifest) {
        const waited = performance.now()
        await options.beforeWrite()
        const at = performance.now()
        timings.wait = at - waited
        written = await writeChangedOutput(dir, bundle, manifest, versions)
        timings.write = performance.now() - at
        output = bundle
      },
    })
    timings.build = performance.now() - started - timings.wait - timings.write
    versions = written!.versions
    const entries = new Map(result.manifest.routes.map((r) => [r.file, r.module.replace(/^server\//, '')]))
    for (const [file, modules] of buildRouteGraph(output, entries)) graph.set(file, modules)
    // Checked here, inside the build's error handling: a routekit.config whose limits contradict fails the build.
    const routekit = result.manifest.config.routekit ?? { file: null, limits: {} }
    const limits = resolveServerLimits(routekit.limits, {}, routekit.file)
    return { result, written: written!, timings, limits }
  }

  return {
    async build(changes = []) {
      for (const change of changes) changedSinceGood.add(change.path)
      const configChanged = changes.some((c) => CONFIG_FILE.test(relative(projectDir, c.path)))
      compiler.invalidate(
        changes.map((c) => c.path),
        {
          moved: changes.some((c) => c.kind === 'rename'),
          // The "use cache" transform reads next.config; tsconfig and package.json shape every module.
          all: configChanged || changes.some((c) => COMPILE_SETTINGS.test(c.path)),
        },
      )
      // A content edit cannot add or remove a route; only adds, deletes and moves (`rename`) can.
      const rescan = scan === undefined || configChanged || changes.some((c) => c.kind === 'rename')
      let failure: DevBuildDone['failure']
      let built: Awaited<ReturnType<typeof compile>>
      try {
        if (config === undefined || configChanged) {
          // Evaluated again only when it changed: every evaluation leaves a module in memory.
          config = undefined
          config = await loadNextConfig(projectDir, 'phase-development-server')
        }
        if (rescan) {
          // Kept even when the bundle then fails: the next content edit must not fall back to an older scan.
          scan = undefined
          scan = scanAppDir(projectDir)
          lastScanned = scan.routes
        }
        try {
          built = await compile(scan!, scan!.routes)
          changedSinceGood.clear()
        } catch (error) {
          // One broken route must not freeze the others: build again without the routes the error is about.
          const message = error instanceof Error ? error.message : String(error)
          const routes = scan!.routes
          const broken = findBrokenRoutes({ projectDir, message, routes, graph, changed: changedSinceGood })
          if (broken === null || broken.length === routes.length) throw error
          // A left-out route gets no new graph: add the files the error names (a new, broken import).
          const named = findNamedFiles(projectDir, message)
          for (const route of broken) graph.set(route.file, [...(graph.get(route.file) ?? []), ...named])
          const left = new Set(broken.map((route) => route.file))
          built = await compile(
            scan!,
            routes.filter((route) => !left.has(route.file)),
          ).catch(() => {
            throw error
          })
          failure = { error, routes: broken.map(({ pattern, segments }) => ({ pattern, segments })) }
        }
      } catch (error) {
        // This build's scan when it got that far (a new route may be the broken one), else the last one.
        const routes = scan?.routes ?? lastScanned
        const message = error instanceof Error ? error.message : String(error)
        const broken = findBrokenRoutes({ projectDir, message, routes, graph, changed: changedSinceGood })
        return {
          ok: false,
          error,
          routes: broken?.map(({ pattern, segments }) => ({ pattern, segments })) ?? null,
        }
      }
      const { result, written, timings, limits } = built
      const routes = scan!.routes
      const key = routes.map((r) => `${r.pattern} ${r.file}`).join('\n')
      const routesChanged = key !== routeKey
      routeKey = key
      // Route types follow the route table (issue: typed routes), not every edit.
      const types = routesChanged ? writeRouteTypes({ projectDir, routes }) : undefined
      return {
        ok: true,
        build: {
          projectDir,
          outDir,
          routes: result.manifest.routes.map(({ pattern, segments }) => ({ pattern, segments })),
          versions: toModuleHashes(versions),
          limits,
        },
        manifest: result.manifest,
        routes,
        written: written.written,
        stale: written.stale,
        warnings: [...result.scanWarnings, ...result.warnings],
        routesChanged,
        configChanged,
        includeHint: types?.includeHint,
        failure,
        timings,
      }
    },
    deleteStale: (stale) => deleteStaleOutput(outDir, stale),
  }
}

/** Content hashes of the modules (not source maps): the server process imports entries (routes, proxy) by them. */
function toModuleHashes(versions: OutputVersions): Record<string, string> {
  const hashes: Record<string, string> = {}
  for (const [fileName, file] of versions) if (fileName.endsWith('.mjs')) hashes[fileName] = file.hash
  return hashes
}
