import { describe, expect, it } from 'vitest'
import { toMatcherRegexp } from '../../src/proxy/build-proxy-matchers.ts'
import { describeProxyCoverage, toProbePaths } from '../../src/proxy/describe-proxy-coverage.ts'
import type { ManifestProxy } from '../../src/proxy/proxy-manifest.ts'
import type { Segment } from '../../src/scanner/route-file.ts'

const proxy = (matchers: ManifestProxy['matchers']): ManifestProxy => ({
  file: 'proxy.ts',
  module: 'server/proxy.mjs',
  convention: 'proxy',
  exportName: 'proxy',
  matchers,
})
const entry = (source: string, conditional = false) => ({
  source,
  regexp: toMatcherRegexp(source),
  ...(conditional ? { has: [{ type: 'header' as const, key: 'x' }] } : {}),
})
const s = (value: string): Segment => ({ kind: 'static', value })

describe('describeProxyCoverage', () => {
  it('probes dynamic segments with several values, optional catch-alls also with none', () => {
    expect(toProbePaths([s('a'), { kind: 'dynamic', name: 'id' }])).toEqual(['/a/x', '/a/1', '/a/a.b'])
    expect(toProbePaths([{ kind: 'optional-catch-all', name: 'r' }])).toEqual(['/', '/x', '/1', '/a/b'])
  })

  it('says all, some or none', () => {
    const p = proxy([entry('/api/:path*'), entry('/num/:id(\\d+)'), entry('/cond', true)])
    expect(describeProxyCoverage(p, [s('api'), { kind: 'catch-all', name: 'x' }])).toBe('all')
    expect(describeProxyCoverage(p, [s('num'), { kind: 'dynamic', name: 'id' }])).toBe('some')
    expect(describeProxyCoverage(p, [s('cond')])).toBe('some')
    expect(describeProxyCoverage(p, [s('open')])).toBe('none')
  })

  it('covers everything without a matcher', () => {
    expect(describeProxyCoverage(proxy(null), [s('x')])).toBe('all')
  })
})
