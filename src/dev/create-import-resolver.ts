/**
 * Resolves the imports of one dev module the way the production bundle's externals plugin decides them
 * (compiler/_externals-plugin.ts): project code is compiled, packages and builtins stay bare imports that
 * Node resolves, `next/*` points at Routekit's own files.
 */
import { isBuiltin } from 'node:module'
import { pathToFileURL } from 'node:url'
import { ResolverFactory } from 'rolldown/experimental'

/** Where an import goes. */
export type ResolvedImport =
  /** A project module: compiled, and imported by its output URL and version. */
  | { kind: 'module'; path: string }
  /** Left as written: a package or builtin Node resolves from the output's folder (inside the project). */
  | { kind: 'bare' }
  /** Imported by this URL: an alias (`next/server`), or a file Node loads as it is (`.cjs`, `.node`). */
  | { kind: 'url'; url: string }
  /** Nothing found: `warn` for a package that is not installed (it stays bare), else a build error. */
  | { kind: 'missing'; warn: boolean }

/** A resolver whose answers are cached until files are added or removed. */
export interface ImportResolver {
  resolve(importer: string, specifier: string): ResolvedImport
  /** Forgets every answer: a file or folder was added, removed or renamed, or a tsconfig changed. */
  clear(): void
}

// The same rules as the externals plugin: not relative, not absolute, not a virtual id.
const BARE = /^(?![./\\\0]|[a-zA-Z]:[\\/])/
const NODE_MODULES = /[\\/]node_modules[\\/]/
const PACKAGE_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/|$)/i
/** Files the dev compiler transpiles; anything else local is imported by its own URL. */
export const SCRIPT_OR_JSON = /\.(?:[cm]?[jt]sx?|json)$/

/** Returns a resolver with the bundle's options: TypeScript extensions, tsconfig `paths`, Node's conditions. */
export function createImportResolver(aliases: Readonly<Record<string, string>>): ImportResolver {
  const resolver = new ResolverFactory({
    tsconfig: 'auto',
    extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'],
    // `import './db.js'` names the compiled file of `db.ts` under TypeScript's nodenext rules.
    extensionAlias: { '.js': ['.ts', '.tsx', '.js'], '.mjs': ['.mts', '.mjs'], '.cjs': ['.cts', '.cjs'] },
    conditionNames: ['node', 'import', 'default'],
    builtinModules: true,
  })
  const cache = new Map<string, ResolvedImport>()
  const answer = (importer: string, specifier: string): ResolvedImport => {
    const alias = aliases[specifier]
    if (alias !== undefined) return { kind: 'url', url: pathToFileURL(alias).href }
    const bare = BARE.test(specifier)
    if (bare && isBuiltin(specifier)) return { kind: 'bare' }
    const found = resolver.resolveFileSync(importer, specifier)
    if (found.builtin !== undefined) return { kind: 'bare' }
    if (found.path === undefined) return { kind: 'missing', warn: bare && PACKAGE_NAME.test(specifier) }
    // A package stays a package: one copy shared by all routes, CommonJS loaded by Node's own interop.
    if (NODE_MODULES.test(found.path))
      return bare ? { kind: 'bare' } : { kind: 'url', url: pathToFileURL(found.path).href }
    if (found.path.endsWith('.cjs') || !SCRIPT_OR_JSON.test(found.path))
      return { kind: 'url', url: pathToFileURL(found.path).href }
    return { kind: 'module', path: found.path }
  }
  return {
    resolve(importer, specifier) {
      const key = `${importer}\0${specifier}`
      let resolved = cache.get(key)
      if (resolved === undefined) cache.set(key, (resolved = answer(importer, specifier)))
      return resolved
    },
    clear() {
      cache.clear()
      resolver.clearCache()
    },
  }
}
