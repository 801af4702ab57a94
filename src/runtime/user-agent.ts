/** `userAgent(request)` from `next/server`: the parsed User-Agent, as Next returns it. */
import { createRequire } from 'node:module'

/** What `userAgent()` returns (Next's `UserAgent`). */
export interface UserAgent {
  isBot: boolean
  ua: string
  browser: { name?: string; version?: string; major?: string }
  device: { model?: string; type?: string; vendor?: string }
  engine: { name?: string; version?: string }
  os: { name?: string; version?: string }
  cpu: { architecture?: string }
}

type Parser = (ua: string) => Omit<UserAgent, 'isBot'>
let parse: Parser | undefined

// Next's own bot test (packages/next/src/server/web/spec-extension/user-agent.ts).
const BOT =
  /Googlebot|Mediapartners-Google|AdsBot-Google|googleweblight|Storebot-Google|Google-PageRenderer|Bingbot|BingPreview|Slurp|DuckDuckBot|baiduspider|yandex|sogou|LinkedInBot|bitlybot|tumblr|vkShare|quora link preview|facebookexternalhit|facebookcatalog|Twitterbot|applebot|redditbot|Slackbot|Discordbot|WhatsApp|SkypeUriPreview|ia_archiver/i

/** Parses the request's `user-agent` header (ua-parser-js, loaded on first use: most apps never call this). */
export function userAgent(request: { headers: Headers }): UserAgent {
  parse ??= createRequire(import.meta.url)('ua-parser-js') as Parser
  const ua = request.headers.get('user-agent') ?? ''
  const result = parse(ua)
  return { ...result, ua, isBot: BOT.test(ua) }
}

/** Same as `userAgent`, from a raw header string. */
export function userAgentFromString(input: string | undefined): UserAgent {
  return userAgent({ headers: new Headers(input === undefined ? {} : { 'user-agent': input }) })
}
