/** `routekit routes [dir] [--json]`: print the route table. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Command } from './commands.ts'
import { buildProject } from './_project.ts'
import { formatRouteTable, formatWarnings } from './_format.ts'

export const routesCommand: Command = {
  summary: 'print the route table (URL pattern, methods, file)',
  help: `Usage: routekit routes [dir] [--json]

Compiles the project into a scratch folder (your .routekit/ is left alone) and prints every
route: its URL pattern, the methods it exports and its file.

Arguments:
  dir            project directory (default: the current directory)

Options:
  --json         print JSON: [{ "pattern", "file", "methods", "params" }]
  -h, --help     show this help`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' } },
    })
    const projectDir = resolve(positionals[0] ?? '.')
    const outDir = mkdtempSync(join(tmpdir(), 'routekit-routes-'))
    try {
      const result = await buildProject({ projectDir, outDir, types: false })
      const routes = result.manifest.routes
      if (values.json) {
        const rows = routes.map((r) => ({
          pattern: r.pattern,
          file: r.file,
          methods: r.methods,
          params: r.segments.filter((s) => s.kind !== 'static').map((s) => ('name' in s ? s.name : '')),
        }))
        console.log(JSON.stringify(rows, null, 2))
      } else {
        const warnings = [...result.scanWarnings, ...result.warnings]
        if (warnings.length > 0) console.error(formatWarnings(warnings))
        console.log(formatRouteTable(routes))
      }
      return 0
    } finally {
      rmSync(outDir, { recursive: true, force: true })
    }
  },
}
