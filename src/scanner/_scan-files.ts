/** Walks an app directory and lists its route and page files (R1, R4, R12). */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs'
import { join } from 'node:path'
import { compare } from './_compare.ts'

/** R1: the extensions Routekit compiles for `route.*`. */
const ROUTE_FILE = /^route\.(?:ts|js|mts|mjs|tsx|jsx)$/
/** R12: a `page.*` beside a `route.*` is a conflict, so pages are listed too (never served). */
const PAGE_FILE = /^page\.(?:tsx|jsx|ts|js|mdx|md)$/

/** A file found under the app directory. */
export interface FoundFile {
  /** Folder names from the app directory down to the file, raw as on disk. */
  dirs: readonly string[]
  /** The file name: `route.ts`, `page.tsx`. */
  name: string
  absPath: string
}

/** What {@link scanFiles} finds, each list sorted by path. */
export interface FoundFiles {
  routes: FoundFile[]
  pages: FoundFile[]
}

/**
 * Lists every `route.*` and `page.*` under `appDirAbs`, skipping `_private` subtrees (R4) and
 * `node_modules`, and following symbolic links as Next's `recursiveReadDir` does.
 */
export function scanFiles(appDirAbs: string): FoundFiles {
  const found: FoundFiles = { routes: [], pages: [] }
  walk(appDirAbs, [], found, new Set([realpathSync(appDirAbs)]))
  return found
}

function walk(dirAbs: string, dirs: readonly string[], found: FoundFiles, seen: Set<string>): void {
  // Sorted so that file lists, and hence error messages, do not depend on the file system's order.
  const entries = readdirSync(dirAbs, { withFileTypes: true }).toSorted((a, b) => compare(a.name, b.name))
  for (const entry of entries) {
    // R4: Next's `ignorePartFilter: (part) => part.startsWith('_')` drops the whole subtree.
    // Dot-folders are NOT skipped: Next discovers `app/.well-known/**/route.ts`, a common use of route
    // handlers (security.txt, assetlinks.json, openid-configuration).
    if (entry.name.startsWith('_') || entry.name === 'node_modules') continue
    const absPath = join(dirAbs, entry.name)
    const kind = kindOf(entry, absPath)
    if (kind === 'dir') {
      // A symlink loop would otherwise recurse forever.
      const real = realpathSync(absPath)
      if (seen.has(real)) continue
      seen.add(real)
      walk(absPath, [...dirs, entry.name], found, seen)
      seen.delete(real)
    } else if (kind === 'file') {
      if (ROUTE_FILE.test(entry.name)) found.routes.push({ dirs, name: entry.name, absPath })
      else if (PAGE_FILE.test(entry.name)) found.pages.push({ dirs, name: entry.name, absPath })
    }
  }
}

function kindOf(entry: Dirent, absPath: string): 'dir' | 'file' | 'other' {
  if (entry.isDirectory()) return 'dir'
  if (entry.isFile()) return 'file'
  if (!entry.isSymbolicLink()) return 'other'
  // A dangling link is skipped, as Next does on ENOENT.
  const stats = statSync(absPath, { throwIfNoEntry: false })
  if (stats === undefined) return 'other'
  return stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : 'other'
}
