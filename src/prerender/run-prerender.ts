/**
 * Runs one GET handler for one URL the way Next prerenders it and says what came out: a static response with
 * its lifetime and tags, "dynamic" with the reason, or the error the handler threw.
 *
 * Cache Components (C3): a prospective pass that waits for every cache fill, then a final pass started in a
 * fresh macrotask that must return its Response before the next `setImmediate` (and read its body within one
 * more). The previous model (C11–C13) runs the handler once and waits for it.
 */
import { INFINITE_CACHE } from '../cache/cache-life.ts'
import { presetSoftTags } from '../cache/cache-scope.ts'
import {
  attachPrerenderScope,
  createPrerenderScope,
  markDynamic,
  whenFillsSettle,
  type PrerenderScope,
} from '../cache/prerender-scope.ts'
import { buildSoftTags } from '../cache/tags.ts'
import { runInRequestStore, type RequestStore } from '../runtime/request-store.ts'
import type { RouteHandler } from '../runtime/route-handlers.ts'
import { createPrerenderRequest } from './_build-request.ts'
import { runFinalPass, runToCompletion, type PassResult } from './_run-pass.ts'
import type { ParamValue, PrerenderMode } from './prerender-manifest.ts'

/** What to prerender. */
export interface RunPrerenderOptions {
  handler: RouteHandler
  pattern: string
  /** The source file, for messages. */
  file: string
  /** The URL path, percent-encoded. */
  path: string
  params: Record<string, ParamValue> | undefined
  mode: PrerenderMode
  /** The segment's `revalidate` export (previous model, C13), seconds or false. */
  revalidate: number | false
}

/** What came out. */
export type PrerenderOutcome =
  | {
      kind: 'static'
      response: Response
      body: Uint8Array
      revalidate: number | false
      expire: number
      tags: string[]
    }
  | { kind: 'dynamic'; reason: string }
  | { kind: 'error'; error: unknown }

const modes = new WeakMap<PrerenderScope, PrerenderMode>()

/** The mode of a prerender pass (the fetch cache treats an uncached fetch by it, C14). */
export function modeOf(scope: PrerenderScope): PrerenderMode | undefined {
  return modes.get(scope)
}

/** C29: Next gives up on cache fills after 50 s. */
const FILL_TIMEOUT_MS = 50_000

/** Prerenders `options.path`; never throws (the error is part of the outcome). */
export async function runPrerender(options: RunPrerenderOptions): Promise<PrerenderOutcome> {
  if (options.mode !== 'cache-components') {
    const scope = createPrerenderScope('final')
    const result = await runToCompletion(() => start(options, scope))
    return settle(options, scope, result)
  }
  const prospective = createPrerenderScope('prospective')
  // Its result does not count (C3); its errors come back in the final pass if they are real.
  void start(options, prospective).catch(() => undefined)
  const filled = await Promise.race([whenFillsSettle(prospective).then(() => true), delay(FILL_TIMEOUT_MS)])
  if (!filled) {
    return {
      kind: 'error',
      error: new Error(
        'Filling a cache during prerender timed out, likely because request-specific arguments such as params, ' +
          'searchParams, cookies() or uncached data were used inside "use cache".',
      ),
    }
  }
  if (prospective.dynamic !== undefined) return { kind: 'dynamic', reason: prospective.dynamic }
  const final = createPrerenderScope('final', prospective.entries)
  return settle(options, final, await runFinalPass(() => start(options, final)))
}

function settle(options: RunPrerenderOptions, scope: PrerenderScope, result: PassResult): PrerenderOutcome {
  // A dynamic marker wins over whatever the handler did next (it may have caught our error, or thrown it).
  if (scope.dynamic !== undefined) return { kind: 'dynamic', reason: scope.dynamic }
  switch (result.kind) {
    case 'late':
      // C3: Next's reason for a handler that needed more than microtasks.
      return {
        kind: 'dynamic',
        reason: `it used IO that was not cached (its ${result.what} was not ready in time)`,
      }
    case 'error':
      return { kind: 'error', error: result.error }
    case 'value':
      return {
        kind: 'error',
        error: new Error(
          `No response is returned from route handler '${options.file}'. Ensure you return a \`Response\` or a ` +
            '`NextResponse` in all branches of your handler.',
        ),
      }
  }
  let revalidate = scope.revalidate
  if (options.revalidate !== false && options.revalidate < revalidate) revalidate = options.revalidate
  return {
    kind: 'static',
    response: result.response,
    body: result.body,
    // C6: nothing time-based read → never by time; Infinity from cacheLife is Next's INFINITE_CACHE.
    revalidate: revalidate >= INFINITE_CACHE ? false : revalidate,
    expire: Math.min(scope.expire, INFINITE_CACHE),
    tags: scope.tags,
  }
}

/** Calls the handler once inside a prerender store for `scope`. */
function start(options: RunPrerenderOptions, scope: PrerenderScope): Promise<unknown> {
  modes.set(scope, options.mode)
  const { pattern, path, mode } = options
  const dynamic = (expression: string): never => {
    markDynamic(scope, `it used ${expression}`)
    throw new Error(
      `Route ${pattern} couldn't be rendered statically because it used ${expression}. ` +
        'See more info here: https://nextjs.org/docs/messages/dynamic-server-error',
    )
  }
  // R76: `dynamic = 'error'` turns every request-data read into an error instead.
  const refuse = (expression: string): never => {
    throw new Error(
      `Route ${pattern} with \`dynamic = "error"\` couldn't be rendered statically because it used \`${expression}\`.`,
    )
  }
  const onAccess = mode === 'force-static' ? undefined : mode === 'error' ? refuse : dynamic
  const request = createPrerenderRequest(path, onAccess)
  const store: RequestStore = {
    request,
    route: pattern,
    cookies: undefined,
    after: undefined,
    cacheScope: undefined,
    // R72: force-static hands over the sanitised request; `after()` never reads request data.
    onRequestData: (api) => {
      if (onAccess !== undefined && api !== 'after') onAccess(`${api}()`)
    },
  }
  attachPrerenderScope(store, scope)
  presetSoftTags(store, buildSoftTags(pattern, path))
  const context = { params: options.params === undefined ? undefined : Promise.resolve(options.params) }
  return Promise.resolve().then(() => runInRequestStore(store, () => options.handler(request, context)))
}

function delay(ms: number): Promise<false> {
  return new Promise((resolve) => setTimeout(() => resolve(false), ms).unref())
}
