/** `routekit dev [dir]`: build, serve, and reload the changed modules on every change (design: docs/dev.md). */
import { parsePort } from './_parse-port.ts'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import pc from 'picocolors'
import type { Command } from './commands.ts'
import { formatDuration } from './_format.ts'
import { logger } from '../_internal/logger.ts'
import { createAppHost } from '../dev/create-app-host.ts'
import { startDevSession } from '../dev/create-dev-session.ts'

export const devCommand: Command = {
  summary: 'build and serve, reloading changed routes on every save',
  help: `Usage: routekit dev [dir] [options]

Compiles the route handlers and serves them, with the limits routekit start applies. On every save
it compiles the saved file, and the server loads it and the modules that import it: the next request
sees the edit. Added and removed route files update the routes; a next.config or routekit.config change
restarts the server. A build error is printed once, and the routes it breaks answer 500 with the error
(in dev only) until it is fixed. ROUTEKIT_DEV_TIMINGS=1 shows where each reload's time went.

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
      options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } },
    })
    const projectDir = resolve(positionals[0] ?? '.')
    const outDir = join(projectDir, '.routekit', 'dev')
    const hostname = values.hostname ?? process.env.HOSTNAME ?? '0.0.0.0'
    const port = parsePort(values.port ?? process.env.PORT ?? '3000')

    const host = createAppHost(logger)
    // The supervisor owns the socket for the whole session, so the port never changes and a replaced
    // server process never leaves a gap: accepted connections are handed to whichever process serves.
    const server = createServer({ pauseOnConnect: true }, (socket) => host.accept(socket))
    try {
      await new Promise<void>((done, fail) => {
        server.once('error', fail)
        server.listen(port, hostname, () => done())
      })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
      console.error(
        `${pc.red('⨯')} Port ${port} on ${hostname} is in use: stop what holds it or pass --port.`,
      )
      return 1
    }
    const session = await startDevSession({ projectDir, outDir, host, logger })
    const address = server.address()
    const bound = typeof address === 'object' && address !== null ? address.port : port
    const shown = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname
    console.log(
      `${pc.green('▲')} ${pc.bold('Routekit')} dev ready on ${pc.cyan(`http://${shown}:${bound}`)} ${pc.dim(`in ${formatDuration(performance.now() - started)}`)}`,
    )
    let stopping = false
    const stop = (): void => {
      if (stopping) process.exit(1)
      stopping = true
      session.close()
      server.close()
      void host.close().then(() => process.exit(0))
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    return new Promise<number>(() => undefined)
  },
}
