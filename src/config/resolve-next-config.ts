/** Turns a user's next.config object into a ResolvedConfig, checking the keys that matter to route handlers. */
import { createError } from '../errors.ts'
import { defaultConfig, type ResolvedConfig } from './resolved-config.ts'
import type { LoadedConfig } from './load-next-config.ts'

// Keys that only change pages, images or the client bundle: noted once at build, otherwise ignored.
const PAGES_ONLY = new Set([
  'images',
  'i18n',
  'reactStrictMode',
  'pageExtensions',
  'compiler',
  'sassOptions',
  'transpilePackages',
  'assetPrefix',
  'productionBrowserSourceMaps',
  'optimizeFonts',
  'devIndicators',
  'generateBuildId',
  'output',
  'poweredByHeader',
  'webpack',
  'turbopack',
  'skipTrailingSlashRedirect',
  'skipMiddlewareUrlNormalize',
])

type Raw = Record<string, unknown>

function invalid(file: string, detail: string): never {
  throw createError('RK_CONFIG_INVALID', { file, detail })
}

/** Validates and normalises; async because `headers()`, `redirects()`, `rewrites()` are async functions. */
export async function resolveNextConfig(file: string, raw: unknown): Promise<LoadedConfig> {
  if (raw === null || typeof raw !== 'object')
    invalid(file, 'the default export must be an object or a function returning one')
  const input = raw as Raw
  const config: ResolvedConfig = { ...defaultConfig(), file }
  const notes: string[] = []

  if (input.basePath !== undefined) {
    const bp = input.basePath
    if (typeof bp !== 'string' || (bp !== '' && (!bp.startsWith('/') || bp.endsWith('/')))) {
      invalid(file, `basePath must be "" or start with "/" and not end with "/" (got ${JSON.stringify(bp)})`)
    }
    config.basePath = bp
  }
  if (input.trailingSlash !== undefined) config.trailingSlash = input.trailingSlash === true
  if (input.cacheComponents !== undefined) config.cacheComponents = input.cacheComponents === true
  if (input.cacheLife !== undefined) {
    if (typeof input.cacheLife !== 'object' || input.cacheLife === null)
      invalid(file, 'cacheLife must be an object of profiles')
    config.cacheLife = input.cacheLife as ResolvedConfig['cacheLife']
  }
  if (input.cacheHandlers !== undefined) {
    const handlers = input.cacheHandlers as Raw
    for (const [kind, path] of Object.entries(handlers ?? {})) {
      if (typeof path !== 'string') invalid(file, `cacheHandlers.${kind} must be a module path string`)
      config.cacheHandlers[kind] = path
    }
  }
  if (input.cacheMaxMemorySize !== undefined) {
    const size = input.cacheMaxMemorySize
    if (typeof size !== 'number' || size < 0) invalid(file, 'cacheMaxMemorySize must be a number of bytes')
    config.cacheMaxMemorySize = size
  }
  const experimental = (input.experimental ?? {}) as Raw
  config.authInterrupts = experimental.authInterrupts === true

  if (typeof input.headers === 'function')
    config.headers = await (input.headers as () => Promise<ResolvedConfig['headers']>)()
  if (typeof input.redirects === 'function') {
    config.redirects = await (input.redirects as () => Promise<ResolvedConfig['redirects']>)()
  }
  if (typeof input.rewrites === 'function') {
    const rewrites = (await (input.rewrites as () => Promise<unknown>)()) as
      | ResolvedConfig['rewrites']['afterFiles']
      | Partial<ResolvedConfig['rewrites']>
    // Next: an array means afterFiles.
    config.rewrites = Array.isArray(rewrites)
      ? { beforeFiles: [], afterFiles: rewrites, fallback: [] }
      : {
          beforeFiles: rewrites.beforeFiles ?? [],
          afterFiles: rewrites.afterFiles ?? [],
          fallback: rewrites.fallback ?? [],
        }
  }
  const ignored = Object.keys(input).filter((key) => PAGES_ONLY.has(key))
  if (ignored.length > 0) {
    notes.push(
      `${file}: ${ignored.join(', ')} only affect${ignored.length === 1 ? 's' : ''} pages; route handlers ignore ${ignored.length === 1 ? 'it' : 'them'}.`,
    )
  }
  return { config, notes }
}
