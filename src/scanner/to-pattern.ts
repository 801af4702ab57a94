/** Segments → the URL pattern as Next.js writes it. */
import type { Segment } from './route-file.ts'

/** The pattern Next prints for `segments`: `/users/[id]`, `/docs/[...path]`, `/files/[[...parts]]`, `/`. */
export function toPattern(segments: readonly Segment[]): string {
  if (segments.length === 0) return '/'
  let pattern = ''
  for (const segment of segments) pattern += `/${toSegmentText(segment)}`
  return pattern
}

/** One segment spelled as its folder (after `%5F` → `_`): `users`, `[id]`, `[...path]`, `[[...parts]]`. */
export function toSegmentText(segment: Segment): string {
  switch (segment.kind) {
    case 'static':
      return segment.value
    case 'dynamic':
      return `[${segment.name}]`
    case 'catch-all':
      return `[...${segment.name}]`
    case 'optional-catch-all':
      return `[[...${segment.name}]]`
  }
}
