/** Every routing problem among the scanned files, so one build reports them all (R11–R13). */
import { createError, type RoutekitError } from '../errors.ts'
import { findTrieConflicts } from './_find-trie-conflicts.ts'
import { compare } from './_compare.ts'
import type { RouteFile } from './route-file.ts'
import { toSegmentText } from './to-pattern.ts'

/** A `page.*` file and the URL it would answer, for the page/route check (R12). */
export interface PageFile {
  /** Path relative to the project directory, POSIX separators. */
  file: string
  /** The URL pattern, as for a route file. */
  pattern: string
}

/**
 * Every conflict among `routes` (and between them and `pages`), in a stable order: per-file problems
 * first, then page/route clashes, duplicate URLs and the dynamic-segment rules of Next's route trie.
 */
export function findConflicts(routes: readonly RouteFile[], pages: readonly PageFile[]): RoutekitError[] {
  const problems: RoutekitError[] = []
  const wellFormed: RouteFile[] = []
  for (const route of routes) {
    const own = findPathProblems(route)
    problems.push(...own)
    // A route with a broken path would only add confusing trie errors on top of its own.
    if (own.length === 0) wellFormed.push(route)
  }
  problems.push(...findPageClashes(routes, pages))
  problems.push(...findDuplicates(routes))
  problems.push(...findTrieConflicts(wellFormed))
  return problems
}

/** Problems inside one route's own path: a catch-all before the end, a parameter name used twice. */
function findPathProblems(route: RouteFile): RoutekitError[] {
  const problems: RoutekitError[] = []
  const { segments, file } = route
  // R11 / sorted-routes.ts: "Catch-all must be the last part of the URL."
  const early = segments.findIndex((s, i) => i < segments.length - 1 && isCatchAll(s.kind))
  if (early !== -1) {
    problems.push(createError('RK_CATCHALL_NOT_LAST', { segment: toSegmentText(segments[early]!), file }))
  }
  const names: string[] = []
  for (const segment of segments) {
    if (segment.kind === 'static') continue
    const name = segment.name
    // R11 / sorted-routes.ts `handleSlug`: a name may appear once per path ("You cannot have the same
    // slug name repeat within a single dynamic path"), and two names may not differ only by non-word
    // characters (`[a-b]` and `[ab]`), since Next strips those to build its regex group names.
    if (names.includes(name)) {
      problems.push(createError('RK_PARAM_REPEATED', { name, file }))
    } else {
      const similar = names.find((n) => toWord(n) === toWord(name))
      if (similar !== undefined) {
        problems.push(createError('RK_PARAM_NAMES_SIMILAR', { names: [similar, name], file }))
      }
    }
    names.push(name)
  }
  return problems
}

/** R12: a folder (or two folders that groups make one URL) holding both a page and a route handler. */
function findPageClashes(routes: readonly RouteFile[], pages: readonly PageFile[]): RoutekitError[] {
  if (pages.length === 0) return []
  const pagesByUrl = groupBy(pages, (p) => p.pattern)
  const problems: RoutekitError[] = []
  for (const [url, group] of groupBy(routes, (r) => r.pattern)) {
    const clashing = pagesByUrl.get(url)
    if (clashing === undefined) continue
    problems.push(
      createError('RK_PAGE_AND_ROUTE', {
        route: group.map((r) => r.file).join(' and '),
        page: clashing.map((p) => p.file).join(' and '),
        url,
      }),
    )
  }
  return problems
}

/** R13: two route files with one URL, through route groups, slots or two extensions in one folder. */
function findDuplicates(routes: readonly RouteFile[]): RoutekitError[] {
  const problems: RoutekitError[] = []
  for (const [url, group] of groupBy(routes, (r) => r.pattern)) {
    if (group.length > 1)
      problems.push(createError('RK_DUPLICATE_URL', { url, files: group.map((r) => r.file) }))
  }
  return problems
}

function isCatchAll(kind: RouteFile['segments'][number]['kind']): boolean {
  return kind === 'catch-all' || kind === 'optional-catch-all'
}

function toWord(name: string): string {
  return name.replace(/\W/g, '')
}

/** Groups `items` by `key`, keys in code-unit order, items in their given order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [item])
    else group.push(item)
  }
  return new Map([...groups].toSorted(([a], [b]) => compare(a, b)))
}
