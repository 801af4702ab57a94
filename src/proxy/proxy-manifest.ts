/** What the build records about the project's proxy (`proxy.ts` or legacy `middleware.ts`) in the manifest. */
import type { RouteHas } from '../config/resolved-config.ts'

/** Which file convention the proxy uses (P3: `middleware.ts` is the deprecated name). */
export type ProxyConvention = 'proxy' | 'middleware'

/** One compiled `config.matcher` entry (P5–P7). */
export interface ProxyMatcher {
  /** The source as written, for messages and `routekit routes`. */
  source: string
  /** Regular expression source, compiled at build exactly as Next builds its middleware manifest. */
  regexp: string
  has?: RouteHas[]
  missing?: RouteHas[]
}

/** The proxy entry of `.routekit/manifest.json`. */
export interface ManifestProxy {
  /** Source file relative to the project: `proxy.ts`, `src/middleware.ts`. */
  file: string
  /** Compiled module relative to the output directory: `server/proxy.mjs`. */
  module: string
  convention: ProxyConvention
  /** The export to call: `proxy`/`middleware`, or `default`. */
  exportName: string
  /** `null` when there is no `config.matcher`: the proxy runs for every request (P5). */
  matchers: ProxyMatcher[] | null
}
