/** Parsed paths to regular expressions and back to paths, as path-to-regexp 6.3.0 does (P6). */
import { escapeRegExp, type PathKey, type PathToken } from './_parse-path.ts'

export { parsePath, type PathKey, type PathToken } from './_parse-path.ts'

/** How a parsed path becomes a regular expression. */
export interface RegexpOptions {
  /** Characters that end a segment; default `/#?`. */
  delimiter?: string
  /** `false` (default) accepts one trailing delimiter. */
  strict?: boolean
}

/** The regular expression source for `tokens` (anchored at both ends), collecting parameters into `keys`. */
export function tokensToRegexpSource(
  tokens: readonly PathToken[],
  keys: PathKey[],
  options: RegexpOptions = {},
): string {
  const delimiter = options.delimiter ?? '/#?'
  let route = '^'
  for (const token of tokens) {
    if (typeof token === 'string') {
      route += escapeRegExp(token)
      continue
    }
    const prefix = escapeRegExp(token.prefix)
    const suffix = escapeRegExp(token.suffix)
    if (!token.pattern) {
      route += `(?:${prefix}${suffix})${token.modifier}`
      continue
    }
    keys.push(token)
    const repeat = token.modifier === '+' || token.modifier === '*'
    if (prefix || suffix) {
      route += repeat
        ? `(?:${prefix}((?:${token.pattern})(?:${suffix}${prefix}(?:${token.pattern}))*)${suffix})${token.modifier === '*' ? '?' : ''}`
        : `(?:${prefix}(${token.pattern})${suffix})${token.modifier}`
    } else {
      if (repeat) throw new TypeError(`Can not repeat "${token.name}" without a prefix and suffix`)
      route += `(${token.pattern})${token.modifier}`
    }
  }
  if (options.strict !== true) route += `[${escapeRegExp(delimiter)}]?`
  return `${route}$`
}

/**
 * Fills a parsed path with `params` (path-to-regexp's `compile` with `validate: false`): arrays fill
 * repeated parameters, a missing optional one is left out, a missing required one throws.
 */
export function compileTokens(
  tokens: readonly PathToken[],
  params: Readonly<Record<string, string | string[]>>,
): string {
  let out = ''
  for (const token of tokens) {
    if (typeof token === 'string') {
      out += token
      continue
    }
    const value = params[String(token.name)]
    const optional = token.modifier === '?' || token.modifier === '*'
    const repeat = token.modifier === '*' || token.modifier === '+'
    if (Array.isArray(value)) {
      if (!repeat) throw new TypeError(`Expected "${token.name}" to not repeat, but got an array`)
      if (value.length === 0 && !optional) throw new TypeError(`Expected "${token.name}" to not be empty`)
      for (const segment of value) out += token.prefix + segment + token.suffix
    } else if (typeof value === 'string') {
      out += token.prefix + value + token.suffix
    } else if (!optional) {
      throw new TypeError(`Expected "${token.name}" to be ${repeat ? 'an array' : 'a string'}`)
    }
  }
  return out
}
