/**
 * next.config `headers()`, `redirects()` and `rewrites()` applied to route-handler requests, in the places
 * proxy.md P20 gives them around the proxy. The build already evaluated them into the manifest; this compiles
 * them once, at load.
 */
import type { OutgoingHttpHeaders } from 'node:http'
import { parse as parseQuery, stringify as stringifyQuery, type ParsedUrlQuery } from 'node:querystring'
import { hasConfigRules, type ResolvedConfig, type RewriteRule } from '../config/resolved-config.ts'
import type { HasInput } from './match-has.ts'
import {
  compileRule,
  fillPath,
  fillText,
  matchRule,
  parseDestination,
  type ConfigRule,
  type Destination,
} from './_config-rule.ts'

interface HeaderRule extends ConfigRule {
  headers: { key: string; value: string }[]
}
interface RedirectRule extends ConfigRule {
  destination: Destination
  status: number
}
/** A compiled rewrite. */
export interface CompiledRewrite extends ConfigRule {
  destination: Destination
}

/** The three rewrite phases (P20 steps 4, 6, 8). */
export type RewritePhase = 'beforeFiles' | 'afterFiles' | 'fallback'

/** The compiled rules and what the request pipeline asks of them. */
export interface ConfigRoutes {
  basePath: string
  rewrites: Record<RewritePhase, CompiledRewrite[]>
  /** P20 step 2: the redirect to answer with, before the proxy runs. */
  redirect(pathname: string, input: HasInput): { status: number; location: string } | undefined
  /** P20 step 1: headers for the response, from the original path (lower-case names). */
  headers(pathname: string, input: HasInput): OutgoingHttpHeaders | undefined
  /** True when some rewrite rule matches the original path: the request needs the full pipeline. */
  matchesRewrite(pathname: string, input: HasInput): boolean
}

/** Compiles the config's rules; `undefined` when there are none, so the server keeps its plain path. */
export function createConfigRoutes(config: ResolvedConfig): ConfigRoutes | undefined {
  if (!hasConfigRules(config)) return undefined
  const { basePath } = config
  const { beforeFiles, afterFiles, fallback } = config.rewrites
  const headerRules: HeaderRule[] = config.headers.map((r) => ({
    ...compileRule(r, false),
    headers: r.headers,
  }))
  const redirectRules: RedirectRule[] = config.redirects.map((r) => ({
    ...compileRule(r, true),
    destination: parseDestination(withBasePath(r.destination, r.basePath === false ? '' : basePath)),
    status: r.statusCode ?? (r.permanent === true ? 308 : 307),
  }))
  const rewrites = {
    beforeFiles: compileRewrites(beforeFiles),
    afterFiles: compileRewrites(afterFiles),
    fallback: compileRewrites(fallback),
  }
  const all = [...rewrites.beforeFiles, ...rewrites.afterFiles, ...rewrites.fallback]
  return {
    basePath,
    rewrites,
    redirect(pathname, input) {
      for (const rule of redirectRules) {
        const params = matchRule(rule, pathname, basePath, input)
        if (params === undefined) continue
        const { origin, search, hash } = rule.destination
        const query = mergeQuery(input.search, fillText(search, params))
        return {
          status: rule.status,
          location: `${origin}${fillPath(rule.destination, params)}${query}${hash}`,
        }
      }
      return undefined
    },
    headers(pathname, input) {
      let out: OutgoingHttpHeaders | undefined
      for (const rule of headerRules) {
        const params = matchRule(rule, pathname, basePath, input)
        if (params === undefined) continue
        out ??= {}
        for (const header of rule.headers) {
          const name = fillText(header.key, params).toLowerCase()
          const value = fillText(header.value, params)
          if (name !== 'set-cookie') out[name] = value
          else out[name] = [...((out[name] as string[] | undefined) ?? []), value]
        }
      }
      return out
    },
    matchesRewrite(pathname, input) {
      return all.some((rule) => matchRule(rule, pathname, basePath, input) !== undefined)
    },
  }
}

/**
 * Applies `rule` to `pathname`: `undefined` when it does not match, else the destination — an absolute URL
 * for another origin, a path inside the basePath, or "" for a `basePath: false` path outside it (a 404).
 */
export function applyRewrite(
  routes: ConfigRoutes,
  rule: CompiledRewrite,
  pathname: string,
  input: HasInput,
): string | undefined {
  const params = matchRule(rule, pathname, routes.basePath, input)
  if (params === undefined) return undefined
  const path = fillPath(rule.destination, params)
  const { origin, search } = rule.destination
  if (origin !== '') return `${origin}${path}${fillText(search, params)}`
  const base = routes.basePath
  if (!rule.ownBasePath || base === '') return path
  if (path === base || path.startsWith(`${base}/`)) return path.slice(base.length) || '/'
  return ''
}

// Rewrites route inside the basePath, so their destinations stay without it (a `basePath: false` one is
// a full path, cut down to the basePath when the rule applies).
function compileRewrites(list: readonly RewriteRule[]): CompiledRewrite[] {
  return list.map((r) => ({ ...compileRule(r, false), destination: parseDestination(r.destination) }))
}

/** Next prefixes a relative destination with the basePath unless the rule opts out. */
function withBasePath(destination: string, basePath: string): string {
  if (basePath === '' || !destination.startsWith('/')) return destination
  return destination === '/' ? basePath : `${basePath}${destination}`
}

/**
 * The redirect's query: the request's own, overlaid with the destination's, stringified as Next does (values
 * that came from the request are percent-encoded again, the destination's are kept as written).
 */
function mergeQuery(requestSearch: string, destinationSearch: string): string {
  const initial = parseQuery(requestSearch.slice(1))
  const merged: ParsedUrlQuery = { ...initial, ...parseQuery(destinationSearch.slice(1)) }
  const initialValues = Object.values(initial).flat()
  const text = stringifyQuery(merged, '&', '=', {
    encodeURIComponent: (value: string) =>
      value in initial || initialValues.includes(value) ? encodeURIComponent(value) : value,
  })
  return text === '' ? '' : `?${text}`
}
