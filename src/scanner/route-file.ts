/** One URL segment of a route, as derived from a folder name (spec §A). */
export type Segment =
  /** Literal text; `value` is the raw URL text the request path must contain (after `%5F` → `_`). */
  | { kind: 'static'; value: string }
  /** `[name]`: exactly one non-empty segment (R5). */
  | { kind: 'dynamic'; name: string }
  /** `[...name]`: one or more segments, a `string[]` (R6). */
  | { kind: 'catch-all'; name: string }
  /** `[[...name]]`: zero or more segments; zero segments leave the key absent (R7). */
  | { kind: 'optional-catch-all'; name: string }

export type SegmentKind = Segment['kind']

/** A `route.*` file found in the app directory, with the URL it serves. */
export interface RouteFile {
  /** Path relative to the project directory, POSIX separators: `app/users/[id]/route.ts`. */
  file: string
  /** Absolute path on disk. */
  absPath: string
  /** The URL pattern as Next.js writes it: `/users/[id]`, `/` for the root. */
  pattern: string
  /** The URL segments, route groups and private folders already removed. */
  segments: Segment[]
}

/** What scanning a project finds. */
export interface ScanResult {
  /** The project directory (absolute). */
  projectDir: string
  /** The app directory relative to the project: `app` or `src/app`. */
  appDir: string
  /** Every route file, sorted by pattern. */
  routes: RouteFile[]
  /** Non-fatal notes for the build log. */
  warnings: string[]
}
