/**
 * Which route answers once the proxy has run (proxy.md P20 steps 4–8): `beforeFiles` rewrites, then a route
 * of static segments at the path, then `afterFiles` rewrites, then any route (dynamic ones), then `fallback`
 * rewrites. After each rewrite that lands on a route, that route answers (Next's `check: true`).
 */
import type { RouteMatch, Router } from '../router/router.ts'
import type { LoadedRoute } from '../runtime/route-handlers.ts'
import { applyRewrite, type ConfigRoutes, type RewritePhase } from './create-config-routes.ts'
import type { HasInput } from './match-has.ts'

/** A route, a URL on another origin to forward to, or nothing (404). */
export type Resolved =
  | { kind: 'route'; match: RouteMatch<LoadedRoute> }
  | { kind: 'external'; url: string }
  | { kind: 'none' }

const NONE: Resolved = { kind: 'none' }

/** Resolves `path` (basePath removed, "" when a rewrite left the basePath). Throws on a malformed escape. */
export function resolveRoute(
  router: Router<LoadedRoute>,
  routes: ConfigRoutes | undefined,
  path: string,
  input: HasInput,
): Resolved {
  const match = (p: string): RouteMatch<LoadedRoute> | undefined =>
    p === '' ? undefined : router.match(p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p)
  if (routes === undefined) {
    const found = match(path)
    return found === undefined ? NONE : { kind: 'route', match: found }
  }
  let current = path
  const phase = (name: RewritePhase): Resolved | undefined => {
    for (const rule of routes.rewrites[name]) {
      const destination = applyRewrite(routes, rule, current, input)
      if (destination === undefined) continue
      if (/^[a-z][a-z0-9+.-]*:/i.test(destination)) return { kind: 'external', url: destination }
      current = destination
      const found = match(current)
      if (found !== undefined) return { kind: 'route', match: found }
    }
    return undefined
  }
  const before = phase('beforeFiles')
  if (before !== undefined) return before
  // P20 step 5: only a route of static segments beats the afterFiles rewrites (R32: it has no params).
  const direct = match(current)
  if (direct !== undefined && direct.params === undefined) return { kind: 'route', match: direct }
  const after = phase('afterFiles')
  if (after !== undefined) return after
  const dynamic = match(current)
  if (dynamic !== undefined) return { kind: 'route', match: dynamic }
  return phase('fallback') ?? NONE
}
