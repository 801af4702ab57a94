/** Helpers for compiler tests: real projects in temp dirs, their RouteFiles, and Node's own `import()`. */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildApp, type BuildOptions, type BuildResult } from '../../src/compiler/build-app.ts'
import type { RouteFile, Segment } from '../../src/scanner/route-file.ts'
import { makeTree } from '../_helpers/make-tree.ts'

/** A built route module, as the tests call it. */
export type RouteModule = Record<
  string,
  (request?: Request, context?: unknown) => Promise<Response> | Response
>

/** Strict TS, Next's `"jsx": "preserve"` and the `@/*` alias create-next-app writes. */
export const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, jsx: 'preserve', paths: { '@/*': ['./*'] } },
})

/** Writes `files` (relative path → content) into a fresh temp project and returns its absolute path. */
export const makeProject: (files: Record<string, string>) => string = makeTree

/** A RouteFile as the scanner would produce it (enough of spec §A for these tests: groups, params, catch-alls). */
export function toRouteFile(projectDir: string, file: string, appDir = 'app'): RouteFile {
  const folders = file
    .slice(appDir.length + 1)
    .split('/')
    .slice(0, -1)
  const segments: Segment[] = folders.filter((f) => !/^\(.*\)$/.test(f)).map(toSegment)
  const pattern = `/${folders.filter((f) => !/^\(.*\)$/.test(f)).join('/')}`
  return { file, absPath: join(projectDir, file), pattern, segments }
}

function toSegment(folder: string): Segment {
  const optional = /^\[\[\.\.\.(.+)\]\]$/.exec(folder)
  if (optional) return { kind: 'optional-catch-all', name: optional[1]! }
  const catchAll = /^\[\.\.\.(.+)\]$/.exec(folder)
  if (catchAll) return { kind: 'catch-all', name: catchAll[1]! }
  const dynamic = /^\[(.+)\]$/.exec(folder)
  if (dynamic) return { kind: 'dynamic', name: dynamic[1]! }
  return { kind: 'static', value: folder }
}

// vitest runs imports through its own module runner, which would transform and re-resolve the build output.
// It hands files under node_modules to Node untouched, so a one-line loader placed there gives us Node's
// real `import()`, the loader `routekit start` will use.
let nativeImport: Promise<(url: string) => Promise<unknown>> | undefined

function loadNativeImport(): Promise<(url: string) => Promise<unknown>> {
  const file = join(
    makeTree({ 'node_modules/native-import.mjs': 'export default (url) => import(url)\n' }),
    'node_modules/native-import.mjs',
  )
  return import(pathToFileURL(file).href).then(
    (m: { default: (url: string) => Promise<unknown> }) => m.default,
  )
}

/** Imports a built module with plain Node, the way `routekit start` will. */
export async function importBuilt<T = Record<string, unknown>>(file: string): Promise<T> {
  nativeImport ??= loadNativeImport()
  return (await (
    await nativeImport
  )(pathToFileURL(file).href)) as T
}

/** The result of `buildFixture`: where it was built and a loader for its route modules. */
export interface BuiltFixture {
  projectDir: string
  outDir: string
  result: BuildResult
  load(file: string): Promise<RouteModule>
}

/** Writes `files` (plus a tsconfig) to a temp project and builds the given route files. */
export async function buildFixture(
  files: Record<string, string>,
  routes: string[],
  options: Partial<Omit<BuildOptions, 'projectDir' | 'routes'>> = {},
): Promise<BuiltFixture> {
  const projectDir = makeProject({ 'tsconfig.json': TSCONFIG, ...files })
  const appDir = options.appDir ?? 'app'
  const routeFiles = routes.map((file) => toRouteFile(projectDir, file, appDir))
  const result = await buildApp({ ...options, projectDir, appDir, routes: routeFiles })
  const outDir = join(projectDir, options.outDir ?? '.routekit')
  const load = (file: string) => {
    const route = result.manifest.routes.find((r) => r.file === file)
    if (route === undefined) throw new Error(`no route ${file} in the manifest`)
    return importBuilt<RouteModule>(join(outDir, route.module))
  }
  return { projectDir, outDir, result, load }
}
