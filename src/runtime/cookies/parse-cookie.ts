/** Parses a `Cookie` request header the way Next.js's `@edge-runtime/cookies` does (R45). */

/** Decodes a cookie value; a malformed escape leaves the raw text rather than failing the request. */
export function decodeCookieValue(value: string): string {
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** `a=1; b=two%20words; c=` → Map { a → '1', b → 'two words', c → '' }; the first of two equal names wins. */
export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  if (!header) return cookies
  for (const pair of header.split(/; */)) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = (eq === -1 ? pair : pair.slice(0, eq)).trim()
    if (name === '' || cookies.has(name)) continue
    const value = eq === -1 ? 'true' : pair.slice(eq + 1)
    cookies.set(name, decodeCookieValue(value))
  }
  return cookies
}
