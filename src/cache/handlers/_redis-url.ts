/** Redis URL checks, apart from the handler so start-up can refuse a bad URL without loading ioredis. */

/** Checks a Redis URL before anything connects to it; returns the message for a bad one. */
export function checkRedisUrl(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'it is not a URL'
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    return `the scheme is "${parsed.protocol}", expected redis: or rediss:`
  }
  if (parsed.hostname === '') return 'it names no host'
  return undefined
}
