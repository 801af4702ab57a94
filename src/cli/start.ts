/** `routekit start [dir]`: serve a build. Loads no compiler. */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import type { Server } from 'node:http'
import pc from 'picocolors'
import type { Command } from './commands.ts'
import { loadApp } from '../runtime/load-app.ts'
import { serve } from '../runtime/node/serve.ts'
import { formatDuration } from './_format.ts'
import { createError } from '../errors.ts'

export const startCommand: Command = {
  summary: 'serve the build in .routekit/',
  help: `Usage: routekit start [dir] [options]

Serves the build that \`routekit build\` wrote to <dir>/.routekit/.

Arguments:
  dir                  project directory (default: the current directory)

Options:
  -p, --port <n>       port to listen on (default: $PORT or 3000)
  -H, --hostname <h>   address to bind (default: $HOSTNAME or 0.0.0.0)
  -h, --help           show this help`,
  async run(argv) {
    const started = performance.now()
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', short: 'p' },
        hostname: { type: 'string', short: 'H' },
        // Used by `routekit dev` for its child server.
        'out-dir': { type: 'string' },
        dev: { type: 'boolean' },
      },
    })
    const dir = resolve(positionals[0] ?? '.')
    const port = parsePort(values.port ?? process.env.PORT ?? '3000')
    const hostname = values.hostname ?? process.env.HOSTNAME ?? '0.0.0.0'
    // Stack traces from compiled routes point at the .ts source.
    process.setSourceMapsEnabled(true)
    const app = await loadApp({ dir, outDir: values['out-dir'], dev: values.dev ?? false })
    const server = await serve(app, { port, hostname })
    const address = server.address()
    const bound = typeof address === 'object' && address !== null ? address.port : port
    const shown = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname
    console.log(
      `${pc.green('▲')} ${pc.bold('Routekit')} ready on ${pc.cyan(`http://${shown}:${bound}`)} ${pc.dim(`in ${formatDuration(performance.now() - started)}`)}`,
    )
    handleSignals(server)
    return new Promise<number>(() => undefined)
  },
}

function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw createError('RK_BAD_OPTION', {
      option: 'port',
      value,
      expected: 'use a whole number from 0 to 65535 (--port or $PORT)',
    })
  }
  return port
}

/** SIGTERM/SIGINT: stop accepting, let in-flight requests finish (10 s at most), exit 0; a second signal exits at once. */
function handleSignals(server: Server): void {
  let closing = false
  const shutdown = (): void => {
    if (closing) process.exit(1)
    closing = true
    server.close(() => process.exit(0))
    server.closeIdleConnections()
    setTimeout(() => process.exit(0), 10_000).unref()
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)
}
