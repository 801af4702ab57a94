/**
 * `config.matcher` → compiled matchers, once at build (P5–P7). Validation follows Next's middleware config
 * schema; the regex is built exactly as Next builds its middleware manifest, so it can be compared with one.
 */
import type { RouteHas } from '../config/resolved-config.ts'
import { createError } from '../errors.ts'
import { parsePath, tokensToRegexpSource } from './_path-to-regexp.ts'
import type { ProxyMatcher } from './proxy-manifest.ts'

const MAX_SOURCE = 4096
const ENTRY_KEYS = new Set(['source', 'has', 'missing', 'locale'])
const HAS_TYPES = new Set(['header', 'query', 'cookie', 'host'])
// Next 16 wraps every source so `/_next/data/<id>/x.json` and RSC/segment-prefetch URLs of a path match too.
const DATA_PREFIX = '/:nextData(_next/data/[^/]{1,})?'
const SUFFIX = '{(\\.json|\\.rsc|\\.segments/.+\\.segment\\.rsc)}?'
const ROOT_SUFFIX = '(/?index|/?index\\.json|/?index(?:\\.rsc|\\.segments/.+\\.segment\\.rsc))?'

/** Why a matcher is refused: the key path (`config.matcher[2].has[0]`) and the reason. */
class Invalid extends Error {
  readonly path: string

  constructor(path: string, reason: string) {
    super(reason)
    this.path = path
  }
}

/** The regex source Next stores for `source` (V8's `RegExp#source` form, so `/` reads `\/`). */
export function toMatcherRegexp(source: string): string {
  return new RegExp(tokensToRegexpSource(parsePath(wrap(source)), [])).source
}

function wrap(source: string): string {
  return `${DATA_PREFIX}${source}${source === '/' ? ROOT_SUFFIX : SUFFIX}`
}

/**
 * Validates and compiles `matcher` (a string, or an array of strings and `{ source, has, missing, locale }`).
 * Throws RK_PROXY_MATCHER_INVALID naming the file and the entry.
 */
export function buildProxyMatchers(file: string, matcher: unknown): ProxyMatcher[] {
  try {
    if (typeof matcher === 'string') return [toEntry({ source: matcher }, 'config.matcher', true)]
    if (!Array.isArray(matcher)) {
      throw new Invalid('config.matcher', 'must be a string or an array of strings and { source } objects')
    }
    return matcher.map((entry: unknown, index) => {
      const path = `config.matcher[${index}]`
      if (typeof entry === 'string') return toEntry({ source: entry }, path, true)
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        throw new Invalid(path, 'must be an array of strings or middleware matchers')
      }
      return toEntry(entry as Record<string, unknown>, path, false)
    })
  } catch (error) {
    if (!(error instanceof Invalid)) throw error
    throw createError('RK_PROXY_MATCHER_INVALID', { file, path: error.path, reason: error.message })
  }
}

function toEntry(entry: Record<string, unknown>, path: string, bare: boolean): ProxyMatcher {
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.has(key))
      throw new Invalid(`${path}.${key}`, 'unrecognized key (use source, has, missing)')
  }
  const sourcePath = bare ? path : `${path}.source`
  const source = checkSource(entry.source, sourcePath)
  if (entry.locale !== undefined && entry.locale !== false) {
    throw new Invalid(`${path}.locale`, 'must be false when given')
  }
  if (wrap(source).length > MAX_SOURCE) {
    throw new Invalid(sourcePath, `exceeds max built length of ${MAX_SOURCE} for route`)
  }
  let regexp: string
  try {
    regexp = toMatcherRegexp(source)
  } catch (error) {
    throw new Invalid(sourcePath, `Invalid source '${source}': ${(error as Error).message}`)
  }
  const out: ProxyMatcher = { source, regexp }
  if (entry.has !== undefined) out.has = checkConditions(entry.has, `${path}.has`)
  if (entry.missing !== undefined) out.missing = checkConditions(entry.missing, `${path}.missing`)
  return out
}

function checkSource(source: unknown, path: string): string {
  if (typeof source !== 'string') throw new Invalid(path, 'source is required and must be a string')
  if (!source.startsWith('/')) throw new Invalid(path, `source must start with / (got '${source}')`)
  try {
    tokensToRegexpSource(parsePath(source), [])
  } catch (error) {
    throw new Invalid(path, `Invalid source '${source}': ${(error as Error).message}`)
  }
  return source
}

/** P7: `{ type: 'header' | 'query' | 'cookie', key, value? }` or `{ type: 'host', value }`. */
function checkConditions(list: unknown, path: string): RouteHas[] {
  if (!Array.isArray(list)) throw new Invalid(path, 'must be an array of { type, key, value } conditions')
  return list.map((item: unknown, index) => {
    const at = `${path}[${index}]`
    if (typeof item !== 'object' || item === null) throw new Invalid(at, 'must be an object')
    const { type, key, value, ...rest } = item as Record<string, unknown>
    if (typeof type !== 'string' || !HAS_TYPES.has(type)) {
      throw new Invalid(`${at}.type`, "must be 'header', 'query', 'cookie' or 'host'")
    }
    const extra = Object.keys(rest)[0] ?? (type === 'host' && key !== undefined ? 'key' : undefined)
    if (extra !== undefined) throw new Invalid(`${at}.${extra}`, 'unrecognized key')
    if (type !== 'host' && typeof key !== 'string') {
      throw new Invalid(`${at}.key`, 'key is required when type is header, query or cookie')
    }
    if (type === 'host' && typeof value !== 'string')
      throw new Invalid(`${at}.value`, 'host must have a value')
    if (value !== undefined && typeof value !== 'string')
      throw new Invalid(`${at}.value`, 'value must be a string')
    if (typeof value === 'string') {
      // The value is a regular expression (anchored at match time); a broken one would only fail per request.
      try {
        RegExp(`^${value}$`)
      } catch (error) {
        throw new Invalid(`${at}.value`, (error as Error).message)
      }
    }
    const condition: RouteHas = { type: type as RouteHas['type'] }
    if (typeof key === 'string') condition.key = key
    if (typeof value === 'string') condition.value = value
    return condition
  })
}
