import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { makeTree } from '../_helpers/make-tree.ts'
import { readProxyConfig } from '../../src/proxy/read-proxy-config.ts'

const HEAD = 'export function proxy() {}\n'

function read(source: string, file = 'proxy.ts') {
  const dir = makeTree({ [file]: source })
  return readProxyConfig({ file, absPath: join(dir, file), convention: 'proxy' })
}

describe('readProxyConfig (P5)', () => {
  it('returns undefined when the file exports no config', () => {
    expect(read(HEAD)).toBeUndefined()
  })

  it('evaluates literals through as const, satisfies, templates and negative numbers', () => {
    const config = read(
      `${HEAD}export const config = {\n  matcher: [\`/a\`, { source: '/b', 'has': [{ type: 'query', key: 'q' }] }] as const,\n  n: -1,\n  flag: !false,\n  none: undefined,\n} satisfies Record<string, unknown>\n`,
    )
    expect(config).toEqual({
      matcher: ['/a', { source: '/b', has: [{ type: 'query', key: 'q' }] }],
      n: -1,
      flag: true,
      none: undefined,
    })
  })

  it.each([
    [
      "const m = '/a'\nexport const config = { matcher: m }",
      'proxy.ts:3:34',
      'the identifier `m` at config.matcher',
    ],
    [
      "export const config = { matcher: ['/a', ...more] }",
      'proxy.ts:2:41',
      'a spread or a hole at config.matcher[1]',
    ],
    ['export const config = { matcher: `/a/${x}` }', 'proxy.ts:2:34', 'a template literal with expressions'],
    ["export const config = { matcher: '/a'.toLowerCase() }", 'proxy.ts:2:34', 'a CallExpression'],
  ])('refuses a matcher that is not a literal: %s', (code, at, detail) => {
    expect(() => read(`${HEAD}${code}\n`)).toThrow(
      `${at}: matcher needs to be a static string or array of static strings`,
    )
    expect(() => read(`${HEAD}${code}\n`)).toThrow(detail)
  })

  it('names other keys that are not literals', () => {
    expect(() => read(`${HEAD}export const config = { runtime: process.env.RT }\n`)).toThrow(
      'config.runtime must be a static value',
    )
  })

  it('refuses a config that is not a const literal or is exported by name', () => {
    expect(() => read(`${HEAD}export let config = { matcher: '/a' }\n`)).toThrow('`export let config`')
    expect(() => read(`${HEAD}const config = { matcher: '/a' }\nexport { config }\n`)).toThrow(
      'a re-exported binding',
    )
  })

  it('leaves a file that does not parse to the bundler', () => {
    expect(read(`${HEAD}export const config = {`)).toBeUndefined()
  })
})
