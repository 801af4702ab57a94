/** `routekit build [dir]`: compile the route handlers into `<dir>/.routekit/`. */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import pc from 'picocolors'
import type { Command } from './commands.ts'
import { buildProject } from './_project.ts'
import { createProgressLine, formatDuration, formatRouteTable, formatWarnings } from './_format.ts'

export const buildCommand: Command = {
  summary: 'compile app/**/route.ts into .routekit/ for `routekit start`',
  help: `Usage: routekit build [dir]

Scans <dir>/app (or <dir>/src/app), reports every routing conflict, and compiles the route
handlers and their local imports into <dir>/.routekit/ with a route manifest. GET handlers that
can be static are then run once, in a child process, and their responses saved: the table marks
them ○ (static) or ● (generateStaticParams); ƒ routes run on every request.

Arguments:
  dir            project directory (default: the current directory)

Options:
  -h, --help     show this help`,
  async run(argv) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} })
    const projectDir = resolve(positionals[0] ?? '.')
    console.log(`${pc.bold('routekit build')} ${pc.dim(projectDir)}`)
    const started = performance.now()
    const progress = createProgressLine()
    const result = await buildProject({
      projectDir,
      onPrerender: (done, total, pattern) =>
        progress.update(`Prerendering GET handlers (${done}/${total}) ${pattern}`.trimEnd()),
    }).finally(() => progress.clear())
    const warnings = [...result.scanWarnings, ...result.warnings]
    if (warnings.length > 0) console.log(formatWarnings(warnings))
    console.log(formatRouteTable(result.manifest.routes, result.manifest.proxy, result.prerender?.renderings))
    if (result.includeHint !== undefined) console.log(pc.dim(result.includeHint))
    const count = result.manifest.routes.length
    const renderings = Object.values(result.prerender?.renderings ?? {})
    const prerendered = renderings.filter((r) => r.rendering !== 'dynamic').length
    const note = prerendered === 0 ? '' : ` (${prerendered} prerendered)`
    console.log(
      `${pc.green('✓')} ${count} route${count === 1 ? '' : 's'} compiled${note} in ${formatDuration(performance.now() - started)} → ${pc.dim('.routekit/')}`,
    )
    return 0
  },
}
