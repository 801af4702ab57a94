/** One `routekit dev` session: the first build, then one rebuild and reload per burst of file changes. */
import { relative } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import pc from 'picocolors'
import type { Logger } from '../_internal/logger.ts'
import { formatDuration, formatRouteTable, formatWarnings } from '../cli/_format.ts'
import type { RouteFile } from '../scanner/route-file.ts'
import { RoutekitError } from '../errors.ts'
import type { AppHost } from './create-app-host.ts'
import { createDevBuilder, type BuildTimings, type FileChange } from './create-dev-builder.ts'
import type { RoutePattern, BuildFailure } from './host-messages.ts'
import { watchProject } from './watch-project.ts'
import { createCollector, freezeYoungGeneration } from './_heap.ts'

/** What a session needs. */
export interface DevSessionOptions {
  projectDir: string
  outDir: string
  host: AppHost
  logger: Logger
}

/** A running session. */
export interface DevSession {
  close(): void
}

/** Builds once, hands the result to the host, then watches the project. */
export async function startDevSession(options: DevSessionOptions): Promise<DevSession> {
  const { projectDir, host, logger } = options
  // The supervisor lives as long as the session: its heap must not grow with the number of saves (_heap.ts).
  freezeYoungGeneration()
  const collector = createCollector()
  const builder = createDevBuilder({ projectDir, outDir: options.outDir, beforeWrite: () => host.settled() })
  let routes: readonly RouteFile[] = []
  let printedError = ''
  let sentFailure = ''
  let printedWarnings = new Set<string>()
  let pending: FileChange[] = []
  let startedAt = 0
  let running: Promise<void> | undefined

  /** Prints a build error unless it is the one printed last (the issue: printed once); returns the text to serve. */
  const report = (error: unknown, broken: readonly RoutePattern[] | null): BuildFailure => {
    const text =
      error instanceof RoutekitError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error)
    if (text !== printedError) {
      logger.error(text)
      const scope = broken === null ? 'every request' : broken.map((r) => r.pattern).join(', ')
      logger.info(pc.dim(`  ${scope} answers 500 with this error until it is fixed`))
    }
    printedError = text
    return { error: stripVTControlCharacters(text), routes: broken === null ? null : [...broken] }
  }

  const warn = (warnings: readonly string[]): void => {
    const fresh = warnings.filter((w) => !printedWarnings.has(w))
    if (fresh.length > 0) logger.info(formatWarnings(fresh))
    printedWarnings = new Set(warnings)
  }

  const cycle = async (changes: FileChange[], since: number): Promise<void> => {
    const cycleStart = performance.now()
    const result = await builder.build(changes)
    if (!result.ok) {
      const failure = report(result.error, result.routes)
      sentFailure = JSON.stringify(failure)
      return host.broken(failure)
    }
    const failure = result.failure && report(result.failure.error, result.failure.routes)
    if (failure === undefined) printedError = ''
    const failureKey = failure === undefined ? '' : JSON.stringify(failure)
    warn(result.warnings)
    const same = result.written.length === 0 && !result.routesChanged && failureKey === sentFailure
    sentFailure = failureKey
    // Nothing the server runs changed (a README, a file no route imports): let the held requests through.
    if (same && !result.configChanged) return host.release()
    const loading = performance.now()
    const serverMs = await host.load(result.build, { failure, fresh: result.configChanged })
    const loadMs = performance.now() - loading
    if (failure === undefined) {
      const names = changes.map((c) => relative(projectDir, c.path).replaceAll('\\', '/'))
      const shown =
        names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ')
      const what = result.configChanged ? 'restarted' : 'reloaded'
      const detail = TIMINGS ? ` ${formatTimings(result.timings, cycleStart - since, loadMs, serverMs)}` : ''
      logger.info(
        `${pc.green('✓')} ${shown} ${pc.dim(`${what} in ${formatDuration(performance.now() - since)}${detail}`)}`,
      )
    }
    if (result.routesChanged) printRouteChanges(routes, result.routes, logger)
    routes = result.routes
    // Old chunks go once no process can still import them; the next build waits for this (same loop).
    await host.settled()
    await builder.deleteStale(result.stale)
    collector.afterReload()
  }

  const drain = async (): Promise<void> => {
    while (pending.length > 0) {
      const changes = pending
      pending = []
      // A burst that began while the previous one built found the server already holding; hold again.
      host.hold()
      try {
        await cycle(changes, startedAt)
      } catch (error) {
        // Routekit's own bug (the builder reports user errors as values): say so, and never leave requests held.
        logger.error('Reloading failed:', error)
        await host.release()
      }
      startedAt = performance.now()
    }
    running = undefined
  }

  // Watching starts before the first build, so a save during it is not lost; it is built right after.
  let watching = false
  const watcher = watchProject(projectDir, {
    onStart() {
      if (pending.length === 0 && running === undefined) startedAt = performance.now()
      host.hold()
    },
    onChanges(changes) {
      pending.push(...changes)
      if (watching) running ??= drain()
    },
    onError: (error) => logger.error('Watching the project failed:', error),
  })
  const first = await builder.build()
  if (first.ok) {
    warn(first.warnings)
    routes = first.routes
    logger.info(formatRouteTable(first.manifest.routes))
    if (first.includeHint !== undefined) logger.info(pc.dim(first.includeHint))
    const failure = first.failure && report(first.failure.error, first.failure.routes)
    sentFailure = failure === undefined ? '' : JSON.stringify(failure)
    await host.load(first.build, { failure })
  } else {
    const failure = report(first.error, null)
    sentFailure = JSON.stringify(failure)
    await host.broken(failure)
  }

  watching = true
  if (pending.length > 0) running ??= drain()
  return { close: () => watcher.close() }
}

/** `ROUTEKIT_DEV_TIMINGS=1`: each reload line says where its time went (bench/dev-reload.mjs reads it). */
const TIMINGS = process.env.ROUTEKIT_DEV_TIMINGS === '1'

const ms = (value: number): string => value.toFixed(1)

/** `(quiet 5, build 6 [modules 3], wait 0, write 2, serve 9 [load 7])`, in ms. */
function formatTimings(
  timings: BuildTimings,
  quiet: number,
  serve: number,
  load: number | undefined,
): string {
  const server = load === undefined ? '' : ` [load ${ms(load)}]`
  return (
    `(quiet ${ms(quiet)}, build ${ms(timings.build)} [modules ${ms(timings.modules)}], ` +
    `wait ${ms(timings.wait)}, write ${ms(timings.write)}, serve ${ms(serve)}${server})`
  )
}

/** `+ /added  app/added/route.ts` and `- /removed` lines. */
function printRouteChanges(before: readonly RouteFile[], after: readonly RouteFile[], logger: Logger): void {
  const had = new Set(before.map((r) => r.pattern))
  const has = new Set(after.map((r) => r.pattern))
  for (const r of after)
    if (!had.has(r.pattern)) logger.info(`  ${pc.green('+')} ${pc.bold(r.pattern)}  ${pc.dim(r.file)}`)
  for (const r of before)
    if (!has.has(r.pattern)) logger.info(`  ${pc.red('-')} ${pc.bold(r.pattern)}  ${pc.dim(r.file)}`)
}
