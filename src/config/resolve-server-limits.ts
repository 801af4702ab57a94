/** Turns limits written by users (config file, CLI flags) into checked numbers. */
import { createError } from '../errors.ts'
import { DEFAULT_LIMITS, LIMIT_KEYS, LIMITS, type LimitUnit, type ServerLimits } from './server-limits.ts'

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i
const SIZE_FACTOR: Record<string, number> = {
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
}
const DURATION_FACTOR: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
const EXPECTED: Record<LimitUnit, string> = {
  bytes: 'use a whole number of bytes or a size such as "64kb" or "10mb"',
  ms: 'use a whole number of milliseconds or a duration such as "500ms", "30s" or "2m"',
  count: 'use a whole number (0 for no limit)',
}

/**
 * Parses one limit. Numbers are bytes, milliseconds or a count; strings may carry a unit (1024-based sizes).
 * `source` names where the value came from (a config file or a flag) for the error message.
 */
export function resolveLimitValue(key: keyof ServerLimits, raw: unknown, source: string): number {
  const { unit } = LIMITS[key]
  let value: number | undefined
  if (typeof raw === 'number') value = raw
  else if (typeof raw === 'string') {
    const text = raw.trim()
    const match =
      unit === 'bytes' ? SIZE.exec(text) : unit === 'ms' ? DURATION.exec(text) : /^\d+$/.exec(text)
    if (match !== null) {
      const factor = unit === 'bytes' ? SIZE_FACTOR : unit === 'ms' ? DURATION_FACTOR : undefined
      value = Number(match[1] ?? match[0]) * (factor?.[(match[2] ?? '').toLowerCase()] ?? 1)
    }
  }
  if (value === undefined || !Number.isFinite(value) || value < 0) {
    throw createError('RK_LIMIT_INVALID', {
      source,
      key,
      value: JSON.stringify(raw) ?? String(raw),
      expected: EXPECTED[unit],
    })
  }
  return Math.round(value)
}

/** Checks a config file's export: only known keys, each a valid value. Returns the limits it sets. */
export function resolveConfigLimits(file: string, raw: unknown): Partial<ServerLimits> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw createError('RK_LIMIT_INVALID', {
      source: file,
      key: 'default export',
      value: raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw,
      expected: 'export an object such as `export default { bodyLimit: "1mb" }`',
    })
  }
  const limits: Partial<ServerLimits> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in LIMITS)) throw createError('RK_CONFIG_UNKNOWN_KEY', { file, key, known: LIMIT_KEYS })
    if (value === undefined) continue
    limits[key as keyof ServerLimits] = resolveLimitValue(key as keyof ServerLimits, value, file)
  }
  return limits
}

/**
 * Layers defaults, then the build's routekit.config, then flags, and checks the limits against each other.
 * `source` says where a limit came from, for the one message that spans two of them.
 */
export function resolveServerLimits(
  fromConfig: Partial<ServerLimits>,
  fromFlags: Partial<ServerLimits>,
  configFile: string | null,
): ServerLimits {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...fromConfig, ...fromFlags }
  const source = (key: keyof ServerLimits): string =>
    key in fromFlags ? LIMITS[key].flag : key in fromConfig ? (configFile ?? 'config') : 'the default'
  if (limits.maxUrlLength > limits.maxHeaderSize) {
    // Node counts the request line into maxHeaderSize: a longer URL could never arrive, so 414 would be a lie.
    throw createError('RK_LIMIT_INVALID', {
      source: source('maxUrlLength'),
      key: 'maxUrlLength',
      value: String(limits.maxUrlLength),
      expected: `it must not exceed maxHeaderSize (${limits.maxHeaderSize}, from ${source('maxHeaderSize')}), which counts the URL too; raise maxHeaderSize as well`,
    })
  }
  if (limits.requestTimeout > 0 && limits.headersTimeout > limits.requestTimeout) {
    // Node refuses this combination at createServer; say which setting to change instead.
    throw createError('RK_LIMIT_INVALID', {
      source: source('headersTimeout'),
      key: 'headersTimeout',
      value: String(limits.headersTimeout),
      expected: `it must not exceed requestTimeout (${limits.requestTimeout}, from ${source('requestTimeout')}), since the head is part of the request`,
    })
  }
  if (limits.headersTimeout === 0 || limits.keepAliveTimeout === 0) {
    const key = limits.headersTimeout === 0 ? 'headersTimeout' : 'keepAliveTimeout'
    throw createError('RK_LIMIT_INVALID', {
      source: source(key),
      key,
      value: '0',
      expected: 'a connection needs a timeout here, or idle sockets pile up forever; use a positive duration',
    })
  }
  return limits
}
