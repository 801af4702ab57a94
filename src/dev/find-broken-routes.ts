/** Which routes a failed dev build breaks: those whose module graph holds a file the error names. */
import { isAbsolute, join, relative } from 'node:path'
import type { OutputAsset, OutputChunk } from 'rolldown'
import type { RoutePattern } from './host-messages.ts'

/** Route source file (`app/x/route.ts`) → every absolute source path its compiled entry contains. */
export type RouteGraph = ReadonlyMap<string, readonly string[]>

/** A route as the finder needs it (a RouteFile or a manifest route). */
export interface GraphRoute extends RoutePattern {
  file: string
}

/** Collects each entry's modules plus those of the chunks it imports, transitively. */
export function buildRouteGraph(
  output: ReadonlyArray<OutputChunk | OutputAsset>,
  entries: ReadonlyMap<string, string>,
): Map<string, string[]> {
  const chunks = new Map<string, OutputChunk>()
  for (const item of output) if (item.type === 'chunk') chunks.set(item.fileName, item)
  const graph = new Map<string, string[]>()
  for (const [file, fileName] of entries) {
    const modules = new Set<string>()
    const seen = new Set<string>()
    const visit = (name: string): void => {
      const chunk = chunks.get(name)
      if (chunk === undefined || seen.has(name)) return
      seen.add(name)
      // Virtual modules (`\0…`) and runtime helpers are no files a user edits.
      for (const id of chunk.moduleIds) if (isAbsolute(id)) modules.add(id)
      for (const imported of chunk.imports) visit(imported)
    }
    visit(fileName)
    graph.set(file, [...modules])
  }
  return graph
}

/** What the finder looks at. */
export interface FindBrokenOptions<R extends GraphRoute> {
  projectDir: string
  /** The error text, naming files as project-relative paths (`app/x/route.ts:3:1`). */
  message: string
  routes: readonly R[]
  /** The module graph of the last good build. */
  graph: RouteGraph
  /** Absolute paths changed since the last good build. */
  changed: ReadonlySet<string>
}

/**
 * Returns the routes that depend on a file the error names; failing that, those that depend on a file
 * changed since the last good build (a new import of a broken file is in no graph yet); failing that,
 * `null`: the error belongs to no route in particular (next.config, a conflict in a new folder), so it
 * answers every request.
 */
export function findBrokenRoutes<R extends GraphRoute>(options: FindBrokenOptions<R>): R[] | null {
  const { projectDir, message, routes, graph, changed } = options
  const display = (path: string): string => relative(projectDir, path).replaceAll('\\', '/')
  const dependsOn = (route: GraphRoute, test: (path: string) => boolean): boolean =>
    test(join(projectDir, route.file)) || (graph.get(route.file) ?? []).some(test)
  let broken = routes.filter((route) => dependsOn(route, (path) => mentions(message, display(path))))
  if (broken.length === 0) broken = routes.filter((route) => dependsOn(route, (path) => changed.has(path)))
  return broken.length === 0 ? null : broken
}

// `app/x/[id]/route.ts:3:1`, as formatLog writes a location.
const LOCATION = /(?<![\w./-])((?:[\w@.()[\]+-]+\/)*[\w@.()[\]+-]+\.[cm]?[jt]sx?):\d+:\d+/g

/** The absolute paths of the source files an error message points at (`file:line:col`). */
export function findNamedFiles(projectDir: string, message: string): string[] {
  return [...message.matchAll(LOCATION)].map((match) => join(projectDir, match[1]!))
}

/** Whether `text` names `path` as a whole path: `lib/db.ts` is not named by `app/lib/db.ts`. */
function mentions(text: string, path: string): boolean {
  for (let at = text.indexOf(path); at !== -1; at = text.indexOf(path, at + 1)) {
    const before = at === 0 ? ' ' : text[at - 1]!
    const after = text[at + path.length] ?? ' '
    if (!/[\w./\\-]/.test(before) && !/[\w/\\-]/.test(after)) return true
  }
  return false
}
