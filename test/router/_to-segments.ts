/** Test helper: a URL pattern as Next writes it (`/docs/[...path]`) → `Segment[]`, without the scanner. */
import type { Segment } from '../../src/scanner/route-file.ts'

/** Only whole-segment brackets are dynamic (R8): `[file].txt` stays a static segment. */
export function toSegments(pattern: string): Segment[] {
  if (pattern === '/') return []
  return pattern
    .slice(1)
    .split('/')
    .map((part): Segment => {
      const optional = /^\[\[\.\.\.([^\]/]+)\]\]$/.exec(part)
      if (optional !== null) return { kind: 'optional-catch-all', name: optional[1]! }
      const catchAll = /^\[\.\.\.([^\]/]+)\]$/.exec(part)
      if (catchAll !== null) return { kind: 'catch-all', name: catchAll[1]! }
      const dynamic = /^\[([^\].[/]+)\]$/.exec(part)
      if (dynamic !== null) return { kind: 'dynamic', name: dynamic[1]! }
      return { kind: 'static', value: part }
    })
}
