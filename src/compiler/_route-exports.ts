/** What a route module's export names mean for dispatch (R20) and which mistakes Next dev reports (R24, R25). */
import { HTTP_METHODS, type HttpMethod } from './manifest.ts'

/** R20: the upper-case method exports, in HTTP_METHODS order. */
export function toMethods(exports: readonly string[]): HttpMethod[] {
  return HTTP_METHODS.filter((method) => exports.includes(method))
}

/** Every named export, sorted; `default` is not one (R25 ignores it for dispatch). */
export function toNamedExports(exports: readonly string[]): string[] {
  return exports.filter((name) => name !== 'default').toSorted()
}

/**
 * Build warnings for one route: first any `export *` from a package (ours), then the lines `next dev` logs
 * when it loads the module, in its order: one per lower-case method (R24), the default export (R25), then
 * "no methods" when no upper-case method is exported at all.
 */
export function buildExportWarnings(
  file: string,
  exports: readonly string[],
  starExports: readonly string[] = [],
): string[] {
  // Routekit reads method names at build time (Next reads them when the module loads), so a package's names
  // behind `export *` are invisible here; say so before the "no methods" line that would otherwise puzzle.
  const warnings = starExports.map(
    (source) =>
      `'${file}' re-exports everything from '${source}' (export *), whose names are unknown at build time. ` +
      `Export each method by name instead: export { GET, POST } from '${source}'.`,
  )
  for (const method of HTTP_METHODS) {
    const lower = method.toLowerCase()
    if (exports.includes(lower)) {
      warnings.push(
        `Detected lowercase method '${lower}' in '${file}'. Export the uppercase '${method}' method name to fix this error.`,
      )
    }
  }
  if (exports.includes('default')) {
    warnings.push(`Detected default export in '${file}'. Export a named export for each HTTP method instead.`)
  }
  if (toMethods(exports).length === 0) {
    warnings.push(`No HTTP methods exported in '${file}'. Export a named export for each HTTP method.`)
  }
  return warnings
}
