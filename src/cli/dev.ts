/** `routekit dev [dir]`: build, serve, and rebuild + restart the server on every change. */
import { fork, type ChildProcess } from 'node:child_process'
import { watch } from 'node:fs'
import { createServer } from 'node:net'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pc from 'picocolors'
import type { Command } from './commands.ts'
import { buildProject } from './_project.ts'
import { formatDuration, formatRouteTable, formatWarnings } from './_format.ts'
import { RoutekitError } from '../errors.ts'

const BIN = fileURLToPath(new URL('../../bin/routekit.mjs', import.meta.url))
// Folders whose changes never affect the build (and the build's own output).
const IGNORED = /(^|[\\/])(node_modules|\.routekit|\.git|\.next)([\\/]|$)/

export const devCommand: Command = {
  summary: 'build and serve, rebuilding on every change',
  help: `Usage: routekit dev [dir] [options]

Compiles the route handlers, serves them, and rebuilds and restarts the server whenever a
file in the project changes. Errors are printed and the last good server keeps running.

Arguments:
  dir                  project directory (default: the current directory)

Options:
  -p, --port <n>       port to listen on (default: $PORT or 3000)
  -H, --hostname <h>   address to bind (default: $HOSTNAME or 0.0.0.0)
  -h, --help           show this help`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } },
    })
    const projectDir = resolve(positionals[0] ?? '.')
    const outDir = join(projectDir, '.routekit', 'dev')
    const hostname = values.hostname ?? process.env.HOSTNAME ?? '0.0.0.0'
    // Every restart must come back on the same port, so `--port 0` is resolved to a free port once.
    const port = await resolvePort(values.port ?? process.env.PORT ?? '3000', hostname)
    const serverArgs = [
      'start',
      projectDir,
      '--out-dir',
      outDir,
      '--dev',
      '--port',
      String(port),
      '--hostname',
      hostname,
    ]

    let child: ChildProcess | undefined
    let building = false
    let again = false

    const rebuild = async (reason: string | undefined): Promise<void> => {
      if (building) {
        again = true
        return
      }
      building = true
      try {
        const result = await buildProject({ projectDir, outDir, mode: 'development' })
        const warnings = [...result.scanWarnings, ...result.warnings]
        if (warnings.length > 0) console.log(formatWarnings(warnings))
        if (reason === undefined) {
          console.log(formatRouteTable(result.manifest.routes))
          if (result.includeHint !== undefined) console.log(pc.dim(result.includeHint))
        } else
          console.log(
            `${pc.green('✓')} rebuilt after ${pc.dim(reason)} in ${formatDuration(result.durationMs)}`,
          )
        await stop(child)
        child = fork(BIN, serverArgs, { stdio: 'inherit' })
      } catch (error) {
        if (!(error instanceof RoutekitError)) throw error
        console.error(`${pc.red('⨯')} ${error.message}`)
        console.error(pc.dim(child ? '  the previous build keeps serving' : '  waiting for a fix…'))
      } finally {
        building = false
        if (again) {
          again = false
          void rebuild('more changes')
        }
      }
    }

    await rebuild(undefined)
    let timer: NodeJS.Timeout | undefined
    const watcher = watch(projectDir, { recursive: true }, (_event, file) => {
      if (file === null || IGNORED.test(file)) return
      clearTimeout(timer)
      // Editors write a file in several steps; one rebuild per burst.
      timer = setTimeout(() => void rebuild(relative(projectDir, join(projectDir, file))), 50)
    })
    const exit = (): void => {
      watcher.close()
      void stop(child).then(() => process.exit(0))
    }
    process.on('SIGINT', exit)
    process.on('SIGTERM', exit)
    return new Promise<number>(() => undefined)
  },
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => {
    child.once('exit', () => done())
    child.kill('SIGTERM')
  })
}

function resolvePort(value: string, hostname: string): Promise<number> {
  if (value !== '0') return Promise.resolve(Number(value))
  return new Promise((done, fail) => {
    const probe = createServer()
    probe.once('error', fail)
    probe.listen(0, hostname, () => {
      const address = probe.address()
      probe.close(() => done(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}
