/** `routekit routes [dir] [--json]`: print the route table. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Command } from './commands.ts'
import { buildProject } from './_project.ts'
import { formatRouteTable, formatWarnings } from './_format.ts'
import { describeProxyCoverage } from '../proxy/describe-proxy-coverage.ts'

export const routesCommand: Command = {
  summary: 'print the route table (URL pattern, methods, file)',
  help: `Usage: routekit routes [dir] [--json]

Compiles the project into a scratch folder (your .routekit/ is left alone) and prints every
route: its URL pattern, the methods it exports, its file, and how \`routekit build\` serves its
GET: ○ prerendered, ● prerendered per generateStaticParams entry, ƒ run per request (the build
runs GET handlers that may be static, as \`build\` does). With a proxy.ts (or
middleware.ts), a Proxy column says whether requests to each route run it: yes, partly
(only some URLs of the route, or only under has/missing conditions) or -.

Arguments:
  dir            project directory (default: the current directory)

Options:
  --json         print JSON: [{ "pattern", "file", "methods", "params", "rendering", "proxy"?, … }]
                 rendering "static" adds "revalidate" (seconds or false) and "expire"; "ssg" adds
                 "paths" (each with those two); "dynamic" adds the "reason"
  -h, --help     show this help`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' } },
    })
    const projectDir = resolve(positionals[0] ?? '.')
    const outDir = scratchDir(projectDir)
    try {
      const result = await buildProject({ projectDir, outDir, types: false })
      const { routes, proxy } = result.manifest
      const renderings = result.prerender?.renderings ?? {}
      if (values.json) {
        const rows = routes.map((r) => ({
          pattern: r.pattern,
          file: r.file,
          methods: r.methods,
          params: r.segments.filter((s) => s.kind !== 'static').map((s) => ('name' in s ? s.name : '')),
          // C0.2: ○ static, ● ssg, ƒ dynamic, as the build table shows it.
          ...renderings[r.pattern],
          // Only with a proxy file: whether requests to the route run it (all, some, none).
          ...(proxy === null ? {} : { proxy: describeProxyCoverage(proxy, r.segments) }),
        }))
        console.log(JSON.stringify(rows, null, 2))
      } else {
        const warnings = [...result.scanWarnings, ...result.warnings]
        if (warnings.length > 0) console.error(formatWarnings(warnings))
        console.log(formatRouteTable(routes, proxy, renderings))
      }
      return 0
    } finally {
      rmSync(outDir, { recursive: true, force: true })
    }
  },
}

/** Inside the project when it can be: prerendering imports the routes, whose packages resolve from there. */
function scratchDir(projectDir: string): string {
  try {
    return mkdtempSync(join(projectDir, '.routekit-routes-'))
  } catch {
    return mkdtempSync(join(tmpdir(), 'routekit-routes-'))
  }
}
