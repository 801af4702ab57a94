/** Finds and evaluates next.config.{js,mjs,cjs,ts,mts} at build time and resolves the keys route handlers care about. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createError } from '../errors.ts'
import { defaultConfig, type ResolvedConfig } from './resolved-config.ts'
import { resolveNextConfig } from './resolve-next-config.ts'

const NAMES = ['next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts', 'next.config.mts']

/** Next's phase names; a config exported as a function receives one. */
export type ConfigPhase = 'phase-production-build' | 'phase-production-server' | 'phase-development-server'

/** What loading produced: the resolved config and informational notes for the build log. */
export interface LoadedConfig {
  config: ResolvedConfig
  notes: string[]
}

/** Loads the project's next.config (if any). TypeScript configs are compiled with rolldown first. */
export async function loadNextConfig(projectDir: string, phase: ConfigPhase): Promise<LoadedConfig> {
  const found = NAMES.filter((name) => existsSync(join(projectDir, name)))
  if (found.length === 0) return { config: defaultConfig(), notes: [] }
  if (found.length > 1) {
    throw createError('RK_CONFIG_INVALID', {
      file: found.join(', '),
      detail: 'several next.config files exist; keep one',
    })
  }
  const file = found[0]!
  let raw: unknown
  try {
    raw = await importConfig(join(projectDir, file))
    if (typeof raw === 'function')
      raw = await (raw as (p: string, o: object) => unknown)(phase, { defaultConfig: {} })
  } catch (error) {
    throw createError('RK_CONFIG_INVALID', {
      file,
      detail: error instanceof Error ? error.message : String(error),
    })
  }
  return resolveNextConfig(file, raw)
}

/** Imports a config module; TypeScript is compiled with rolldown first (build time only). */
export async function importConfig(path: string): Promise<unknown> {
  if (!/\.m?ts$/.test(path)) {
    const mod = (await import(`${pathToFileURL(path).href}?t=${Date.now()}`)) as { default?: unknown }
    return mod.default ?? mod
  }
  const { build } = await import('rolldown')
  const dir = mkdtempSync(join(tmpdir(), 'routekit-config-'))
  try {
    const out = join(dir, 'next.config.mjs')
    await build({
      input: path,
      platform: 'node',
      // Packages stay external: a config that imports a plugin loads it from the project's node_modules.
      external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:/.test(id),
      output: { file: out, format: 'esm' },
      logLevel: 'silent',
    })
    const mod = (await import(pathToFileURL(out).href)) as { default?: unknown }
    return mod.default ?? mod
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
