/** Writes out one transpiled dev module: its imports pointed at their targets, and its source map beside it. */
import { basename, dirname, isAbsolute, join, relative } from 'node:path'
import type { OutputAsset, OutputChunk } from 'rolldown'
import type { ResolvedImport } from './create-import-resolver.ts'
import type { TranspiledModule } from './_transpile-module.ts'

/** What one module's output needs. */
export interface EmitDevModuleOptions {
  /** The source file. */
  path: string
  /** Its output, relative to `serverDir`. */
  fileName: string
  serverDir: string
  result: TranspiledModule
  /** Parallel to `result.imports`: where each import goes. */
  targets: readonly ResolvedImport[]
  /** Parallel to `result.imports`: the specifier to write, or undefined to keep the one written. */
  specifiers: ReadonlyArray<string | undefined>
  /** Output files of the project modules it imports (the route graph of find-broken-routes.ts). */
  imports: string[]
}

/** The module as an output chunk (rolldown's shape, the fields the build reads) and its map as an asset. */
export function emitDevModule(options: EmitDevModuleOptions): {
  chunk: OutputChunk
  map: OutputAsset | undefined
} {
  const { result, targets, specifiers, fileName } = options
  let code = result.code
  // From the last import back, so earlier spans stay valid. Only import lines move, and only sideways.
  for (let n = result.imports.length - 1; n >= 0; n--) {
    const { start, end, attributesEnd } = result.imports[n]!
    const target = targets[n]!
    // `with { type: 'json' }` would make Node refuse the JavaScript module a JSON file became.
    if (attributesEnd !== undefined && target.kind === 'module' && target.path.endsWith('.json'))
      code = `${code.slice(0, end)}${code.slice(attributesEnd)}`
    const specifier = specifiers[n]
    if (specifier !== undefined)
      code = `${code.slice(0, start)}${JSON.stringify(specifier)}${code.slice(end)}`
  }
  const map = toMapAsset(result.map, fileName, options.serverDir)
  if (map !== undefined) code += `\n//# sourceMappingURL=${basename(fileName)}.map\n`
  const chunk = {
    type: 'chunk',
    fileName,
    name: fileName.replace(/\.mjs$/, ''),
    code,
    isEntry: true,
    exports: result.exports,
    moduleIds: [options.path],
    // Static and literal dynamic imports alike: the request-scope walk (compiler/_request-scope.ts) reads both.
    imports: options.imports,
    dynamicImports: [],
  }
  return { chunk: chunk as unknown as OutputChunk, map }
}

/** The source map next to the output, `sources` relative to it, without the sources' text (Node never reads it). */
function toMapAsset(map: object | undefined, fileName: string, serverDir: string): OutputAsset | undefined {
  if (map === undefined) return undefined
  const { sources, sourcesContent: _, ...rest } = map as { sources: string[]; sourcesContent?: unknown }
  const dir = dirname(join(serverDir, fileName))
  const relativeSources = sources.map((source) =>
    isAbsolute(source) ? relative(dir, source).replaceAll('\\', '/') : source,
  )
  const source = JSON.stringify({ ...rest, sources: relativeSources })
  return { type: 'asset', fileName: `${fileName}.map`, source } as unknown as OutputAsset
}
