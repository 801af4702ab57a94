/** The runtime side of `config.matcher`: the build's regex sources compiled once, at load (proxy.md P5–P8). */
import type { IncomingMessage } from 'node:http'
import { compileHas, matchHas, type CompiledHas } from './match-has.ts'
import type { ProxyMatcher } from './proxy-manifest.ts'

/** Does the proxy run for this request? `pathname` has the basePath removed and is still percent-encoded. */
export type ProxyMatch = (pathname: string, req: IncomingMessage, search: string) => boolean

interface Entry {
  regexp: RegExp
  has: CompiledHas[] | undefined
  missing: CompiledHas[] | undefined
}

const always: ProxyMatch = () => true
const never: ProxyMatch = () => false

/**
 * P5: no matcher = every request; otherwise any entry whose source matches and whose conditions hold (P7).
 * Case-sensitive (P6: the regex carries no `i` flag). Like Next, the raw path is tried first and then its
 * decoded form, so `/%61pi/x` cannot slip past a matcher written for `/api/:path*`.
 */
export function createProxyMatcher(matchers: readonly ProxyMatcher[] | null): ProxyMatch {
  if (matchers === null) return always
  if (matchers.length === 0) return never
  const entries: Entry[] = matchers.map((m) => ({
    regexp: new RegExp(m.regexp),
    has: compileHas(m.has),
    missing: compileHas(m.missing),
  }))
  const only = entries.length === 1 && entries[0]!.has === undefined && entries[0]!.missing === undefined
  if (only) {
    // The common `matcher: '/api/:path*'`: one regex test, nothing allocated.
    const { regexp } = entries[0]!
    return (pathname) => regexp.test(pathname) || (pathname.includes('%') && testDecoded(regexp, pathname))
  }
  return (pathname, req, search) => {
    const decoded = pathname.includes('%') ? decode(pathname) : undefined
    for (const entry of entries) {
      if (!entry.regexp.test(pathname) && (decoded === undefined || !entry.regexp.test(decoded))) continue
      if (entry.has === undefined && entry.missing === undefined) return true
      if (matchHas({ req, search }, entry.has, entry.missing) !== undefined) return true
    }
    return false
  }
}

function testDecoded(regexp: RegExp, pathname: string): boolean {
  const decoded = decode(pathname)
  return decoded !== undefined && regexp.test(decoded)
}

function decode(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname)
  } catch {
    // Not decodable: only the raw form can match (Next does the same).
    return undefined
  }
}
