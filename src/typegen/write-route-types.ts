/** `writeRouteTypes`: the one entry `routekit typegen`, `build` and `dev` call (R90–R92). */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RouteFile } from '../scanner/route-file.ts'
import { checkTsconfigInclude } from './check-tsconfig-include.ts'
import { NEXT_MODULES, emitNextModules, nextModuleFile, scanNextModules } from './emit-next-modules.ts'
import { emitRouteTypes } from './emit-route-types.ts'
import { emitValidator } from './emit-validator.ts'

/** What to generate and where. */
export interface WriteRouteTypesOptions {
  /** The project directory (absolute, or relative to the working directory). */
  projectDir: string
  /** The routes `scanAppDir` found. */
  routes: readonly RouteFile[]
  /** Where the declarations go, relative to `projectDir` or absolute; default `.routekit/types`. */
  outDir?: string
  /** The Routekit `dist/` whose `.d.ts` files back `next/*`; default this package's own. */
  distDir?: string
}

/** What a run wrote. Paths are absolute. */
export interface WriteRouteTypesResult {
  outDir: string
  /** Every generated file. */
  files: string[]
  /** The files written (content differed or missing) or removed (no longer generated) by this run. */
  changed: string[]
  durationMs: number
  /** The tsconfig.json line to print when the project does not include the out dir yet. */
  includeHint: string | undefined
}

/**
 * This package's `dist/`, reached from `src/typegen/` and `dist/typegen/` alike. Never `src/`: its `.ts`
 * import specifiers and our compiler options would be checked under the user's tsconfig.
 */
export const ROUTEKIT_DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url))

/** Writes `content` unless the file already holds it; true when it wrote. */
function writeIfChanged(path: string, content: string): boolean {
  try {
    // Unchanged files keep their mtime, so watchers and tsc --watch see no change (issue item 4).
    if (readFileSync(path, 'utf8') === content) return false
  } catch {
    // missing: write it
  }
  writeFileSync(path, content)
  return true
}

/** Generates routes.d.ts, validator.ts and the next/* declarations into `outDir`, rewriting only what changed. */
export function writeRouteTypes(options: WriteRouteTypesOptions): WriteRouteTypesResult {
  const started = performance.now()
  const projectDir = resolve(options.projectDir)
  const outDir = resolve(projectDir, options.outDir ?? join('.routekit', 'types'))
  const distDir = options.distDir ?? ROUTEKIT_DIST_DIR
  const modules = scanNextModules(distDir)
  const contents = new Map<string, string>([
    ['routes.d.ts', emitRouteTypes(options.routes)],
    ['validator.ts', emitValidator(options.routes, outDir)],
    ...emitNextModules(modules, distDir),
  ])
  mkdirSync(outDir, { recursive: true })
  const files: string[] = []
  const changed: string[] = []
  for (const [name, content] of contents) {
    const path = join(outDir, name)
    files.push(path)
    if (writeIfChanged(path, content)) changed.push(path)
  }
  // A module this build no longer ships (e.g. an older dist without cache.d.ts) must not linger.
  for (const name of NEXT_MODULES) {
    if (modules.includes(name)) continue
    const path = join(outDir, nextModuleFile(name))
    try {
      rmSync(path)
      changed.push(path)
    } catch {
      // not there: nothing to remove
    }
  }
  const includeHint = checkTsconfigInclude(projectDir, outDir)
  return { outDir, files, changed, durationMs: performance.now() - started, includeHint }
}
