/** `routekit typegen [dir]`: write the route type declarations into `<dir>/.routekit/types/` (R90–R92). */
import { relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import pc from 'picocolors'
import { scanAppDir } from '../scanner/scan-app-dir.ts'
import { writeRouteTypes } from '../typegen/write-route-types.ts'
import type { Command } from './commands.ts'
import { formatDuration, formatWarnings } from './_format.ts'

export const typegenCommand: Command = {
  summary: 'generate route types: RouteContext<Route>, params per route, handler checks',
  help: `Usage: routekit typegen [dir]

Scans <dir>/app (or <dir>/src/app) and writes declarations into <dir>/.routekit/types/:
  routes.d.ts    AppRouteHandlerRoutes, ParamMap and the global RouteContext<Route>
  validator.ts   checks every route.ts export against Next's handler signature
  next*.d.ts     next/server, next/headers, next/navigation, next/cache resolved to Routekit
Files whose content did not change are not rewritten. Add ".routekit/types/**/*.ts" to
"include" in tsconfig.json; this command prints that line while it is missing.
build and dev run the same generation.

Arguments:
  dir            project directory (default: the current directory)

Options:
  -h, --help     show this help`,
  async run(argv) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} })
    const projectDir = resolve(positionals[0] ?? '.')
    console.log(`${pc.bold('routekit typegen')} ${pc.dim(projectDir)}`)
    const scan = scanAppDir(projectDir)
    if (scan.warnings.length > 0) console.log(formatWarnings(scan.warnings))
    const result = writeRouteTypes({ projectDir: scan.projectDir, routes: scan.routes })
    const count = scan.routes.length
    const written = result.changed.length === 0 ? 'up to date' : `${result.changed.length} written`
    const outDir = `${relative(projectDir, result.outDir).replaceAll('\\', '/')}/`
    console.log(
      `${pc.green('✓')} Types generated for ${count} route${count === 1 ? '' : 's'} in ${formatDuration(result.durationMs)} → ${pc.dim(outDir)} (${written})`,
    )
    if (result.includeHint !== undefined) console.log(formatWarnings([result.includeHint]))
    return 0
  },
}
