/** `routekit start [dir]`: serve a build, with its limits, fault handling and graceful shutdown. Loads no compiler. */
import { parsePort } from './_parse-port.ts'
import { parseWorkers } from './_parse-workers.ts'
import { parseArgs } from 'node:util'
import { join, resolve } from 'node:path'
import pc from 'picocolors'
import type { Command } from './commands.ts'
import { loadApp, readManifest, type RedisOption } from '../runtime/load-app.ts'
import { serve } from '../runtime/node/serve.ts'
import { createShutdown } from '../runtime/node/create-shutdown.ts'
import { handleProcessFaults } from '../runtime/node/handle-process-faults.ts'
import { resolveServerLimits } from '../config/resolve-server-limits.ts'
import { logger } from '../_internal/logger.ts'
import { formatDuration } from './_format.ts'
import { formatLimitFlagsHelp, LIMIT_FLAG_OPTIONS, readLimitFlags } from './_limit-flags.ts'

/**
 * `--redis` wins over `ROUTEKIT_REDIS_URL`; the source names where a bad URL came from. `ROUTEKIT_REDIS_PREFIX`
 * (default `routekit:`) lets several apps share one Redis: instances with the same prefix share one cache.
 */
function readRedisOption(flag: string | undefined): RedisOption | undefined {
  const env = process.env.ROUTEKIT_REDIS_URL
  const found =
    flag !== undefined
      ? { url: flag, source: '--redis' }
      : env === undefined || env === ''
        ? undefined
        : { url: env, source: 'ROUTEKIT_REDIS_URL' }
  const keyPrefix = process.env.ROUTEKIT_REDIS_PREFIX
  return found === undefined || keyPrefix === undefined || keyPrefix === '' ? found : { ...found, keyPrefix }
}

export const startCommand: Command = {
  summary: 'serve the build in .routekit/',
  help: `Usage: routekit start [dir] [options]

Serves the build that \`routekit build\` wrote to <dir>/.routekit/.

Arguments:
  dir                  project directory (default: the current directory)

Options:
  -p, --port <n>       port to listen on (default: $PORT or 3000)
  -H, --hostname <h>   address to bind (default: $HOSTNAME or 0.0.0.0)
  --redis <url>        share the "use cache" cache and its invalidations through Redis
                       (default: $ROUTEKIT_REDIS_URL; see docs/deploy.md)
  -w, --workers <n>    worker processes sharing the port, or "auto" for one per core
                       (default: $ROUTEKIT_WORKERS or 1; see docs/deploy.md#cluster-workers)
  -h, --help           show this help

Limits (override routekit.config; sizes take "16kb"/"10mb", times "500ms"/"30s"; see docs/deploy.md):
${formatLimitFlagsHelp()}

SIGTERM or SIGINT stops accepting connections, finishes in-flight requests and after() callbacks
(up to --drain-timeout) and exits 0; a second signal exits at once. With --workers, the primary asks
every worker to do so, waits for them, and exits 0; a worker that exits unexpectedly is restarted.`,
  async run(argv) {
    const started = performance.now()
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', short: 'p' },
        hostname: { type: 'string', short: 'H' },
        redis: { type: 'string' },
        // Used by `routekit dev` for its child server.
        'out-dir': { type: 'string' },
        dev: { type: 'boolean' },
        workers: { type: 'string', short: 'w' },
        ...LIMIT_FLAG_OPTIONS,
      },
    })
    const dir = resolve(positionals[0] ?? '.')
    // `routekit dev` runs one child server; its IPC belongs to the dev host, never to a cluster.
    const workers = values.dev ? 1 : parseWorkers(values.workers, process.env.ROUTEKIT_WORKERS)
    const port = parsePort(values.port ?? process.env.PORT ?? '3000')
    const hostname = values.hostname ?? process.env.HOSTNAME ?? '0.0.0.0'
    const outDir = values['out-dir'] ?? join(dir, '.routekit')
    // The build recorded routekit.config; flags win over it without a rebuild.
    const manifest = readManifest(dir, outDir)
    const fromConfig = manifest.config.routekit ?? { file: null, limits: {} }
    const limits = resolveServerLimits(fromConfig.limits, readLimitFlags(values), fromConfig.file)
    // Several workers: this process becomes the cluster primary and its workers run this command (src/cluster).
    const cluster = workers > 1 ? (await import('node:cluster')).default : undefined
    if (cluster?.isPrimary) {
      const { runPrimary } = await import('../cluster/run-primary.ts')
      return runPrimary({ workers, hostname, drainTimeout: limits.drainTimeout, started })
    }
    // Stack traces from compiled routes point at the .ts source (and name the route in fault logs).
    process.setSourceMapsEnabled(true)
    const app = await loadApp({
      dir,
      outDir,
      dev: values.dev ?? false,
      bodyLimit: limits.bodyLimit,
      handlerTimeout: limits.handlerTimeout,
      // Dev reloads reconfigure the cache on every edit and start it empty: it stays in memory.
      redis: values.dev === true ? undefined : readRedisOption(values.redis),
    })
    const member =
      cluster === undefined ? undefined : await (await import('../cluster/join-cluster.ts')).joinCluster()
    const server = await serve(app, { port, hostname, limits })
    const shutdown = createShutdown(server, {
      drainTimeout: limits.drainTimeout,
      logger,
      exit: (code) => process.exit(code),
    })
    handleProcessFaults({
      logger,
      routeFiles: manifest.routes.map((route) => route.file),
      drainTimeout: limits.drainTimeout,
      onFatal: () => {
        if (!shutdown.started) shutdown.begin(1, 'Uncaught exception')
      },
    })
    const stop = (reason: string): void => {
      // A cluster worker hears one stop several ways at once (the primary's message, Ctrl-C to the process
      // group, systemd's SIGTERM to every process): only the first counts; "exit now" is the primary's call.
      if (member === undefined || !shutdown.started) shutdown.begin(0, reason)
    }
    process.on('SIGTERM', () => stop('SIGTERM'))
    process.on('SIGINT', () => stop('SIGINT'))
    // In a worker the primary prints the one ready line, once every worker listens.
    if (member !== undefined) {
      member.onShutdown(stop)
      return new Promise<number>(() => undefined)
    }
    const address = server.address()
    const bound = typeof address === 'object' && address !== null ? address.port : port
    const shown = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname
    console.log(
      `${pc.green('▲')} ${pc.bold('Routekit')} ready on ${pc.cyan(`http://${shown}:${bound}`)} ${pc.dim(`in ${formatDuration(performance.now() - started)}`)}`,
    )
    return new Promise<number>(() => undefined)
  },
}
