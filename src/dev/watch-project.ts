/** Watches a project folder and reports changed files in batches, one batch per burst of writes. */
import { lstatSync, readdirSync, watch, type FSWatcher } from 'node:fs'
import { join, relative } from 'node:path'
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

/** A running watcher. */
export interface ProjectWatcher {
  close(): void
}

/**
 * Starts watching `projectDir`. On Linux, Node 20 emulates `recursive: true` in JavaScript with one
 * inotify watch per *file*, node_modules included, and reacts to our own writes under .routekit: measured,
 * that put stat/readdir work on every reload. There the watcher keeps one `fs.watch` per folder and skips
 * the ignored folders; elsewhere the native recursive watch is used.
 */
export function watchProject(projectDir: string, options: WatchProjectOptions): ProjectWatcher {
  let batch = new Map<string, FileChange>()
  let timer: NodeJS.Timeout | undefined
  const report = (path: string, event: string): void => {
    if (IGNORED.test(relative(projectDir, path))) return
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
  }
  if (process.platform !== 'linux') {
    const watcher = watch(projectDir, { recursive: true }, (event, file) => {
      if (file !== null) report(join(projectDir, file), event)
    })
    watcher.on('error', options.onError)
    return watcher
  }
  return watchFolders(projectDir, report)
}

/** One watch per folder under `root`, following folders as they are created and removed. */
function watchFolders(root: string, report: (path: string, event: string) => void): ProjectWatcher {
  const watchers = new Map<string, FSWatcher>()
  const unwatch = (dir: string): void => {
    for (const [path, watcher] of watchers) {
      if (path === dir || path.startsWith(`${dir}/`)) {
        watcher.close()
        watchers.delete(path)
      }
    }
  }
  /** Watches `dir` and every folder below it; with `announce`, reports the files found (a folder just made). */
  const add = (dir: string, announce: boolean): void => {
    if (watchers.has(dir) || IGNORED.test(relative(root, dir))) return
    let entries
    try {
      const watcher = watch(dir, (event, name) => {
        if (name === null) return
        const path = join(dir, name)
        report(path, event)
        if (event !== 'rename') return
        // A folder appeared (watch it) or went away (stop watching it and everything below it).
        let folder = false
        try {
          folder = lstatSync(path).isDirectory()
        } catch {
          unwatch(path)
        }
        if (folder) add(path, true)
      })
      // The folder itself was removed.
      watcher.on('error', () => unwatch(dir))
      watchers.set(dir, watcher)
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      // Gone already: its parent's watch reports the removal.
      unwatch(dir)
      return
    }
    for (const entry of entries) {
      const path = join(dir, entry.name)
      // Symbolic links are not followed: a link to a parent folder would loop.
      if (entry.isDirectory()) add(path, announce)
      else if (announce) report(path, 'rename')
    }
  }
  add(root, false)
  return {
    close() {
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
    },
  }
}
