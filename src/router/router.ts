/** The router contract: every matcher implementation satisfies it and runs the shared case table. */
import type { Segment } from '../scanner/route-file.ts'

/** Route params as handlers see them: `[id]` → string, `[...x]`/`[[...x]]` → string[]. */
export type Params = Record<string, string | string[]>

/** One route the router knows, carrying caller data `T` (the loaded module, a manifest entry…). */
export interface RouteRecord<T> {
  pattern: string
  segments: readonly Segment[]
  data: T
}

/** A successful match. */
export interface RouteMatch<T> {
  data: T
  /**
   * `undefined` when the route has no dynamic segment (R32); otherwise the decoded params. An optional
   * catch-all that matched zero segments leaves its key absent (R7).
   */
  params: Params | undefined
}

/** Matches a normalised request pathname (raw, still percent-encoded) to a route. */
export interface Router<T> {
  /**
   * Returns the route Next.js would pick, or `undefined`. Throws a RoutekitError `RK_BAD_PERCENT_ENCODING`
   * (status 400) when a dynamic segment that would be used holds a malformed escape. The result is
   * read-only: a route without dynamic segments answers with one shared, frozen object.
   */
  match(pathname: string): RouteMatch<T> | undefined
}
