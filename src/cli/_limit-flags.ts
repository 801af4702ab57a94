/** The `routekit start` flags that override routekit.config limits: one per limit, named after it. */
import { resolveLimitValue } from '../config/resolve-server-limits.ts'
import { DEFAULT_LIMITS, LIMIT_KEYS, LIMITS, type ServerLimits } from '../config/server-limits.ts'

/** `parseArgs` options for every limit flag (`--body-limit <size>` …). */
export const LIMIT_FLAG_OPTIONS = Object.fromEntries(
  LIMIT_KEYS.map((key) => [LIMITS[key].flag.slice(2), { type: 'string' as const }]),
) as Record<string, { type: 'string' }>

/** The limits given on the command line, checked; a bad value throws naming the flag. */
export function readLimitFlags(values: Record<string, unknown>): Partial<ServerLimits> {
  const limits: Partial<ServerLimits> = {}
  for (const key of LIMIT_KEYS) {
    const flag = LIMITS[key].flag
    const value = values[flag.slice(2)]
    if (typeof value === 'string') limits[key] = resolveLimitValue(key, value, flag)
  }
  return limits
}

/** The help lines for the limit flags, with their defaults and statuses. */
export function formatLimitFlagsHelp(): string {
  return LIMIT_KEYS.map((key) => {
    const { flag, unit, status } = LIMITS[key]
    const arg = unit === 'bytes' ? '<size>' : unit === 'ms' ? '<time>' : '<n>'
    const shown = formatDefault(key, DEFAULT_LIMITS[key])
    const answer = status === undefined ? '' : `, ${status} beyond it`
    return `  ${`${flag} ${arg}`.padEnd(27)} ${key} (default ${shown}${answer})`
  }).join('\n')
}

function formatDefault(key: keyof ServerLimits, value: number): string {
  const unit = LIMITS[key].unit
  if (value === 0) return 'none'
  if (unit === 'bytes') return value % (1024 * 1024) === 0 ? `${value / 1024 / 1024}mb` : `${value / 1024}kb`
  if (unit === 'ms') return value % 1000 === 0 ? `${value / 1000}s` : `${value}ms`
  return String(value)
}
