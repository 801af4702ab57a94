/** Project directory → every route file with its URL pattern, or one error listing every problem (spec §A). */
import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { combineErrors, createError, RoutekitError } from '../errors.ts'
import { compare } from './_compare.ts'
import { scanFiles, type FoundFile } from './_scan-files.ts'
import { findConflicts, type PageFile } from './find-conflicts.ts'
import { parseSegment } from './parse-segment.ts'
import type { RouteFile, ScanResult, Segment } from './route-file.ts'
import { toPattern } from './to-pattern.ts'

/**
 * Scans `projectDir` for its app directory (`app/` or `src/app/`) and the `route.*` files in it.
 * Throws one `RoutekitError` (a `combineErrors` of all of them) when anything is wrong.
 */
export function scanAppDir(projectDir: string): ScanResult {
  const root = resolve(projectDir)
  const appDir = locateAppDir(root)
  const found = scanFiles(join(root, appDir))

  const problems: RoutekitError[] = []
  // Each bad folder is reported once, however many route files sit below it.
  const badFolders = new Set<string>()
  const routes: RouteFile[] = []
  for (const route of found.routes) {
    const file = toFile(appDir, route)
    const segments = toSegments(appDir, route, file, problems, badFolders)
    if (segments === undefined) continue
    routes.push({ file, absPath: route.absPath, pattern: toPattern(segments), segments })
  }
  const pages: PageFile[] = found.pages.map((page) => ({
    file: toFile(appDir, page),
    pattern: toPagePattern(page),
  }))

  problems.push(...findConflicts(routes, pages))
  if (problems.length > 0) throw combineErrors(problems)

  routes.sort((a, b) => compare(a.pattern, b.pattern))
  const warnings: string[] = []
  if (routes.length === 0) {
    warnings.push(`No route files (route.ts, route.js, ...) found in ${appDir}/.`)
  }
  if (pages.length > 0) {
    warnings.push(
      `${pages.length} page file${pages.length === 1 ? '' : 's'} in ${appDir}/ ` +
        `(e.g. ${pages[0]!.file}) ${pages.length === 1 ? 'is' : 'are'} not served: Routekit runs route handlers only.`,
    )
  }
  return { projectDir: root, appDir, routes, warnings }
}

/** R14: `app/` or `src/app/`, relative to `root`, POSIX separators. */
function locateAppDir(root: string): string {
  const app = isDirectory(join(root, 'app'))
  const srcApp = isDirectory(join(root, 'src', 'app'))
  // Next silently prefers app/ and ignores src/app/ (R14); a route that exists but never answers is
  // worse than a build error, so Routekit refuses both.
  if (app && srcApp) throw createError('RK_APP_DIR_BOTH', { app: 'app/', srcApp: 'src/app/' })
  if (app) return 'app'
  if (srcApp) return 'src/app'
  throw createError('RK_APP_DIR_MISSING', { dir: root })
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true
}

function toFile(appDir: string, found: FoundFile): string {
  return [appDir, ...found.dirs, found.name].join('/')
}

/** The route's URL segments, or `undefined` after recording why a folder on its path is invalid. */
function toSegments(
  appDir: string,
  route: FoundFile,
  file: string,
  problems: RoutekitError[],
  badFolders: Set<string>,
): Segment[] | undefined {
  const segments: Segment[] = []
  let ok = true
  for (let i = 0; i < route.dirs.length; i++) {
    const folder = [appDir, ...route.dirs.slice(0, i + 1)].join('/')
    if (badFolders.has(folder)) {
      ok = false
      continue
    }
    try {
      const segment = parseSegment(route.dirs[i]!, file)
      if (segment !== null) segments.push(segment)
    } catch (error) {
      if (!(error instanceof RoutekitError)) throw error
      badFolders.add(folder)
      problems.push(error)
      ok = false
    }
  }
  return ok ? segments : undefined
}

/**
 * The URL a page answers, for the page/route check only (R12). Pages are never served, so a folder
 * that would be invalid for a route handler (an intercepting `(.)x`) is kept as plain text, not reported.
 */
function toPagePattern(page: FoundFile): string {
  const segments: Segment[] = []
  for (const dir of page.dirs) {
    try {
      const segment = parseSegment(dir, '')
      if (segment !== null) segments.push(segment)
    } catch {
      segments.push({ kind: 'static', value: dir })
    }
  }
  return toPattern(segments)
}
