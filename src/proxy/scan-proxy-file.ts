/** Finds the project's proxy file: `proxy.*` or the legacy `middleware.*`, beside the app directory (P1, P3). */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createError } from '../errors.ts'
import type { ProxyConvention } from './proxy-manifest.ts'

/** A proxy file found on disk. */
export interface ProxyFile {
  /** Relative to the project, POSIX separators: `proxy.ts`, `src/middleware.ts`. */
  file: string
  absPath: string
  convention: ProxyConvention
}

// Next's default pageExtensions, in its order.
const EXTENSIONS = ['tsx', 'ts', 'jsx', 'js']

/**
 * P1: the file sits at the level of the app directory — the project root for `app/`, `src/` for `src/app/`;
 * anywhere else it is ignored, as Next ignores it. P3: `proxy` and `middleware` together are an error.
 */
export function scanProxyFile(projectDir: string, appDir: string): ProxyFile | undefined {
  const base = appDir === 'src/app' ? 'src/' : ''
  const found = (name: ProxyConvention): string[] =>
    EXTENSIONS.map((ext) => `${base}${name}.${ext}`).filter((file) => existsSync(join(projectDir, file)))
  const proxies = found('proxy')
  const middlewares = found('middleware')
  if (proxies.length > 0 && middlewares.length > 0) {
    throw createError('RK_PROXY_BOTH_FILES', { middleware: middlewares[0]!, proxy: proxies[0]! })
  }
  const files = proxies.length > 0 ? proxies : middlewares
  // Next would pick one by extension order; two files of one name is a mistake Routekit refuses to guess about.
  if (files.length > 1) throw createError('RK_PROXY_DUPLICATE', { files })
  const file = files[0]
  if (file === undefined) return undefined
  return { file, absPath: join(projectDir, file), convention: proxies.length > 0 ? 'proxy' : 'middleware' }
}
