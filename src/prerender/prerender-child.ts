/**
 * The prerender child process (`routekit build` forks it): user modules run here, never in the build
 * process, because importing them runs their side effects (issue: Caching II). It sets the stage the server
 * would — the Response lookalike, the request store, the configured cache — plus the build-only tracking
 * (C4), prerenders the candidate routes one by one, writes `prerender/`, and reports over IPC.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { peekCacheScope } from '../cache/cache-scope.ts'
import { configureCache } from '../cache/configure-cache.ts'
import { markDynamic, peekPrerenderScope } from '../cache/prerender-scope.ts'
import type { Manifest } from '../compiler/manifest.ts'
import { enableRequestStore } from '../runtime/request-store.ts'
import { installResponse } from '../runtime/response.ts'
import { readManifest } from '../runtime/load-app.ts'
import { installFetchCache } from './_cache-fetch.ts'
import { trackPlatformIO } from './_track-platform.ts'
import { findPrerenderCandidates } from './find-prerender-candidates.ts'
import { PRERENDER_DIR, PRERENDER_VERSION, type PrerenderManifest } from './prerender-manifest.ts'
import { PrerenderError, prerenderRoute } from './prerender-route.ts'

/** What the build process sends. */
export interface ChildInput {
  projectDir: string
  outDir: string
}

/** What the child sends back. */
export type ChildMessage =
  | { type: 'progress'; done: number; total: number; pattern: string }
  | { type: 'done'; manifest: PrerenderManifest }
  | { type: 'failed'; pattern: string; file: string; path: string; detail: string }

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()))
}

// Routekit's own frames (dist/, also inside file: URLs) and Node's say nothing about the user's error.
const OWN_DIR = fileURLToPath(new URL('..', import.meta.url))
const ownFrame = (line: string): boolean =>
  /^\s+at /.test(line) && (line.includes(OWN_DIR) || /[( ]node:/.test(line))

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  return (error.stack ?? error.message)
    .split('\n')
    .filter((line) => !ownFrame(line))
    .join('\n')
}

/** C4: a clock or random read made by the handler itself (not inside "use cache") makes the GET dynamic. */
function reportPlatformIO(expression: string): void {
  const scope = peekPrerenderScope()
  if (scope === undefined || scope.phase === 'regenerate' || peekCacheScope() !== undefined) return
  markDynamic(scope, `it used ${expression}`)
}

async function run({ projectDir, outDir }: ChildInput): Promise<number> {
  const manifest: Manifest = readManifest(projectDir, outDir)
  installResponse()
  enableRequestStore()
  await configureCache({ buildId: manifest.buildId, config: manifest.config, projectDir, outDir })
  const cacheComponents = manifest.config.cacheComponents
  if (cacheComponents) trackPlatformIO(reportPlatformIO)
  installFetchCache()
  const prerenderDir = join(outDir, PRERENDER_DIR)
  await mkdir(prerenderDir, { recursive: true })
  const { candidates, renderings } = findPrerenderCandidates(manifest)
  const output: PrerenderManifest = {
    version: PRERENDER_VERSION,
    buildId: manifest.buildId,
    routes: {},
    renderings,
  }
  let done = 0
  for (const route of candidates) {
    let module: Record<string, unknown>
    try {
      module = (await import(pathToFileURL(join(outDir, route.module)).href)) as Record<string, unknown>
    } catch (error) {
      await send({
        type: 'failed',
        pattern: route.pattern,
        file: route.file,
        path: route.pattern,
        detail: describe(error),
      })
      return 1
    }
    try {
      const { record, rendering } = await prerenderRoute(route, module, { cacheComponents, prerenderDir })
      if (record !== undefined) output.routes[route.pattern] = record
      output.renderings[route.pattern] = rendering
    } catch (error) {
      const failed = error instanceof PrerenderError ? error : new PrerenderError(route, route.pattern, error)
      await send({
        type: 'failed',
        pattern: route.pattern,
        file: route.file,
        path: failed.path,
        detail: describe(failed.error),
      })
      return 1
    }
    await send({ type: 'progress', done: ++done, total: candidates.length, pattern: route.pattern })
  }
  // Every route in manifest order, so the table reads like the manifest.
  const ordered = Object.fromEntries(manifest.routes.map((r) => [r.pattern, output.renderings[r.pattern]!]))
  output.renderings = ordered
  await writeFile(join(prerenderDir, 'manifest.json'), `${JSON.stringify(output, null, 2)}\n`)
  await send({ type: 'done', manifest: output })
  return 0
}

// A handler the deadline left behind may still reject later; its route is already decided.
process.on('unhandledRejection', () => {})
process.setSourceMapsEnabled(true)
process.once('message', (input: ChildInput) => {
  run(input).then(
    (code) => process.exit(code),
    async (error: unknown) => {
      await send({ type: 'failed', pattern: '', file: '', path: '', detail: describe(error) })
      process.exit(1)
    },
  )
})
