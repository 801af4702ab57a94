/** generateStaticParams results → URL paths, and route params → the key of a prerendered URL (R74, C49). */
import type { Segment } from '../scanner/route-file.ts'
import type { ParamValue } from './prerender-manifest.ts'

/**
 * The percent-encoded path of `segments` filled with `params`, or a message saying what is wrong with them.
 * The router decodes a path exactly once, so encoding each value once gives back the same params (R5–R7).
 */
export function toStaticPath(
  segments: readonly Segment[],
  params: Readonly<Record<string, unknown>>,
): { path: string } | { problem: string } {
  let path = ''
  for (const segment of segments) {
    if (segment.kind === 'static') {
      path += `/${segment.value}`
      continue
    }
    const value = params[segment.name]
    if (segment.kind === 'dynamic') {
      if (typeof value !== 'string' || value === '') {
        return { problem: `param "${segment.name}" must be a non-empty string, got ${describe(value)}` }
      }
      path += `/${encodeURIComponent(value)}`
      continue
    }
    // R6/R7: a catch-all takes a list; an optional one may be missing or empty.
    if (value === undefined && segment.kind === 'optional-catch-all') continue
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
      return {
        problem: `param "${segment.name}" must be an array of non-empty strings, got ${describe(value)}`,
      }
    }
    if (value.length === 0 && segment.kind === 'catch-all') {
      return { problem: `param "${segment.name}" must list at least one segment` }
    }
    for (const item of value as string[]) path += `/${encodeURIComponent(item)}`
  }
  return { path: path === '' ? '/' : path }
}

/** The key of a request's params: the same path `toStaticPath` gives for them (params are already decoded). */
export function toParamsKey(
  segments: readonly Segment[],
  params: Readonly<Record<string, ParamValue>>,
): string {
  const built = toStaticPath(segments, params)
  return 'path' in built ? built.path : ''
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
