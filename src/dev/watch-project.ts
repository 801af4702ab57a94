/** Watches a project folder and reports changed files in batches, one batch per burst of writes. */
import { watch, type FSWatcher } from 'node:fs'
import { join } from 'node:path'
import type { FileChange } from './create-dev-builder.ts'

// Folders whose changes never affect the build (and the build's own output).
const IGNORED = /(^|[\\/])(node_modules|\.routekit|\.git|\.next)([\\/]|$)/
/**
 * Editors save in several steps (truncate then write, or write a temporary file then rename), all within
 * a millisecond or two for a source file; a burst is over after this much quiet. Short, because it is
 * part of every reload (the budget is 100 ms). A save that straddles it is built twice.
 */
const QUIET_MS = 5

/** What the watcher calls. */
export interface WatchProjectOptions {
  /** The first event of a burst, before the quiet period: the server starts holding requests. */
  onStart(): void
  onChanges(changes: FileChange[]): void
  onError(error: Error): void
}

/** Starts watching `projectDir` recursively (`node:fs` watch, native on Node 20); returns the watcher. */
export function watchProject(projectDir: string, options: WatchProjectOptions): FSWatcher {
  let batch = new Map<string, FileChange>()
  let timer: NodeJS.Timeout | undefined
  const watcher = watch(projectDir, { recursive: true }, (event, file) => {
    if (file === null || IGNORED.test(file)) return
    const path = join(projectDir, file)
    if (batch.size === 0) options.onStart()
    // A rename anywhere in the burst wins: it may have added or removed a route.
    const kind = event === 'rename' || batch.get(path)?.kind === 'rename' ? 'rename' : 'change'
    batch.set(path, { path, kind })
    clearTimeout(timer)
    timer = setTimeout(() => {
      const changes = [...batch.values()]
      batch = new Map()
      options.onChanges(changes)
    }, QUIET_MS)
  })
  watcher.on('error', options.onError)
  return watcher
}
