/**
 * `routekit dev`'s compiler: every project module becomes its own output file (unbundled), transpiled on its
 * own and only when it changed. Imports of project modules are rewritten to `file:///…/db.mjs?v=<version>`
 * (_version-modules.ts), so a save changes the text of the saved module and of its importers only, and the
 * server process imports just those again. It stands in for the rolldown bundle (`bundle` option of
 * buildApp), whose cost grows with the app: measured in docs/dev.md.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename, isAbsolute, join, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { OutputAsset, OutputChunk, RolldownLog } from 'rolldown'
import { TsconfigCache } from 'rolldown/experimental'
import type { BundledEntry, BundledRoutes, BundleRoutesOptions } from '../compiler/_bundle-routes.ts'
import { toBuildError } from '../compiler/_format-log.ts'
import { createImportResolver, type ImportResolver, type ResolvedImport } from './create-import-resolver.ts'
import { collectExports } from './_collect-exports.ts'
import { emitDevModule } from './_emit-dev-module.ts'
import { transpileModule, type TranspiledModule } from './_transpile-module.ts'
import { versionModules, type VersionNode } from './_version-modules.ts'

/** A project module as last read: its transpiled form (or errors) and where its imports go. */
export interface SourceModule {
  source: string
  result: TranspiledModule | { errors: RolldownLog[] }
  /** Parallel to `result.imports`; dropped when the resolver forgets its answers. */
  resolved: ResolvedImport[] | undefined
  hash: string
}

/** One output file pair as last emitted, reused while the module's version stays the same. */
interface Emitted {
  version: string
  chunk: OutputChunk
  map: OutputAsset | undefined
}

/** The compiler of one dev session. */
export interface DevCompiler {
  /** Compiles the entries and every project module they reach; the same contract as the rolldown bundle. */
  bundle(options: BundleRoutesOptions): Promise<BundledRoutes>
  /** Forgets the named files (saved, added, removed); `all`: everything (config or tsconfig changed). */
  invalidate(paths: readonly string[], options: { moved: boolean; all: boolean }): void
}

