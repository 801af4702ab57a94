import { describe, expect, it } from 'vitest'
import { RoutekitError } from '../../src/errors.ts'
import {
  resolveConfigLimits,
  resolveLimitValue,
  resolveServerLimits,
} from '../../src/config/resolve-server-limits.ts'
import { DEFAULT_LIMITS } from '../../src/config/server-limits.ts'

/** The error `fn` throws (fails the test when it throws none). */
function thrown(fn: () => unknown): RoutekitError {
  try {
    fn()
  } catch (error) {
    if (error instanceof RoutekitError) return error
    throw error
  }
  throw new Error('expected a RoutekitError')
}

describe('resolveLimitValue', () => {
  it.each([
    [1024, 1024],
    ['1024', 1024],
    ['1kb', 1024],
    ['1KiB', 1024],
    ['1.5kb', 1536],
    ['10mb', 10 * 1024 * 1024],
    ['64 kb', 64 * 1024],
    ['1gb', 1024 ** 3],
    [0, 0],
  ])('reads the size %j as %d bytes', (raw, bytes) => {
    expect(resolveLimitValue('bodyLimit', raw, 'test')).toBe(bytes)
  })

  it.each([
    [1500, 1500],
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
  ])('reads the duration %j as %d ms', (raw, ms) => {
    expect(resolveLimitValue('requestTimeout', raw, 'test')).toBe(ms)
  })

  it('reads a count as a plain whole number', () => {
    expect(resolveLimitValue('maxConnections', '8', 'test')).toBe(8)
    expect(() => resolveLimitValue('maxConnections', '8kb', 'test')).toThrow(RoutekitError)
  })

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '', 'ten', '5 parsecs', '1e3', true, null, {}])(
    'refuses %j, naming the source, the key and the accepted forms',
    (raw) => {
      const error = thrown(() => resolveLimitValue('bodyLimit', raw, 'routekit.config.ts'))
      expect(error.code).toBe('RK_LIMIT_INVALID')
      expect(error.message).toMatch(/^\[RK_LIMIT_INVALID\] routekit\.config\.ts: invalid bodyLimit /)
      expect(error.message).toContain('use a whole number of bytes or a size such as "64kb" or "10mb"')
    },
  )
})

describe('resolveConfigLimits', () => {
  it('returns the limits a config sets, as numbers, and skips undefined ones', () => {
    expect(
      resolveConfigLimits('c.mjs', { bodyLimit: '2kb', drainTimeout: '3s', maxConnections: undefined }),
    ).toEqual({
      bodyLimit: 2048,
      drainTimeout: 3000,
    })
  })

  it('refuses an unknown key and lists the known ones', () => {
    const error = thrown(() => resolveConfigLimits('routekit.config.ts', { bodylimit: 1 }))
    expect(error.code).toBe('RK_CONFIG_UNKNOWN_KEY')
    expect(error.message).toContain(
      'routekit.config.ts: "bodylimit" is not a Routekit option; use one of bodyLimit,',
    )
  })

  it.each([null, 42, [], 'x'])('refuses a default export that is not an object (%j)', (raw) => {
    expect(thrown(() => resolveConfigLimits('routekit.config.ts', raw)).code).toBe('RK_LIMIT_INVALID')
  })
})

describe('resolveServerLimits', () => {
  it('layers defaults, then the config, then flags', () => {
    const limits = resolveServerLimits({ bodyLimit: 1, keepAliveTimeout: 2 }, { bodyLimit: 3 }, 'c.mjs')
    expect(limits).toEqual({ ...DEFAULT_LIMITS, bodyLimit: 3, keepAliveTimeout: 2 })
  })

  it('refuses a maxUrlLength above maxHeaderSize, naming where each value came from', () => {
    const error = thrown(() => resolveServerLimits({ maxHeaderSize: 4096 }, { maxUrlLength: 5000 }, 'c.mjs'))
    expect(error.message).toContain('--max-url-length: invalid maxUrlLength 5000')
    expect(error.message).toContain('maxHeaderSize (4096, from c.mjs)')
  })

  it('refuses a headersTimeout above requestTimeout, unless requestTimeout is off', () => {
    expect(() => resolveServerLimits({ headersTimeout: 2000, requestTimeout: 1000 }, {}, 'c.mjs')).toThrow(
      /headersTimeout 2000; it must not exceed requestTimeout \(1000, from c\.mjs\)/,
    )
    expect(resolveServerLimits({ headersTimeout: 2000 }, { requestTimeout: 0 }, null).requestTimeout).toBe(0)
  })

  it.each(['headersTimeout', 'keepAliveTimeout'] as const)(
    'refuses %s 0, which would let idle sockets pile up',
    (key) => {
      expect(() => resolveServerLimits({}, { [key]: 0 }, null)).toThrow(/use a positive duration/)
    },
  )
})
