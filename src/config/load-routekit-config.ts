/**
 * Finds and evaluates routekit.config.{ts,mts,mjs,js,cjs} at build time; the build records the result in
 * the manifest, and `routekit start` reads it from there.
 *
 * Why at build and not at start: a TypeScript config needs a compiler, which `start` never loads (Node 20
 * cannot import .ts); evaluating user code once, where next.config is evaluated too, surfaces mistakes in
 * CI instead of at deploy; and the build output stays self-contained. Flags on `routekit start` override
 * any value without a rebuild.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createError } from '../errors.ts'
import { importConfig } from './load-next-config.ts'
import { resolveConfigLimits } from './resolve-server-limits.ts'
import type { ResolvedRoutekitConfig } from './server-limits.ts'

const NAMES = [
  'routekit.config.ts',
  'routekit.config.mts',
  'routekit.config.mjs',
  'routekit.config.js',
  'routekit.config.cjs',
]

/** Loads the project's routekit.config (if any) and checks every limit in it. */
export async function loadRoutekitConfig(projectDir: string): Promise<ResolvedRoutekitConfig> {
  const found = NAMES.filter((name) => existsSync(join(projectDir, name)))
  if (found.length === 0) return { file: null, limits: {} }
  if (found.length > 1) {
    throw createError('RK_CONFIG_INVALID', {
      file: found.join(', '),
      detail: 'several routekit.config files exist; keep one',
    })
  }
  const file = found[0]!
  let raw: unknown
  try {
    raw = await importConfig(join(projectDir, file))
  } catch (error) {
    throw createError('RK_CONFIG_INVALID', {
      file,
      detail: error instanceof Error ? error.message : String(error),
    })
  }
  return { file, limits: resolveConfigLimits(file, raw) }
}