/** Returns a compiler that keeps each module's output between builds. */
export function createDevCompiler(): DevCompiler {
  const modules = new Map<string, SourceModule>()
  const emitted = new Map<string, Emitted>()
  const names = new Map<string, string>()
  const taken = new Set<string>()
  let resolver: ImportResolver | undefined
  let tsconfigCache = new TsconfigCache()

  /** The output file of a module: its project path with `.mjs` (`lib/db.ts` → `lib/db.mjs`), stable for the session. */
  const nameOf = (projectDir: string, path: string): string => {
    let name = names.get(path)
    if (name !== undefined) return name
    let rel = relative(projectDir, path).replaceAll('\\', '/')
    // A module outside the project (a tsconfig path to ../shared): kept below server/ all the same.
    if (rel.startsWith('../') || isAbsolute(rel))
      rel = `_external/${rel.replace(/^[a-zA-Z]:/, '').replaceAll('../', '__/')}`
    name = `${rel.replace(/\.[^./]+$/, '')}.mjs`
    // `db.ts` and `db.js` side by side: the second keeps its extension in the name.
    if (taken.has(name)) name = `${rel}.mjs`
    taken.add(name)
    names.set(path, name)
    return name
  }

  return {
    async bundle(options) {
      const { projectDir, serverDir, transforms, mode } = options
      resolver ??= createImportResolver(options.aliases)
      const display = (file: string): string =>
        isAbsolute(file) ? relative(projectDir, file).replaceAll('\\', '/') : file
      const errors: RolldownLog[] = []
      const warnings: string[] = []
      const warned = new Set<string>()
      const reached = new Map<string, SourceModule>()

      const load = async (path: string): Promise<SourceModule> => {
        const cached = modules.get(path)
        if (cached !== undefined) return cached
        let source: string
        try {
          source = readFileSync(path, 'utf8')
        } catch (error) {
          const message = `Could not read ${display(path)}: ${(error as Error).message}`
          return { source: '', result: { errors: [{ message, id: path }] }, resolved: undefined, hash: '' }
        }
        const result = await transpileModule(path, source, { transforms, mode, tsconfigCache })
        const module: SourceModule = { source, result, resolved: undefined, hash: '' }
        modules.set(path, module)
        return module
      }

      // Depth-first from every entry: a module's imports are read before its importers are emitted.
      const visit = async (path: string): Promise<void> => {
        if (reached.has(path)) return
        const module = await load(path)
        reached.set(path, module)
        const { result } = module
        if ('errors' in result) {
          errors.push(...result.errors)
          return
        }
        if (result.commonJs) return
        if (module.resolved === undefined) {
          module.resolved = result.imports.map((i) => resolver!.resolve(path, i.specifier))
          module.hash = hashModule(result, module.resolved)
        }
        for (const [n, target] of module.resolved.entries()) {
          const { specifier } = result.imports[n]!
          if (target.kind === 'module') await visit(target.path)
          else if (target.kind === 'missing' && target.warn) {
            if (warned.has(specifier)) continue
            warned.add(specifier)
            warnings.push(
              `Could not resolve the package '${specifier}' (imported by ${display(path)}); it stays an import ` +
                'that Node resolves when the route loads. Install it, or fix the import.',
            )
          } else if (target.kind === 'missing') errors.push(unresolved(path, module.source, specifier))
        }
      }
      for (const route of options.routes) await visit(route.absPath)
      if (errors.length > 0) throw toBuildError(undefined, errors, projectDir, display)

      // A CommonJS file is no node of the graph: Node loads it from its own path.
      const isCommonJs = (path: string): boolean => (reached.get(path)!.result as TranspiledModule).commonJs
      const modulePaths = (targets: readonly ResolvedImport[] = []): string[] =>
        targets.flatMap((t) => (t.kind === 'module' && !isCommonJs(t.path) ? [t.path] : []))
      const nodes = new Map<string, VersionNode>()
      for (const [path, module] of reached)
        nodes.set(path, { hash: module.hash, deps: modulePaths(module.resolved) })
      const versions = versionModules(nodes)
      const urlOf = (path: string): string =>
        `${pathToFileURL(join(serverDir, nameOf(projectDir, path))).href}?v=${versions.get(path)}`

      const output: Array<OutputChunk | OutputAsset> = []
      for (const [path, module] of reached) {
        const result = module.result as TranspiledModule
        if (result.commonJs) continue
        const version = versions.get(path)!
        let item = emitted.get(path)
        if (item?.version !== version) {
          const fileName = nameOf(projectDir, path)
          const targets = module.resolved!
          // A project module by its versioned output URL (a CommonJS one by its own path), an alias by its URL.
          const specifiers = targets.map((target) =>
            target.kind === 'module'
              ? isCommonJs(target.path)
                ? pathToFileURL(target.path).href
                : urlOf(target.path)
              : target.kind === 'url'
                ? target.url
                : undefined,
          )
          const imports = modulePaths(targets).map((target) => nameOf(projectDir, target))
          item = {
            version,
            ...emitDevModule({ path, fileName, serverDir, result, targets, specifiers, imports }),
          }
          emitted.set(path, item)
        }
        output.push(item.chunk)
        if (item.map !== undefined) output.push(item.map)
      }
      // A module no entry imports any more is forgotten, so a long session does not keep every file it ever saw.
      for (const path of emitted.keys()) if (!reached.has(path)) emitted.delete(path)
      for (const path of modules.keys()) if (!reached.has(path)) modules.delete(path)

      const entries = new Map<string, BundledEntry>()
      for (const route of options.routes) {
        const starExports: string[] = []
        const exports = collectExports(route.absPath, reached, starExports, new Set())
        entries.set(route.file, { fileName: nameOf(projectDir, route.absPath), exports, starExports })
      }
      return { output, entries, warnings }
    },

    invalidate(paths, { moved, all }) {
      if (all) {
        modules.clear()
        emitted.clear()
        // tsconfig options (jsx, decorators, paths) are read again.
        tsconfigCache = new TsconfigCache()
        resolver?.clear()
        return
      }
      for (const path of paths) {
        modules.delete(path)
        if (!moved) continue
        // A folder was renamed or removed: every module below it is gone or elsewhere now.
        for (const known of modules.keys()) if (known.startsWith(`${path}${sep}`)) modules.delete(known)
      }
      if (!moved) return
      // Adding or removing a file can change what any import resolves to (`./db` → `./db/index.ts`).
      resolver?.clear()
      for (const module of modules.values()) module.resolved = undefined
    },
  }
}

/** The module's own part of its version: its code and where each import goes. */
function hashModule(result: TranspiledModule, resolved: readonly ResolvedImport[]): string {
  const hash = createHash('sha1').update(result.code)
  for (const target of resolved)
    hash.update(
      `\0${target.kind === 'module' ? target.path : target.kind === 'url' ? target.url : target.kind}`,
    )
  return hash.digest('base64url').slice(0, 16)
}

/** rolldown's UNRESOLVED_IMPORT, with the line of the import in the source. */
function unresolved(importer: string, source: string, specifier: string): RolldownLog {
  let at = -1
  for (const quote of ["'", '"', '`']) if (at === -1) at = source.indexOf(`${quote}${specifier}${quote}`)
  const before = at === -1 ? '' : source.slice(0, at)
  const line = before.split('\n').length
  const column = at === -1 ? 0 : at - before.lastIndexOf('\n') - 1
  const text = source.split('\n')[line - 1] ?? ''
  return {
    code: 'UNRESOLVED_IMPORT',
    message: `Could not resolve '${specifier}' in ${basename(importer)}`,
    id: importer,
    ...(at === -1 ? {} : { loc: { file: importer, line, column }, frame: `${line}: ${text}` }),
  }
}
