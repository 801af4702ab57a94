/**
 * One next.config `headers()`/`redirects()`/`rewrites()` rule, compiled once at load the way Next compiles
 * custom routes: path-to-regexp with `/` as the only delimiter, strict, case-insensitive (proxy.md P6), an
 * optional trailing slash, and for redirects no match under `/_next`.
 */
import type { RouteHas } from '../config/resolved-config.ts'
import { compileHas, matchHas, type CompiledHas, type HasInput } from './match-has.ts'
import {
  compileTokens,
  parsePath,
  tokensToRegexpSource,
  type PathKey,
  type PathToken,
} from './_path-to-regexp.ts'

/** Params of a matched rule: path params (repeated ones as arrays) and `has` captures. */
export type RuleParams = Record<string, string | string[]>

/** A compiled rule. */
export interface ConfigRule {
  regexp: RegExp
  keys: PathKey[]
  has: CompiledHas[] | undefined
  missing: CompiledHas[] | undefined
  /** `basePath: false`: the source is matched against the full path, basePath included. */
  ownBasePath: boolean
}

/** The parts of a rule that compile the same for every kind. */
export interface RuleInput {
  source: string
  basePath?: false
  has?: RouteHas[]
  missing?: RouteHas[]
}

/** Compiles `rule`; `redirect` rules never match `/_next/…`, as in Next. */
export function compileRule(rule: RuleInput, redirect: boolean): ConfigRule {
  const keys: PathKey[] = []
  let source = tokensToRegexpSource(parsePath(rule.source, '/'), keys, { delimiter: '/', strict: true })
  if (redirect) source = source.replace(/^\^/, '^(?!\\/_next)')
  source = source.replace(/\$$/, '(?:\\/)?$')
  return {
    regexp: new RegExp(source, 'i'),
    keys,
    has: compileHas(rule.has),
    missing: compileHas(rule.missing),
    ownBasePath: rule.basePath === false,
  }
}

/** Params when `rule` matches `pathname` (basePath removed) and its conditions hold, else `undefined`. */
export function matchRule(
  rule: ConfigRule,
  pathname: string,
  basePath: string,
  input: HasInput,
): RuleParams | undefined {
  const match = rule.regexp.exec(
    rule.ownBasePath ? `${basePath}${pathname === '/' && basePath ? '' : pathname}` : pathname,
  )
  if (match === null) return undefined
  const params: RuleParams = {}
  for (let i = 0; i < rule.keys.length; i++) {
    const key = rule.keys[i]!
    const value = match[i + 1]
    // Unnamed groups (`(.*)`) are dropped, as Next's removeUnnamedParams does.
    if (value === undefined || typeof key.name === 'number') continue
    params[key.name] =
      key.modifier === '*' || key.modifier === '+' ? value.split(key.prefix + key.suffix) : value
  }
  if (rule.has === undefined && rule.missing === undefined) return params
  const captured = matchHas(input, rule.has, rule.missing)
  return captured === undefined ? undefined : Object.assign(params, captured)
}

/** A destination split once at load: its path tokens and the rest (query and hash) kept as text. */
export interface Destination {
  /** `https://host` for another origin, "" for a path. */
  origin: string
  path: PathToken[]
  /** `?a=:x` (may hold params) or "". */
  search: string
  hash: string
}

/** Splits a rule's destination (`/x/:y?q=1`, `https://example.com/:path*`). */
export function parseDestination(destination: string): Destination {
  const originMatch = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(destination)
  const origin = originMatch?.[0] ?? ''
  const rest = destination.slice(origin.length)
  const hashAt = rest.indexOf('#')
  const withoutHash = hashAt === -1 ? rest : rest.slice(0, hashAt)
  const queryAt = withoutHash.indexOf('?')
  const path = queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt)
  return {
    origin,
    path: parsePath(path || '/', '/'),
    search: queryAt === -1 ? '' : withoutHash.slice(queryAt),
    hash: hashAt === -1 ? '' : rest.slice(hashAt),
  }
}

/** The destination path with `params` filled in (repeated slashes collapsed, as Next does for redirects). */
export function fillPath(destination: Destination, params: RuleParams): string {
  return compileTokens(destination.path, params).replace(/\/{2,}/g, '/') || '/'
}

/** Next's `compileNonPath`, reduced to what it does: `:name` (with an optional modifier) becomes its value. */
export function fillText(text: string, params: RuleParams): string {
  if (!text.includes(':')) return text
  return text.replace(/:([A-Za-z0-9_]+)[*+?]?/g, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : Array.isArray(value) ? value.join('/') : value
  })
}
