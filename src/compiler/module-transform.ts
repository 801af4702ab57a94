/**
 * The seam through which other stages (the `"use cache"` rewrite, later ones) change route source code
 * before it is bundled.
 *
 * When it runs: on every local module (the project's own `.ts/.tsx/.js/.jsx/.mjs/.cjs/.mts/.cts` files,
 * never `node_modules` nor JSON) in rolldown's `transform` hook, i.e. BEFORE TypeScript and JSX are
 * stripped. Why before: rolldown runs its built-in oxc transform after every plugin `transform` hook, so
 * this is the only per-module point a plugin has; it also means the transform sees exactly what the user
 * wrote (directive prologues such as `"use cache"`, original line numbers for its own error messages).
 * The cost: a transform must parse TS/TSX (oxc-parser does, pick `lang` from the id's extension).
 *
 * Source maps: return a map whenever lines or columns move; rolldown chains it with the maps of later
 * transforms and of the TS strip, so the final `.mjs.map` still points at the original `.ts` lines. A result
 * without a map is taken as "nothing moved": fine for same-line edits, wrong lines in stack traces otherwise.
 */
import type { Plugin, SourceMapInput } from 'rolldown'

/** What a transform returns: new code (and its map), or nothing to leave the module unchanged. */
export type ModuleTransformResult = { code: string; map?: string | object | null } | null | undefined

/** A source-to-source rewrite applied to every local module before bundling. */
export interface ModuleTransform {
  /** Shown in build errors (`[plugin routekit:<name>]`), so name it after what it rewrites. */
  name: string
  /** Cheap pre-check (e.g. `code.includes('use cache')`); skipping a module saves the parse. */
  filter?(id: string, code: string): boolean
  /** Rewrites `code` of the module at absolute path `id`; throw to fail the build with that message. */
  transform(code: string, id: string): ModuleTransformResult | Promise<ModuleTransformResult>
}

// Local script modules only: JSON and assets have nothing to rewrite, node_modules stay external anyway
// (a workspace package linked outside node_modules is local code and does pass through).
const SCRIPT = /\.[cm]?[jt]sx?(?:$|\?)/
const NOT_LOCAL = /^\0|[\\/]node_modules[\\/]/

/** Wraps one `ModuleTransform` as a rolldown plugin; one plugin per transform keeps their order and maps. */
export function toTransformPlugin(transform: ModuleTransform): Plugin {
  return {
    name: `routekit:${transform.name}`,
    transform: {
      // A native filter: rolldown skips the JS call entirely for modules that cannot match.
      filter: { id: { include: SCRIPT, exclude: NOT_LOCAL } },
      async handler(code, id) {
        if (transform.filter !== undefined && !transform.filter(id, code)) return null
        const result = await transform.transform(code, id)
        if (result === null || result === undefined) return null
        return { code: result.code, map: (result.map ?? null) as SourceMapInput }
      },
    },
  }
}
