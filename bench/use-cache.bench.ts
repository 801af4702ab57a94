/**
 * The `"use cache"` directive transform, per module, as `routekit build` and every `routekit dev` rebuild run it:
 * `npx vitest bench --run bench/use-cache.bench.ts`. A module without the directive is skipped by a substring
 * check; one with it is parsed (oxc-parser), checked, rewritten (magic-string) and given a source map.
 */
import { bench, describe } from 'vitest'
import { transformUseCache, type UseCacheTransformOptions } from '../src/compiler/transforms/use-cache.ts'

const options: UseCacheTransformOptions = {
  config: { cacheComponents: true, cacheHandlers: {} },
  projectDir: '/p',
  appDir: 'app',
}

/** A data module in the shape of bench/app-seed/lib/products.ts, `count` cached functions long. */
function dataModule(count: number): string {
  const parts = ["import { cacheLife, cacheTag } from 'next/cache'", '']
  for (let i = 0; i < count; i++) {
    parts.push(
      `export async function getRows${i}(page: number, filter: { q?: string } = {}): Promise<{ id: number }[]> {`,
      "  'use cache'",
      "  cacheLife('hours')",
      `  cacheTag('rows-${i}')`,
      '  await new Promise((resolve) => setTimeout(resolve, 5))',
      '  return Array.from({ length: 50 }, (_, id) => ({ id: id + page * 50, q: filter.q ?? "" }))',
      '}',
      '',
    )
  }
  return parts.join('\n')
}

/** Ordinary code of about the same size, with no directive: the common case. */
function plainModule(count: number): string {
  return dataModule(count).replaceAll("'use cache'", '// plain').replaceAll('cacheLife', 'track')
}

const ONE = dataModule(1)
const FIFTY = dataModule(50)
const PLAIN = plainModule(50)
// A file-level directive: every export of the module is cached.
const FILE_LEVEL = `'use cache'\n${dataModule(10).replaceAll("  'use cache'\n", '')}`

describe('use-cache transform', () => {
  bench('module without the directive (50 functions, skipped)', () => {
    transformUseCache(PLAIN, '/p/lib/plain.ts', options)
  })
  bench('one cached function', () => {
    transformUseCache(ONE, '/p/lib/products.ts', options)
  })
  bench('50 cached functions', () => {
    transformUseCache(FIFTY, '/p/lib/rows.ts', options)
  })
  bench('file-level directive, 10 exports', () => {
    transformUseCache(FILE_LEVEL, '/p/lib/all.ts', options)
  })
})
