/** The Next.js config keys that change route handlers, normalised, plus Routekit's own options. */
import type { ResolvedRoutekitConfig } from './server-limits.ts'

/** One `cacheLife` profile (seconds). Any field may be left to the default profile's value. */
export interface CacheLifeProfile {
  stale?: number
  revalidate?: number
  expire?: number
}

/** `headers()` rule from next.config, evaluated at build. */
export interface HeaderRule {
  source: string
  headers: { key: string; value: string }[]
  basePath?: false
  has?: RouteHas[]
  missing?: RouteHas[]
}

/** `redirects()` rule from next.config, evaluated at build. */
export interface RedirectRule {
  source: string
  destination: string
  permanent?: boolean
  statusCode?: number
  basePath?: false
  has?: RouteHas[]
  missing?: RouteHas[]
}

/** `rewrites()` rule from next.config, evaluated at build. */
export interface RewriteRule {
  source: string
  destination: string
  basePath?: false
  has?: RouteHas[]
  missing?: RouteHas[]
}

/** A `has`/`missing` condition. */
export interface RouteHas {
  type: 'header' | 'cookie' | 'query' | 'host'
  key?: string
  value?: string
}

/** What the build records about next.config (JSON-serialisable: it is stored in the manifest). */
export interface ResolvedConfig {
  /** The config file relative to the project, or null when there is none. */
  file: string | null
  basePath: string
  trailingSlash: boolean
  cacheComponents: boolean
  /** Custom `cacheLife` profiles by name. */
  cacheLife: Record<string, CacheLifeProfile>
  /** `cacheHandlers` kind → handler module path relative to the project. */
  cacheHandlers: Record<string, string>
  /** Bytes of the default in-memory cache (Next's default: 50 MB). */
  cacheMaxMemorySize: number
  authInterrupts: boolean
  headers: HeaderRule[]
  redirects: RedirectRule[]
  rewrites: { beforeFiles: RewriteRule[]; afterFiles: RewriteRule[]; fallback: RewriteRule[] }
  /** routekit.config (limits); absent in builds made before it existed, which `start` treats as no file. */
  routekit?: ResolvedRoutekitConfig
}

/** The config Next.js would use with no next.config file. */
export function defaultConfig(): ResolvedConfig {
  return {
    file: null,
    basePath: '',
    trailingSlash: false,
    cacheComponents: false,
    cacheLife: {},
    cacheHandlers: {},
    cacheMaxMemorySize: 50 * 1024 * 1024,
    authInterrupts: false,
    headers: [],
    redirects: [],
    rewrites: { beforeFiles: [], afterFiles: [], fallback: [] },
    routekit: { file: null, limits: {} },
  }
}

/** Whether next.config has headers, redirects or rewrites: without any, the server keeps its plain path (P20). */
export function hasConfigRules(config: Pick<ResolvedConfig, 'headers' | 'redirects' | 'rewrites'>): boolean {
  const { beforeFiles, afterFiles, fallback } = config.rewrites
  return (
    config.headers.length +
      config.redirects.length +
      beforeFiles.length +
      afterFiles.length +
      fallback.length >
    0
  )
}
