/**
 * `routekit build`, after the bundle is on disk: prerenders the GET handlers that can be static, in a child
 * process (user modules have side effects the build process must not run), and reports how every route is
 * served (C0.2). A handler that throws fails the build, naming the route and the error, as Next does.
 */
import { fork } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Manifest } from '../compiler/manifest.ts'
import { createError } from '../errors.ts'
import { findPrerenderCandidates } from './find-prerender-candidates.ts'
import type { ChildInput, ChildMessage } from './prerender-child.ts'
import { PRERENDER_DIR, type RouteRendering } from './prerender-manifest.ts'

/** What `prerenderApp` needs. */
export interface PrerenderAppOptions {
  projectDir: string
  outDir: string
  manifest: Manifest
  /** Called before the first route (`done` 0) and after each one: the build's progress line. */
  onProgress?: (done: number, total: number, pattern: string) => void
}

/** How every route is served, in manifest order, and how many routes ran in the child. */
export interface PrerenderResult {
  renderings: Record<string, RouteRendering>
  prerendered: number
}

// Next to this module in dist/ (and in src/ when the sources run directly).
const CHILD = fileURLToPath(
  new URL(`./prerender-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
)

/** Prerenders into `<outDir>/prerender/`; on failure removes it and the manifest, so no half build is served. */
export async function prerenderApp(options: PrerenderAppOptions): Promise<PrerenderResult> {
  const prerenderDir = join(options.outDir, PRERENDER_DIR)
  await rm(prerenderDir, { recursive: true, force: true })
  const { candidates, renderings } = findPrerenderCandidates(options.manifest)
  // Nothing could be static: no child, no files (every route is then served as it is, C11).
  if (candidates.length === 0) return { renderings, prerendered: 0 }
  options.onProgress?.(0, candidates.length, '')
  try {
    const manifest = await runChild(options)
    return { renderings: manifest.renderings, prerendered: candidates.length }
  } catch (error) {
    await rm(prerenderDir, { recursive: true, force: true })
    await rm(join(options.outDir, 'manifest.json'), { force: true })
    throw error
  }
}

function runChild(
  options: PrerenderAppOptions,
): Promise<Extract<ChildMessage, { type: 'done' }>['manifest']> {
  return new Promise((resolve, reject) => {
    // Its output is the user's logs at build: stderr, so `routes --json` keeps a clean stdout.
    const child = fork(CHILD, [], { cwd: options.projectDir, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    child.stdout!.pipe(process.stderr, { end: false })
    child.stderr!.pipe(process.stderr, { end: false })
    let outcome: ChildMessage | undefined
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.done, message.total, message.pattern)
      else outcome = message
    })
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      if (outcome?.type === 'done' && code === 0) return resolve(outcome.manifest)
      if (outcome?.type === 'failed') {
        return reject(
          outcome.pattern === ''
            ? createError('RK_PRERENDER_CRASHED', { detail: outcome.detail })
            : createError('RK_PRERENDER_FAILED', outcome),
        )
      }
      reject(
        createError('RK_PRERENDER_CRASHED', { detail: `the prerender process exited (${signal ?? code}).` }),
      )
    })
    child.send({ projectDir: options.projectDir, outDir: options.outDir } satisfies ChildInput)
  })
}
