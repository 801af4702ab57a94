import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseJsonc } from '../../src/typegen/_parse-jsonc.ts'
import {
  checkTsconfigInclude,
  includeCovers,
  toIncludePattern,
} from '../../src/typegen/check-tsconfig-include.ts'
import { tempDir } from './_fixture.ts'

const OUT = '.routekit/types'

function project(files: Record<string, string>): string {
  const dir = tempDir('rk-tsconfig-')
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), content)
  }
  return dir
}

const hint = (files: Record<string, string>): string | undefined => {
  const dir = project(files)
  return checkTsconfigInclude(dir, join(dir, OUT))
}

describe('includeCovers', () => {
  it.each([
    ['.routekit/types/**/*.ts', true],
    ['./.routekit/types/**/*.ts', true],
    ['.routekit/**/*.ts', true],
    ['.routekit/types/*.ts', true],
    ['.routekit', true],
    ['.routekit/types', true],
    // tsc's wildcards and folder entries skip dot folders
    ['**/*.ts', false],
    ['.', false],
    ['**/*', false],
    ['.routekit/types/routes.d.ts', false],
    ['.next/types/**/*.ts', false],
    ['app/**/*.ts', false],
  ])('%s covers .routekit/types: %s', (entry, expected) => {
    expect(includeCovers(entry.replace(/^\.\//, ''), OUT)).toBe(expected)
  })
})

describe('checkTsconfigInclude', () => {
  it('is quiet when include lists the generated types', () => {
    expect(
      hint({ 'tsconfig.json': '{ "include": ["next-env.d.ts", "**/*.ts", ".routekit/types/**/*.ts"] }' }),
    ).toBeUndefined()
  })

  it('reads tsconfig.json as JSONC', () => {
    const text = `{
  // comments, as tsc allows
  "compilerOptions": { "strict": true, /* block */ },
  "include": ["**/*.ts", "./.routekit/types/**/*.ts",],
}`
    expect(hint({ 'tsconfig.json': text })).toBeUndefined()
  })

  it('asks for the line when include lacks it', () => {
    expect(hint({ 'tsconfig.json': '{ "include": ["**/*.ts"] }' })).toBe(
      'Add ".routekit/types/**/*.ts" to "include" in tsconfig.json so tsc checks route params and handler signatures.',
    )
  })

  it('asks for the line when there is no include at all (tsc’s default skips dot folders)', () => {
    expect(hint({ 'tsconfig.json': '{ "compilerOptions": {} }' })).toContain('Add ".routekit/types/**/*.ts"')
  })

  it('follows a relative extends, resolving its include from the base file', () => {
    expect(
      hint({
        'tsconfig.json': '{ "extends": "./config/base" }',
        'config/base.json': '{ "include": ["../**/*.ts", "../.routekit/types/**/*.ts"] }',
      }),
    ).toBeUndefined()
    expect(
      hint({
        'tsconfig.json': '{ "extends": "./base.json" }',
        'base.json': '{ "include": [".routekit/types/**/*.ts"] }',
      }),
    ).toBeUndefined()
  })

  it('lets the project’s own include override the base’s', () => {
    const files = {
      'tsconfig.json': '{ "extends": "./base.json", "include": ["app"] }',
      'base.json': '{ "include": [".routekit/types/**/*.ts"] }',
    }
    expect(hint(files)).toContain('Add ".routekit/types/**/*.ts"')
  })

  it('suggests creating tsconfig.json when there is none', () => {
    const dir = project({})
    expect(checkTsconfigInclude(dir, join(dir, OUT))).toBe(
      `No tsconfig.json in ${dir}: to type-check route handlers, create one with "include": ["**/*.ts", ".routekit/types/**/*.ts"].`,
    )
  })

  it('leaves a tsconfig.json it cannot parse to tsc', () => {
    expect(hint({ 'tsconfig.json': '{ "include": [' })).toBeUndefined()
  })

  it('names the pattern for a custom out dir', () => {
    expect(toIncludePattern('/p', '/p/types/generated')).toBe('types/generated/**/*.ts')
  })
})

describe('parseJsonc', () => {
  it('keeps comment-like text and trailing-comma-like text inside strings', () => {
    expect(parseJsonc('{ "a": "http://x", "b": "[1,]", /* c */ "c": [1, 2,], }')).toEqual({
      a: 'http://x',
      b: '[1,]',
      c: [1, 2],
    })
  })

  it('handles escaped quotes', () => {
    expect(parseJsonc('{ "a": "say \\"hi\\" // not a comment" }')).toEqual({ a: 'say "hi" // not a comment' })
  })

  it('throws on invalid JSON', () => {
    expect(() => parseJsonc('{ "a": }')).toThrow(SyntaxError)
  })
})
