/**
 * The proxy's part of a build: its config read and its matcher compiled before bundling (P4, P5), its entry
 * bundled with the routes, and its exports checked against the bundle (P2) for the manifest.
 */
import { createError } from '../errors.ts'
import type { RouteFile } from '../scanner/route-file.ts'
import { buildProxyMatchers } from './build-proxy-matchers.ts'
import type { ManifestProxy, ProxyMatcher } from './proxy-manifest.ts'
import { readProxyConfig } from './read-proxy-config.ts'
import type { ProxyFile } from './scan-proxy-file.ts'

/** What is known about the proxy before it is bundled. */
export interface ProxyBuild {
  proxy: ProxyFile
  matchers: ProxyMatcher[] | null
  warnings: string[]
  /** The bundler entry, shaped like a route file so it joins the same rolldown build. */
  entry: RouteFile
}

/** Reads `export const config` and compiles the matcher; throws RK_PROXY_* naming the file. */
export function prepareProxyBuild(proxy: ProxyFile): ProxyBuild {
  const config = readProxyConfig(proxy)
  const warnings: string[] = []
  if (proxy.convention === 'middleware') {
    // P3: the deprecation Next prints, with its codemod and docs.
    warnings.push(
      `The "middleware" file convention is deprecated. Please use "proxy" instead (${proxy.file}). ` +
        'Run `npx @next/codemod@canary middleware-to-proxy .` or see https://nextjs.org/docs/messages/middleware-to-proxy',
    )
  }
  const runtime = config?.runtime
  if (proxy.convention === 'proxy' && (runtime === 'edge' || runtime === 'experimental-edge')) {
    throw createError('RK_PROXY_EDGE_RUNTIME', { file: proxy.file })
  }
  if (proxy.convention === 'middleware' && runtime !== 'nodejs') {
    // P3: Next runs middleware.ts on the edge runtime unless told otherwise; Routekit has only Node.
    warnings.push(
      `${proxy.file} runs on Node.js in Routekit; Next.js would run it on the edge runtime. ` +
        "Rename it to proxy.ts (always Node.js), or add `runtime: 'nodejs'` to its config.",
    )
  }
  // P5: Next treats a falsy matcher as absent; `[]` is an array and matches nothing.
  const matchers = config?.matcher ? buildProxyMatchers(proxy.file, config.matcher) : null
  return {
    proxy,
    matchers,
    warnings,
    entry: { file: proxy.file, absPath: proxy.absPath, pattern: '', segments: [] },
  }
}

/** P2: the function to call is the `proxy`/`middleware` export, else the default one. */
export function toManifestProxy(
  build: ProxyBuild,
  fileName: string,
  exports: readonly string[],
): ManifestProxy {
  const { proxy } = build
  const name = proxy.convention
  const exportName = exports.includes(name) ? name : exports.includes('default') ? 'default' : undefined
  if (exportName === undefined) {
    throw createError('RK_PROXY_EXPORT', {
      file: proxy.file,
      kind: name === 'proxy' ? 'Proxy' : 'Middleware',
      name,
      found: exports.length === 0 ? 'no exports' : exports.join(', '),
    })
  }
  return {
    file: proxy.file,
    module: `server/${fileName}`,
    convention: name,
    exportName,
    matchers: build.matchers,
  }
}
