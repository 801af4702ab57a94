/**
 * `has` / `missing` conditions of proxy matchers and next.config rules (proxy.md P7), as Next's `matchHas`
 * evaluates them: a value is a regular expression anchored at both ends; without one the key must be present
 * with a non-empty value.
 */
import type { IncomingMessage } from 'node:http'
import type { RouteHas } from '../config/resolved-config.ts'
import { decodeCookieValue } from '../runtime/cookies/parse-cookie.ts'

/** A condition with its value regex compiled once, at load. */
export interface CompiledHas {
  type: RouteHas['type']
  key: string
  value: RegExp | undefined
}

/** Params captured by conditions: named groups of value regexes, or the value of a key-only condition. */
export type HasParams = Record<string, string>

/** Compiles conditions (validated at build) for `matchHas`. */
export function compileHas(list: readonly RouteHas[] | undefined): CompiledHas[] | undefined {
  if (list === undefined || list.length === 0) return undefined
  return list.map((item) => ({
    type: item.type,
    key: item.key ?? '',
    value: item.value === undefined ? undefined : new RegExp(`^${item.value}$`),
  }))
}

/** The request data conditions read; the query is parsed only when a condition asks for it. */
export interface HasInput {
  req: IncomingMessage
  /** Raw query including `?`, or "". */
  search: string
  query?: URLSearchParams
}

/** Params when every `has` holds and no `missing` does, otherwise `undefined`. */
export function matchHas(
  input: HasInput,
  has: readonly CompiledHas[] | undefined,
  missing: readonly CompiledHas[] | undefined,
): HasParams | undefined {
  const params: HasParams = {}
  if (has !== undefined) for (const item of has) if (!test(input, item, params)) return undefined
  if (missing !== undefined) for (const item of missing) if (test(input, item, params)) return undefined
  return params
}

function test(input: HasInput, item: CompiledHas, params: HasParams): boolean {
  const value = read(input, item)
  if (value === undefined || value === '') return false
  if (item.value === undefined) {
    params[safeParamName(item.key)] = value
    return true
  }
  const match = item.value.exec(value)
  if (match === null) return false
  if (match.groups !== undefined) Object.assign(params, match.groups)
  else if (item.type === 'host') params.host = match[0]
  return true
}

/** The value a condition looks at; for a repeated query key the last one (and presence counts as truthy). */
function read(input: HasInput, item: CompiledHas): string | undefined {
  const { req } = input
  switch (item.type) {
    case 'header': {
      const value = req.headers[item.key.toLowerCase()]
      return Array.isArray(value) ? value.at(-1) : value
    }
    case 'cookie':
      return readCookie(req.headers.cookie, item.key)
    case 'query': {
      input.query ??= new URLSearchParams(input.search)
      const values = input.query.getAll(item.key)
      // Node's querystring gives an array for a repeated key, which is truthy even when its items are empty.
      if (values.length > 1 && item.value === undefined) return values.join(',') || ','
      return values.at(-1)
    }
    case 'host':
      return req.headers.host?.split(':', 1)[0]!.toLowerCase()
  }
}

/** The `cookie` package's parse, for one name: the first occurrence wins, pairs without `=` are skipped. */
function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue
    let value = pair.slice(eq + 1).trim()
    if (value.charCodeAt(0) === 34 /* " */) value = value.slice(1, -1)
    return decodeCookieValue(value)
  }
  return undefined
}

/** Next's `getSafeParamName`: only ASCII letters survive. */
function safeParamName(key: string): string {
  return key.replace(/[^A-Za-z]/g, '')
}
