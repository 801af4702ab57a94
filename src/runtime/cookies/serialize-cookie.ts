/** Serialises a response cookie exactly as Next.js's `@edge-runtime/cookies` does (R55). */

/** The options `cookies().set()` and `NextResponse#cookies.set()` accept. */
export interface CookieOptions {
  path?: string
  domain?: string
  expires?: Date | number
  maxAge?: number
  secure?: boolean
  httpOnly?: boolean
  sameSite?: 'strict' | 'lax' | 'none' | boolean
  partitioned?: boolean
  priority?: 'low' | 'medium' | 'high'
}

/** A response cookie: name, value and attributes. */
export interface ResponseCookie extends CookieOptions {
  name: string
  value: string
}

/**
 * Next's defaults: the path is `/`; `maxAge` also sets `Expires`; a numeric `expires` is a timestamp.
 */
export function normalizeCookie(cookie: ResponseCookie): ResponseCookie {
  const out = { ...cookie }
  if (typeof out.expires === 'number') out.expires = new Date(out.expires)
  if (out.maxAge) out.expires = new Date(Date.now() + out.maxAge * 1000)
  if (out.path === undefined || out.path === null) out.path = '/'
  return out
}

/** Attribute order as observed: Path, Expires, Max-Age, Domain, Secure, HttpOnly, SameSite, Partitioned, Priority. */
export function serializeCookie(cookie: ResponseCookie): string {
  const attrs: string[] = []
  if (cookie.path) attrs.push(`Path=${cookie.path}`)
  if (cookie.expires || cookie.expires === 0) {
    const date = typeof cookie.expires === 'number' ? new Date(cookie.expires) : cookie.expires
    attrs.push(`Expires=${date.toUTCString()}`)
  }
  if (typeof cookie.maxAge === 'number') attrs.push(`Max-Age=${cookie.maxAge}`)
  if (cookie.domain) attrs.push(`Domain=${cookie.domain}`)
  if (cookie.secure) attrs.push('Secure')
  if (cookie.httpOnly) attrs.push('HttpOnly')
  if (cookie.sameSite) attrs.push(`SameSite=${cookie.sameSite === true ? 'strict' : cookie.sameSite}`)
  if (cookie.partitioned) attrs.push('Partitioned')
  if (cookie.priority) attrs.push(`Priority=${cookie.priority}`)
  const pair = `${cookie.name}=${encodeURIComponent(cookie.value ?? '')}`
  return attrs.length === 0 ? pair : `${pair}; ${attrs.join('; ')}`
}

/** Parses one `Set-Cookie` line back into a cookie (used to merge and re-serialise, R55). */
export function parseSetCookie(line: string): ResponseCookie | undefined {
  const [pair, ...attributes] = line.split(/; */)
  if (pair === undefined) return undefined
  const eq = pair.indexOf('=')
  if (eq <= 0) return undefined
  const name = pair.slice(0, eq)
  let value = pair.slice(eq + 1)
  try {
    value = decodeURIComponent(value)
  } catch {
    // keep the raw value
  }
  const cookie: ResponseCookie = { name, value }
  for (const attribute of attributes) {
    const i = attribute.indexOf('=')
    const key = (i === -1 ? attribute : attribute.slice(0, i)).toLowerCase()
    const val = i === -1 ? '' : attribute.slice(i + 1)
    switch (key) {
      case 'path':
        cookie.path = val
        break
      case 'domain':
        cookie.domain = val
        break
      case 'expires':
        cookie.expires = new Date(val)
        break
      case 'max-age':
        cookie.maxAge = Number(val)
        break
      case 'secure':
        cookie.secure = true
        break
      case 'httponly':
        cookie.httpOnly = true
        break
      case 'samesite':
        cookie.sameSite = val.toLowerCase() as ResponseCookie['sameSite']
        break
      case 'partitioned':
        cookie.partitioned = true
        break
      case 'priority':
        cookie.priority = val.toLowerCase() as ResponseCookie['priority']
        break
    }
  }
  return cookie
}
