import { describe, expect, it } from 'vitest'
import { buildProxyMatchers, toMatcherRegexp } from '../../src/proxy/build-proxy-matchers.ts'

// Copied from middleware manifests written by Next 16: the build must produce the same regex sources.
const NEXT_MANIFEST: [string, string][] = [
  [
    '/api/:path*',
    '^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/api(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?(\\.json|\\.rsc|\\.segments\\/.+\\.segment\\.rsc)?[\\/#\\?]?$',
  ],
  [
    '/',
    '^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/(\\/?index|\\/?index\\.json|\\/?index(?:\\.rsc|\\.segments\\/.+\\.segment\\.rsc)))?[\\/#\\?]?$',
  ],
  [
    '/qa',
    '^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/qa(\\.json|\\.rsc|\\.segments\\/.+\\.segment\\.rsc)?[\\/#\\?]?$',
  ],
]

describe('toMatcherRegexp', () => {
  it.each(NEXT_MANIFEST)('compiles %s exactly as Next does', (source, expected) => {
    expect(toMatcherRegexp(source)).toBe(expected)
  })

  it('matches whole paths, case-sensitively (P5, P6)', () => {
    const exact = new RegExp(toMatcherRegexp('/exact'))
    expect(['/exact', '/exact/', '/exact.json'].map((p) => exact.test(p))).toEqual([true, true, true])
    expect(['/exact/sub', '/EXACT'].map((p) => exact.test(p))).toEqual([false, false])
    const root = new RegExp(toMatcherRegexp('/'))
    expect(['/', '/index', '/x'].map((p) => root.test(p))).toEqual([true, true, false])
  })
})

describe('buildProxyMatchers', () => {
  it('accepts a string, strings and objects with has/missing (P5, P7)', () => {
    const built = buildProxyMatchers('proxy.ts', [
      '/a',
      {
        source: '/b',
        has: [{ type: 'header', key: 'x-a', value: 'y' }],
        missing: [{ type: 'host', value: 'h' }],
      },
    ])
    expect(built.map((m) => [m.source, m.has, m.missing])).toEqual([
      ['/a', undefined, undefined],
      ['/b', [{ type: 'header', key: 'x-a', value: 'y' }], [{ type: 'host', value: 'h' }]],
    ])
    expect(buildProxyMatchers('proxy.ts', '/only')).toHaveLength(1)
    expect(buildProxyMatchers('proxy.ts', [])).toEqual([])
  })

  it.each([
    [42, 'config.matcher: must be a string or an array'],
    [[42], 'config.matcher[0]: must be an array of strings or middleware matchers'],
    [['/ok', 'no-slash'], "config.matcher[1]: source must start with / (got 'no-slash')"],
    [[{ has: [] }], 'config.matcher[0].source: source is required'],
    [[{ source: '/a', locale: true }], 'config.matcher[0].locale: must be false'],
    [[{ source: '/a', has: [{ type: 'ip', key: 'x' }] }], "config.matcher[0].has[0].type: must be 'header'"],
    [
      [{ source: '/a', has: [{ type: 'host', key: 'x', value: 'h' }] }],
      'config.matcher[0].has[0].key: unrecognized key',
    ],
    [[{ source: '/a', has: [{ type: 'host' }] }], 'config.matcher[0].has[0].value: host must have a value'],
    [
      [{ source: '/a', has: [{ type: 'query', key: 'q', value: '(' }] }],
      'config.matcher[0].has[0].value: Invalid regular expression',
    ],
    [[`/${'a'.repeat(4100)}`], 'config.matcher[0]: exceeds max built length of 4096'],
  ])('refuses an invalid matcher, naming the entry (%#)', (matcher, message) => {
    expect(() => buildProxyMatchers('src/proxy.ts', matcher)).toThrow(`src/proxy.ts: invalid ${message}`)
  })
})
