/** C8: the `cache-control` of a prerendered GET, and how lifetimes read in the route table (C0.2). */

/** Next's one-year cap (`CACHE_ONE_YEAR`): an infinite expire is sent as this many seconds. */
export const ONE_YEAR = 31536000

/**
 * `s-maxage=R, stale-while-revalidate=E−R` with E capped at a year (C8); `s-maxage=31536000` when the
 * route never revalidates by time (C6, R72).
 */
export function toCacheControl(revalidate: number | false, expire: number): string {
  if (revalidate === false) return `s-maxage=${ONE_YEAR}`
  const window = Math.min(expire, ONE_YEAR) - revalidate
  return window > 0 ? `s-maxage=${revalidate}, stale-while-revalidate=${window}` : `s-maxage=${revalidate}`
}

const UNITS: readonly [number, string][] = [
  [ONE_YEAR, 'y'],
  [604800, 'w'],
  [86400, 'd'],
  [3600, 'h'],
  [60, 'm'],
  [1, 's'],
]

/** `900` → `15m`, `2592000` → `30d`, `90` → `90s` (exact), a year or more → `1y` (C0.2: `15m 1y`, `3s 5m`). */
export function formatLifetime(seconds: number): string {
  if (seconds >= ONE_YEAR) return '1y'
  // The largest unit that divides evenly, so 30 days read `30d`, not `4w`.
  for (const [size, unit] of UNITS)
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`
  for (const [size, unit] of UNITS) if (seconds >= size) return `${Math.round(seconds / size)}${unit}`
  return `${seconds}s`
}
