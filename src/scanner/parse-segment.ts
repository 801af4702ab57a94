/** One folder name → one URL segment, following Next.js's rules (spec §A, R3–R9, R11). */
import { createError, type RoutekitError } from '../errors.ts'
import type { Segment } from './route-file.ts'

/**
 * Next's intercepting-route markers (`shared/lib/router/utils/interception-routes.ts`,
 * `INTERCEPTION_ROUTE_MARKERS`), longest first so `(..)(..)x` is not read as `(..)` + `(..)x`.
 */
const INTERCEPTION_MARKERS = ['(..)(..)', '(...)', '(..)', '(.)'] as const

/**
 * The URL segment a folder name forms, or `null` for a folder that adds none (a route group `(name)`
 * or a parallel-route slot `@name`). Throws `RK_BAD_SEGMENT` naming `file` for malformed brackets and
 * for intercepting-route folders.
 */
export function parseSegment(folderName: string, file: string): Segment | null {
  // R3: Next's `isGroupSegment` is exactly "starts with ( and ends with )", checked before anything
  // else in `normalizeAppPath` (`shared/lib/router/utils/app-paths.ts`).
  if (isRouteGroup(folderName)) return null
  // `normalizeAppPath` drops `@slot` segments too ("Parallel segments are ignored"), so a route file
  // inside a slot answers at the parent's URL; a clash with a route outside the slot is R13's duplicate.
  if (folderName.startsWith('@')) return null
  const marker = INTERCEPTION_MARKERS.find((m) => folderName.startsWith(m))
  if (marker !== undefined) {
    // Next keeps `(.)x` as literal URL text and adds a rewrite that only fires on client-side
    // navigation (the `Next-Url` header, `lib/generate-interception-routes-rewrites.ts`). A route
    // handler is never reached that way, so the folder can only be a mistake: say so at build.
    throw bad(
      folderName,
      file,
      `"${marker}" marks an intercepting route, which only applies to pages during client-side navigation; ` +
        `move the route handler to a folder without the marker`,
    )
  }

  // R4: Next replaces every upper-case `%5F` in the path with `_` (`UnderscoreNormalizer`:
  // `pathname.replace(/%5F/g, '_')`), before it parses brackets; lower-case `%5f` stays as it is.
  const name = folderName.replaceAll('%5F', '_')

  // R8: only a segment that starts with `[` and ends with `]` is dynamic (Next's `sorted-routes.ts`
  // test); `[file].txt` is the literal text `[file].txt`. R9: dots are literal.
  if (!(name.startsWith('[') && name.endsWith(']'))) {
    if (count(name, '[') !== count(name, ']')) {
      // Next would serve `[id` as literal text; an unbalanced bracket is a typo far more often than a
      // wanted URL, so Routekit refuses it.
      throw bad(folderName, file, 'its brackets are unbalanced; write [name] for a dynamic segment')
    }
    return { kind: 'static', value: name }
  }

  // The rest mirrors `UrlNode._insert` in `shared/lib/router/utils/sorted-routes.ts`.
  let inner = name.slice(1, -1)
  let optional = false
  if (inner.startsWith('[') && inner.endsWith(']')) {
    inner = inner.slice(1, -1)
    optional = true
  }
  let catchAll = false
  if (inner.startsWith('...')) {
    inner = inner.slice(3)
    catchAll = true
  }
  if (inner.includes('[') || inner.includes(']')) {
    // Next: "Segment names may not start or end with extra brackets"; a bracket inside a name is no
    // better, since the pattern `/[a]b]` could not be read back.
    throw bad(folderName, file, 'it has extra brackets; write [name], [...name] or [[...name]]')
  }
  if (inner === '') {
    throw bad(folderName, file, 'the parameter has no name; write e.g. [id], [...slug] or [[...slug]]')
  }
  if (inner.startsWith('.')) {
    // Next: "Segment names may not start with erroneous periods".
    throw bad(folderName, file, 'a parameter name cannot start with "."; a catch-all is written [...name]')
  }
  if (optional && !catchAll) {
    // Next: "Optional route parameters are not yet supported".
    throw bad(
      folderName,
      file,
      `optional single parameters are not supported; write [${inner}], or [[...${inner}]] for an optional catch-all`,
    )
  }
  if (!catchAll) return { kind: 'dynamic', name: inner }
  return optional ? { kind: 'optional-catch-all', name: inner } : { kind: 'catch-all', name: inner }
}

/** True for a route-group folder `(name)` (R3), which adds no URL segment. */
export function isRouteGroup(folderName: string): boolean {
  return folderName.startsWith('(') && folderName.endsWith(')')
}

function count(text: string, char: string): number {
  let n = 0
  for (const c of text) if (c === char) n++
  return n
}

function bad(segment: string, file: string, reason: string): RoutekitError {
  return createError('RK_BAD_SEGMENT', { segment, file, reason })
}
