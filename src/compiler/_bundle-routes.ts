/** Runs rolldown over the route files, in memory: one ESM entry per route, shared code in `_chunks/`. */
import { existsSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import {
  rolldown,
  type InputOptions,
  type OutputAsset,
  type OutputChunk,
  type RolldownBuild,
  type RolldownLog,
} from 'rolldown'
import type { RouteFile } from '../scanner/route-file.ts'
import { createExternalsPlugin } from './_externals-plugin.ts'
import { formatLog, toBuildError } from './_format-log.ts'
import { toTransformPlugin, type ModuleTransform } from './module-transform.ts'

/** What `bundleRoutes` needs; `buildApp` fills in every default. */
export interface BundleRoutesOptions {
  projectDir: string
  /** Where the files will be written (`<outDir>/server`): source map `sources` are relative to it. */
  serverDir: string
  routes: readonly RouteFile[]
  aliases: Readonly<Record<string, string>>
  transforms: readonly ModuleTransform[]
  mode: 'production' | 'development'
}

/** The generated files (paths relative to `server/`) and, per route file, its entry's export names. */
export interface BundledRoutes {
  output: ReadonlyArray<OutputChunk | OutputAsset>
  /** `RouteFile.file` → the entry's file name (`app/users/[id]/route.mjs`) and its exports. */
  entries: Map<string, BundledEntry>
  warnings: string[]
}

// The engines floor: syntax newer than Node 20.19 understands (`using`, …) is lowered, the rest kept as written.
const TARGET = 'node20.19'

/** One route's entry chunk: where it was written and what it exports. */
export interface BundledEntry {
  fileName: string
  exports: string[]
  /** Packages the route re-exports with `export * from`: their names are unknown until Node loads them. */
  starExports: string[]
}

// The only form in which rolldown leaves a star re-export in an entry: one from an external module.
const STAR_EXPORT = /^export \* from "([^"]+)";$/gm

/** The entry name mirrors the source path without its extension, so `route.ts` lands at `route.mjs`. */
function toEntryName(file: string): string {
  return file.replace(/\.[^./]+$/, '')
}

/** Bundles every route; throws RK_BUILD_FAILED naming `file:line:col` when rolldown reports errors. */
export async function bundleRoutes(options: BundleRoutesOptions): Promise<BundledRoutes> {
  const { projectDir } = options
  const display = (file: string): string =>
    isAbsolute(file) ? relative(projectDir, file).replaceAll('\\', '/') : file
  const warnings: string[] = []
  // rolldown only warns about a bare import it cannot resolve and leaves it external. The externals plugin already
  // kept real package names external, so what reaches here is a path alias (`@/lib/typo`): a build error.
  const unresolved: RolldownLog[] = []
  const input = Object.fromEntries(options.routes.map((route) => [toEntryName(route.file), route.absPath]))
  const inputOptions: InputOptions = {
    cwd: projectDir,
    input,
    platform: 'node',
    // Entry chunks export exactly what the route module exports: the manifest reads `exports` from them.
    preserveEntrySignatures: 'strict',
    tsconfig: findTsconfig(projectDir),
    transform: {
      target: TARGET,
      // Next's tsconfig often says `"jsx": "preserve"` (its own compiler does the JSX); Node cannot run JSX.
      jsx: { runtime: 'automatic' },
      // Next inlines NODE_ENV into server bundles too, which lets dev-only branches drop out.
      define: { 'process.env.NODE_ENV': JSON.stringify(options.mode) },
    },
    plugins: [
      createExternalsPlugin({ aliases: options.aliases, warn: (m) => warnings.push(m), relative: display }),
      ...options.transforms.map(toTransformPlugin),
    ],
    onLog(level, log) {
      // The JSX override above is deliberate; repeating that on every build would be noise.
      if (log.code === 'CONFIGURATION_FIELD_CONFLICT' && log.message.includes('jsx')) return
      if (log.code === 'UNRESOLVED_IMPORT') unresolved.push(log)
      else if (level === 'warn') warnings.push(formatLog(log, display))
    },
  }
  let bundle: RolldownBuild | undefined
  let output: BundledRoutes['output']
  try {
    bundle = await rolldown(inputOptions)
    const generated = await bundle.generate({
      dir: options.serverDir,
      format: 'esm',
      sourcemap: true,
      entryFileNames: '[name].mjs',
      // Chunk paths end up in import specifiers; keep them to characters that need no URL escaping.
      chunkFileNames: (chunk) => `_chunks/${chunk.name.replace(/[^\w-]/g, '_')}-[hash].mjs`,
      // The default sanitiser turns `[id]` into `_id_`; entry paths must mirror the source folders exactly.
      sanitizeFileName: (name) => name.replace(/[\0?*]/g, '_'),
    })
    output = generated.output
  } catch (error) {
    throw toBuildError(error, unresolved, projectDir, display)
  } finally {
    await bundle?.close()
  }
  if (unresolved.length > 0) throw toBuildError(undefined, unresolved, projectDir, display)
  return { output, entries: collectEntries(output, options.routes), warnings }
}

/** Finds each route's entry chunk by its name (the source path without extension). */
function collectEntries(
  output: BundledRoutes['output'],
  routes: readonly RouteFile[],
): Map<string, BundledEntry> {
  const byName = new Map(routes.map((route) => [toEntryName(route.file), route.file]))
  const entries = new Map<string, BundledEntry>()
  for (const item of output) {
    if (item.type !== 'chunk' || !item.isEntry) continue
    const file = byName.get(item.name)
    if (file === undefined) continue
    const starExports = [...item.code.matchAll(STAR_EXPORT)].map((match) => match[1]!)
    entries.set(file, { fileName: item.fileName, exports: item.exports, starExports })
  }
  return entries
}

// rolldown discovers tsconfig.json itself; a JS project's `paths` live in jsconfig.json, which it does not look for.
function findTsconfig(projectDir: string): boolean | string {
  if (existsSync(join(projectDir, 'tsconfig.json'))) return true
  const jsconfig = join(projectDir, 'jsconfig.json')
  return existsSync(jsconfig) ? jsconfig : true
}
