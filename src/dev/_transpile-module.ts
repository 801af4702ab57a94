/**
 * One source module → one ES module for `routekit dev`, on its own: the project's transforms (`"use cache"`),
 * then TypeScript/JSX stripped by oxc (the transformer rolldown runs inside its bundler), then the imports and
 * exports of the result read by es-module-lexer. No other module is read: that is what makes a save cheap.
 */
import type { RolldownLog } from 'rolldown'
import { init, parse } from 'es-module-lexer'
import { transformSync, type TsconfigCache } from 'rolldown/experimental'

type Tsconfigs = InstanceType<typeof TsconfigCache>
import type { ModuleTransform } from '../compiler/module-transform.ts'

/** One import specifier of the output, with the span of its string literal (quotes included). */
export interface ModuleImport {
  specifier: string
  start: number
  end: number
  /** Where ` with { type: 'json' }` ends, when the import has attributes: dropped for a JSON module made JS. */
  attributesEnd?: number
}

/** A module transpiled on its own. */
export interface TranspiledModule {
  code: string
  /** Output → original source (a source map object), chained through the project's transforms. */
  map: object | undefined
  imports: ModuleImport[]
  /** Names it exports itself (`default` included). */
  exports: string[]
  /** Specifiers of its `export * from '…'`: their names are the target's. */
  starFrom: string[]
  /** A file without import/export syntax that uses `require` or `module.exports`: Node loads it as it is. */
  commonJs: boolean
}

/** What every module is transpiled with. */
export interface TranspileOptions {
  transforms: readonly ModuleTransform[]
  mode: 'production' | 'development'
  tsconfigCache: Tsconfigs
}

// The engines floor, as the production bundle (compiler/_bundle-routes.ts) uses it.
const TARGET = 'node20.19'
const LANG = /\.([cm]?)(tsx?|jsx?)$/
const CJS_HINT = /\b(?:require\s*\(|module\.exports|exports\.\w+\s*=)/
// `export * from '…'`, not `export * as name from '…'` (a named export, listed with the others).
const STAR_EXPORT = /^export\s*\*\s*from\b/

/** Transpiles `source` of the file at absolute path `id`; a failure comes back as rolldown-shaped logs. */
export async function transpileModule(
  id: string,
  source: string,
  options: TranspileOptions,
): Promise<TranspiledModule | { errors: RolldownLog[] }> {
  if (id.endsWith('.json')) return fromJson(id, source)
  let code = source
  let inputMap: object | undefined
  for (const transform of options.transforms) {
    if (transform.filter !== undefined && !transform.filter(id, code)) continue
    try {
      const result = await transform.transform(code, id)
      if (result === null || result === undefined) continue
      code = result.code
      // Only the first transform's map is chained: the one project transform today ("use cache") returns one.
      if (inputMap === undefined && typeof result.map === 'object' && result.map !== null)
        inputMap = result.map
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return { errors: [{ message, id, plugin: `routekit:${transform.name}`, code: 'PLUGIN_ERROR' }] }
    }
  }
  const ext = LANG.exec(id)
  const lang = ext === null ? 'js' : (ext[2] as 'ts' | 'tsx' | 'js' | 'jsx')
  const out = transformSync(
    id,
    code,
    {
      lang,
      sourceType: 'module',
      sourcemap: true,
      target: TARGET,
      tsconfig: true,
      // As the bundle: Node cannot run JSX whatever tsconfig says, and NODE_ENV is inlined as Next does.
      jsx: { runtime: 'automatic' },
      define: { 'process.env.NODE_ENV': JSON.stringify(options.mode) },
      ...(inputMap === undefined ? {} : { inputMap: inputMap as never }),
    },
    options.tsconfigCache,
  )
  if (out.errors.length > 0) return { errors: out.errors as unknown as RolldownLog[] }
  await init
  // es-module-lexer, not oxc's parser: it reads only the import/export statements, in ~0.02 ms, and allocates
  // nothing outside the JS heap (oxc's parseSync measured ~17 KB of RSS per call that never came back).
  let lexed: ReturnType<typeof parse>
  try {
    lexed = parse(out.code, id)
  } catch (error) {
    return { errors: [{ message: (error as Error).message, id, code: 'PARSE_ERROR' }] }
  }
  const [found, names, , hasModuleSyntax] = lexed
  const imports: ModuleImport[] = []
  const starFrom: string[] = []
  for (const entry of found) {
    // `import(name)`, `import.meta`: nothing to resolve ahead of time.
    if (entry.n === undefined || entry.d === -2) continue
    // A static import's span excludes the quotes; a dynamic one's is the whole argument (quotes included).
    const start = entry.d === -1 ? entry.s - 1 : entry.s
    const end = entry.d === -1 ? entry.e + 1 : entry.e
    if (!/^(["'])[^"'\\]*\1$/.test(out.code.slice(start, end))) continue
    const attributesEnd = entry.a === -1 ? undefined : closingBrace(out.code, entry.a)
    imports.push({
      specifier: entry.n,
      start,
      end,
      ...(attributesEnd === undefined ? {} : { attributesEnd }),
    })
    if (STAR_EXPORT.test(out.code.slice(entry.ss, entry.se))) starFrom.push(entry.n)
  }
  return {
    code: out.code,
    map: out.map as object | undefined,
    imports,
    exports: names.map((name) => name.n),
    starFrom,
    commonJs: !hasModuleSyntax && CJS_HINT.test(out.code),
  }
}

/** A JSON module as the bundle inlines it: its value as the default export. */
function fromJson(id: string, source: string): TranspiledModule | { errors: RolldownLog[] } {
  try {
    JSON.parse(source)
  } catch (error) {
    return { errors: [{ message: `Invalid JSON: ${(error as Error).message}`, id, code: 'PARSE_ERROR' }] }
  }
  return {
    code: `export default ${source.trim()};\n`,
    map: undefined,
    imports: [],
    exports: ['default'],
    starFrom: [],
    commonJs: false,
  }
}

/** The index after the `}` that closes the `{` at `open` (import attributes hold no nested braces in strings that matter). */
function closingBrace(code: string, open: number): number | undefined {
  let depth = 0
  for (let i = open; i < code.length; i++) {
    if (code[i] === '{') depth++
    else if (code[i] === '}' && --depth === 0) return i + 1
  }
  return undefined
}
