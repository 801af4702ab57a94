/**
 * The path syntax of proxy matchers and next.config rules (P6): `:name`, `:name*`, `:name+`, `:name?`,
 * `(regex)`, `{…}` groups. Next compiles both with path-to-regexp 6.3.0; this is that grammar, rewritten
 * here so the runtime carries no dependency. Error messages are the library's, since Next puts them in its
 * "Invalid source" errors. `_path-to-regexp.ts` turns the tokens into a regex or back into a path.
 */

/** One parameter of a parsed path. */
export interface PathKey {
  name: string | number
  prefix: string
  suffix: string
  pattern: string
  modifier: '' | '?' | '*' | '+'
}

/** A parsed path: literal text and parameters, in order. */
export type PathToken = string | PathKey

type LexType = 'MODIFIER' | 'ESCAPED_CHAR' | 'OPEN' | 'CLOSE' | 'NAME' | 'PATTERN' | 'CHAR' | 'END'

interface Lexeme {
  type: LexType
  index: number
  value: string
}

const NAME_CHAR = /[0-9A-Za-z_]/

function lex(text: string): Lexeme[] {
  const out: Lexeme[] = []
  let i = 0
  while (i < text.length) {
    const char = text[i]!
    if (char === '*' || char === '+' || char === '?')
      out.push({ type: 'MODIFIER', index: i, value: text[i++]! })
    else if (char === '\\') out.push({ type: 'ESCAPED_CHAR', index: i++, value: text[i++] ?? '' })
    else if (char === '{') out.push({ type: 'OPEN', index: i, value: text[i++]! })
    else if (char === '}') out.push({ type: 'CLOSE', index: i, value: text[i++]! })
    else if (char === ':') {
      let j = i + 1
      while (j < text.length && NAME_CHAR.test(text[j]!)) j++
      if (j === i + 1) throw new TypeError(`Missing parameter name at ${i}`)
      out.push({ type: 'NAME', index: i, value: text.slice(i + 1, j) })
      i = j
    } else if (char === '(') {
      let count = 1
      let pattern = ''
      let j = i + 1
      if (text[j] === '?') throw new TypeError(`Pattern cannot start with "?" at ${j}`)
      while (j < text.length) {
        if (text[j] === '\\') {
          pattern += text[j++]! + (text[j++] ?? '')
          continue
        }
        if (text[j] === ')') {
          count--
          if (count === 0) {
            j++
            break
          }
        } else if (text[j] === '(') {
          count++
          if (text[j + 1] !== '?') throw new TypeError(`Capturing groups are not allowed at ${j}`)
        }
        pattern += text[j++]
      }
      if (count) throw new TypeError(`Unbalanced pattern at ${i}`)
      if (!pattern) throw new TypeError(`Missing pattern at ${i}`)
      out.push({ type: 'PATTERN', index: i, value: pattern })
      i = j
    } else out.push({ type: 'CHAR', index: i, value: text[i++]! })
  }
  out.push({ type: 'END', index: i, value: '' })
  return out
}

/** Escapes text for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/([.+*?=^!:${}()[\]|/\\])/g, '\\$1')
}

/** Parses a path into tokens; throws the library's TypeError on bad syntax. */
export function parsePath(text: string, delimiter = '/#?'): PathToken[] {
  const lexemes = lex(text)
  const result: PathToken[] = []
  let key = 0
  let i = 0
  let path = ''
  const take = (type: LexType): string | undefined =>
    i < lexemes.length && lexemes[i]!.type === type ? lexemes[i++]!.value : undefined
  const must = (type: LexType): string => {
    const value = take(type)
    if (value !== undefined) return value
    const { type: found, index } = lexemes[i]!
    throw new TypeError(`Unexpected ${found} at ${index}, expected ${type}`)
  }
  const takeText = (): string => {
    let out = ''
    let value: string | undefined
    while ((value = take('CHAR') || take('ESCAPED_CHAR'))) out += value
    return out
  }
  // 6.3.0's guard against catastrophic backtracking: a default pattern may not run into the text before it.
  const safePattern = (prefix: string): string => {
    const prev = result[result.length - 1]
    const prevText = prefix || (typeof prev === 'string' ? prev : '')
    if (prev !== undefined && !prevText) {
      throw new TypeError(
        `Must have text between two parameters, missing text after "${(prev as PathKey).name}"`,
      )
    }
    if (!prevText || [...delimiter].some((c) => prevText.includes(c)))
      return `[^${escapeRegExp(delimiter)}]+?`
    return `(?:(?!${escapeRegExp(prevText)})[^${escapeRegExp(delimiter)}])+?`
  }
  while (i < lexemes.length) {
    const char = take('CHAR')
    const name = take('NAME')
    const pattern = take('PATTERN')
    if (name || pattern) {
      let prefix = char || ''
      if (!'./'.includes(prefix)) {
        path += prefix
        prefix = ''
      }
      if (path) {
        result.push(path)
        path = ''
      }
      const modifier = (take('MODIFIER') || '') as PathKey['modifier']
      result.push({
        name: name || key++,
        prefix,
        suffix: '',
        pattern: pattern || safePattern(prefix),
        modifier,
      })
      continue
    }
    const value = char || take('ESCAPED_CHAR')
    if (value) {
      path += value
      continue
    }
    if (path) {
      result.push(path)
      path = ''
    }
    if (take('OPEN') !== undefined) {
      const prefix = takeText()
      const groupName = take('NAME') || ''
      const groupPattern = take('PATTERN') || ''
      const suffix = takeText()
      must('CLOSE')
      const modifier = (take('MODIFIER') || '') as PathKey['modifier']
      result.push({
        name: groupName || (groupPattern ? key++ : ''),
        pattern: groupName && !groupPattern ? safePattern(prefix) : groupPattern,
        prefix,
        suffix,
        modifier,
      })
      continue
    }
    must('END')
  }
  return result
}
