/** Request-path normalisation done before routing: dot segments, doubled and trailing slashes (R15–R17). */

/** Either the pathname to route, or where to redirect (308) first. */
export type NormalizedPath =
  | { pathname: string; redirect: undefined }
  | { pathname: string; redirect: string }

/**
 * Resolves `.`/`..` segments (R17: `/echo/x/../y` routes as `/echo/y`, no redirect) and asks for a 308
 * when the path has a doubled slash anywhere or a trailing slash (R15 + errata), or lacks one under
 * `trailingSlash: true` (R16: except when the last segment holds a dot). Percent-escapes are left alone:
 * `%2e%2e` is not a dot segment.
 */
export function normalizePath(path: string, trailingSlash: boolean): NormalizedPath {
  // Fast path: the common request path has no dot segment and no doubled slash.
  const pathname = path.includes('/.') ? resolveDots(path) : path
  let target = pathname.includes('//') ? pathname.replace(/\/{2,}/g, '/') : pathname
  if (target.length > 1) {
    const hasSlash = target.charCodeAt(target.length - 1) === 47 /* / */
    if (!trailingSlash) {
      if (hasSlash) target = target.slice(0, -1)
    } else {
      const dotted = lastSegment(target).includes('.')
      if (hasSlash && dotted) target = target.slice(0, -1)
      else if (!hasSlash && !dotted) target += '/'
    }
  }
  return target === pathname ? { pathname, redirect: undefined } : { pathname: target, redirect: target }
}

function lastSegment(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

function resolveDots(path: string): string {
  const out: string[] = []
  const parts = path.split('/')
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!
    if (part === '..') {
      if (out.length > 0) out.pop()
      if (i === parts.length - 1) out.push('')
    } else if (part === '.') {
      if (i === parts.length - 1) out.push('')
    } else {
      out.push(part)
    }
  }
  return `/${out.join('/')}`
}
