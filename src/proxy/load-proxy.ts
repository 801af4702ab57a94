/** Imports the compiled proxy of a build and compiles its matcher, once, before the first request. */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createError } from '../errors.ts'
import { createProxyMatcher, type ProxyMatch } from './create-proxy-matcher.ts'
import type { ManifestProxy } from './proxy-manifest.ts'

/** The proxy as the request pipeline calls it: `(request, event)`. */
export type ProxyFunction = (request: Request, event: unknown) => unknown

/** A ready-to-run proxy. */
export interface LoadedProxy {
  /** Source file relative to the project, for log lines. */
  file: string
  /** `/proxy` or `/middleware`, Next's name for it (NextFetchEvent#sourcePage). */
  page: string
  fn: ProxyFunction
  matches: ProxyMatch
}

/** Imports one compiled module by file URL (`routekit dev` passes its own, as for routes). */
export type ImportModule = (url: string) => Promise<Record<string, unknown>>

const importDefault: ImportModule = async (url) => (await import(url)) as Record<string, unknown>

/** Loads `manifest` from `outDir`; a missing or non-function export fails the start (P2). */
export async function loadProxy(
  outDir: string,
  manifest: ManifestProxy,
  importModule: ImportModule = importDefault,
): Promise<LoadedProxy> {
  let module: Record<string, unknown>
  try {
    module = await importModule(pathToFileURL(join(outDir, manifest.module)).href)
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
    throw createError('RK_MODULE_LOAD', { file: manifest.file, detail })
  }
  const fn = module[manifest.exportName]
  if (typeof fn !== 'function') {
    throw createError('RK_PROXY_EXPORT', {
      file: manifest.file,
      kind: manifest.convention === 'proxy' ? 'Proxy' : 'Middleware',
      name: manifest.convention,
      found: `the ${manifest.exportName} export is ${fn === null ? 'null' : typeof fn}`,
    })
  }
  return {
    file: manifest.file,
    page: `/${manifest.convention}`,
    fn: fn as ProxyFunction,
    matches: createProxyMatcher(manifest.matchers),
  }
}
