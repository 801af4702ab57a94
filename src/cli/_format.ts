/** Terminal output shared by the commands: the route table, durations, warnings. */
import pc from 'picocolors'
import type { ManifestRoute } from '../compiler/manifest.ts'

/** `1.2 s` / `340 ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`
}

const methodsText = (r: ManifestRoute): string => (r.methods.length === 0 ? 'none' : r.methods.join(' '))

/** The route table: URL pattern, methods, source file. */
export function formatRouteTable(routes: readonly ManifestRoute[]): string {
  if (routes.length === 0) return pc.dim('  (no routes)')
  const width = Math.max(5, ...routes.map((r) => r.pattern.length))
  const mWidth = Math.max(7, ...routes.map((r) => methodsText(r).length))
  const header = pc.dim(`  ${'Route'.padEnd(width)}  ${'Methods'.padEnd(mWidth)}  File`)
  const lines = routes.map((r) => {
    const methods = methodsText(r).padEnd(mWidth)
    const coloured = r.methods.length === 0 ? pc.red(methods) : pc.cyan(methods)
    return `  ${pc.bold(r.pattern.padEnd(width))}  ${coloured}  ${pc.dim(r.file)}`
  })
  return [header, ...lines].join('\n')
}

/** Prints build warnings, one per line. */
export function formatWarnings(warnings: readonly string[]): string {
  return warnings.map((w) => `${pc.yellow('⚠')} ${w}`).join('\n')
}
