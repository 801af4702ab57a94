// The "use cache" transform: output for every placement (snapshots), and its build errors (C16–C19, C40).
import { SourceMap, type SourceMapPayload } from 'node:module'
import { describe, expect, it } from 'vitest'
import {
  createUseCacheTransform,
  transformUseCache,
  type UseCacheTransformOptions,
} from '../../../src/compiler/transforms/use-cache.ts'

const options: UseCacheTransformOptions = {
  config: { cacheComponents: true, cacheHandlers: { edge: './edge.mjs' } },
  projectDir: '/p',
  appDir: 'app',
}
const run = (code: string, file = 'lib/data.ts', opts = options): string => {
  const result = transformUseCache(code, `/p/${file}`, opts)
  if (result === null || result === undefined) throw new Error('not transformed')
  return result.code
}
const failure = (code: string, file = 'lib/data.ts', opts = options): string => {
  try {
    transformUseCache(code, `/p/${file}`, opts)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('no build error')
}

describe('"use cache" placements', () => {
  it('wraps an exported async function declaration', () => {
    expect(
      run(`export async function getData(id: string): Promise<string> {\n  'use cache'\n  return id\n}\n`),
    ).toMatchInlineSnapshot(`
        "export var getData = __rk_cached("default", "lib/data.ts#getData", async function getData(id: string): Promise<string> {
          'use cache'
          return id
        });
        import { __routekitCached as __rk_cached } from "next/cache";
        "
      `)
  })

  it('wraps a module-level declaration that is not exported', () => {
    expect(run(`async function helper() {\n  "use cache"\n  return 1\n}\nexport const x = () => helper()\n`))
      .toMatchInlineSnapshot(`
        "var helper = __rk_cached("default", "lib/data.ts#helper", async function helper() {
          "use cache"
          return 1
        });
        export const x = () => helper()
        import { __routekitCached as __rk_cached } from "next/cache";
        "
      `)
  })

  it('wraps a named and an anonymous default export, keeping the local name', () => {
    expect(run(`export default async function load() { 'use cache'; return load.name }\n`))
      .toMatchInlineSnapshot(`
      "var load = __rk_cached("default", "lib/data.ts#default", async function load() { 'use cache'; return load.name }); export { load as default };
      import { __routekitCached as __rk_cached } from "next/cache";
      "
    `)
    expect(run(`export default async () => { 'use cache'; return 1 }\n`)).toMatchInlineSnapshot(`
      "export default __rk_cached("default", "lib/data.ts#default", async () => { 'use cache'; return 1 })
      import { __routekitCached as __rk_cached } from "next/cache";
      "
    `)
  })

  it('wraps async arrow functions and function expressions', () => {
    expect(
      run(
        `export const a = async (x: number) => { 'use cache'; return x }\nexport const b = async function named() { 'use cache'; return 2 }\n`,
      ),
    ).toMatchInlineSnapshot(`
      "export const a = __rk_cached("default", "lib/data.ts#a", async (x: number) => { 'use cache'; return x })
      export const b = __rk_cached("default", "lib/data.ts#b", async function named() { 'use cache'; return 2 })
      import { __routekitCached as __rk_cached } from "next/cache";
      "
    `)
  })

  it('wraps an inline closure in a route handler and keys what it closes over (C17, C20)', () => {
    expect(
      run(
        [
          `import { helper } from '../../lib/helper'`,
          `const shared = 1`,
          `export async function GET(request: Request) {`,
          `  const id = new URL(request.url).searchParams.get('id')`,
          `  const { a, b: [c] } = { a: 1, b: [2] }`,
          `  const getData = async (f: string) => {`,
          `    'use cache'`,
          `    const local = f + id`,
          `    return { local, a, c, shared, helper: helper(), g: globalThis.x, again: getData }`,
          `  }`,
          `  return Response.json(await getData('x'))`,
          `}`,
          ``,
        ].join('\n'),
        'app/closure/route.ts',
      ),
    ).toMatchInlineSnapshot(`
      "import { helper } from '../../lib/helper'
      const shared = 1
      export async function GET(request: Request) {
        const id = new URL(request.url).searchParams.get('id')
        const { a, b: [c] } = { a: 1, b: [2] }
        const getData = __rk_cached("default", "app/closure/route.ts#getData@6:19", async (f: string) => {
          'use cache'
          const local = f + id
          return { local, a, c, shared, helper: helper(), g: globalThis.x, again: getData }
        }, () => [id, a, c])
        return Response.json(await getData('x'))
      }
      import { __routekitCached as __rk_cached } from "next/cache";
      "
    `)
  })

  it('wraps a nested function declaration and an object method', () => {
    expect(
      run(
        `export function make(prefix: string) {\n  async function load(id: string) {\n    'use cache'\n    return prefix + id\n  }\n  return { load, api: { async get(n: number) { 'use cache'; return n + prefix } } }\n}\n`,
      ),
    ).toMatchInlineSnapshot(`
      "export function make(prefix: string) {
        var load = __rk_cached("default", "lib/data.ts#load@2:3", async function load(id: string) {
          'use cache'
          return prefix + id
        }, () => [prefix]);
        return { load, api: { get: __rk_cached("default", "lib/data.ts#get@6:34", async function get(n: number) { 'use cache'; return n + prefix }, () => [prefix]) } }
      }
      import { __routekitCached as __rk_cached } from "next/cache";
      "
    `)
  })

  it('passes the kind of "use cache: remote", "use cache: private" and a configured kind (C40, C43, C44)', () => {
    expect(
      run(
        `export async function r() { 'use cache: remote'; return 1 }\nexport async function p() { 'use cache: private'; return 2 }\nexport async function e() { 'use cache: edge'; return 3 }\n`,
      ),
    ).toMatchInlineSnapshot(`
      "export var r = __rk_cached("remote", "lib/data.ts#r", async function r() { 'use cache: remote'; return 1 });
      export var p = __rk_cached("private", "lib/data.ts#p", async function p() { 'use cache: private'; return 2 });
      export var e = __rk_cached("edge", "lib/data.ts#e", async function e() { 'use cache: edge'; return 3 });
      import { __routekitCached as __rk_cached } from "next/cache";
      "
    `)
  })

  it('caches every export of a file-level "use cache", and leaves other functions alone (C17)', () => {
    expect(
      run(
        [
          `'use cache'`,
          `import { cacheLife } from 'next/cache'`,
          `export async function one() { cacheLife('hours'); return 1 }`,
          `export const two = async () => 2`,
          `async function three() { return 3 }`,
          `function notExported() { return 0 }`,
          `export type Shape = { n: number }`,
          `export { three, three as tres }`,
          `export default async function () { return 4 }`,
          ``,
        ].join('\n'),
      ),
    ).toMatchInlineSnapshot(`
      "/* 'use cache' */
      import { cacheLife } from 'next/cache'
      export var one = __rk_cached("default", "lib/data.ts#one", async function one() { cacheLife('hours'); return 1 });
      export const two = __rk_cached("default", "lib/data.ts#two", async () => 2)
      var three = __rk_cached("default", "lib/data.ts#three", async function three() { return 3 });
      function notExported() { return 0 }
      export type Shape = { n: number }
      export { three, three as tres }
      export default __rk_cached("default", "lib/data.ts#default", async function () { return 4 });
      import { __routekitCached as __rk_cached } from "next/cache";
      "
    `)
  })

  it('skips modules without the directive, before and after parsing', () => {
    const transform = createUseCacheTransform(options)
    expect(transform.filter!('/p/lib/a.ts', 'export const a = 1')).toBe(false)
    expect(transform.filter!('/p/lib/a.ts', '// "use cache" is explained in the docs')).toBe(true)
    expect(
      transformUseCache(
        '// "use cache" is explained in the docs\nexport const a = 1',
        '/p/lib/a.ts',
        options,
      ),
    ).toBeNull()
    expect(transformUseCache('const s = "use cache"', '/p/lib/a.ts', options)).toBeNull()
  })

  it('picks another wrapper name when the module already uses it', () => {
    expect(
      run(`const __rk_cached = 1\nexport async function f() { 'use cache'; return __rk_cached }\n`),
    ).toContain('import { __routekitCached as __rk_cached1 } from "next/cache"')
  })

  it('returns a source map that keeps every original line in place', () => {
    const code = `export async function getData() {\n  'use cache'\n  throw new Error('x')\n}\n`
    const result = transformUseCache(code, '/p/lib/data.ts', options)!
    const map = new SourceMap(result.map as SourceMapPayload)
    expect(map.payload.sources).toEqual(['/p/lib/data.ts'])
    expect(result.code.split('\n')[2]).toBe("  throw new Error('x')")
    expect(map.findEntry(2, 2)).toMatchObject({ originalLine: 2, originalColumn: 2 })
    // The wrapper's opening text maps to the declaration it replaced.
    expect(map.findEntry(0, 40)).toMatchObject({ originalLine: 0 })
  })
})

describe('"use cache" build errors', () => {
  it('requires cacheComponents: true (C16)', () => {
    const off = { ...options, config: { cacheComponents: false, cacheHandlers: {} } }
    expect(
      failure(`export async function f() {\n  'use cache'\n  return 1\n}\n`, 'lib/data.ts', off),
    ).toMatchInlineSnapshot(
      `"[RK_USE_CACHE_DISABLED] lib/data.ts:2:3: "use cache" needs \`cacheComponents: true\` in next.config (C16). Add it to next.config, or remove the directive."`,
    )
  })

  it('requires an async function, pointing at its name (C18)', () => {
    expect(failure(`export function getData() {\n  'use cache'\n  return 1\n}\n`)).toMatchInlineSnapshot(
      `"[RK_USE_CACHE_NOT_ASYNC] lib/data.ts:1:17: "use cache" functions must be async functions, and getData is not (C18). Make it \`async\` (its callers then await it), or remove the directive."`,
    )
    expect(failure(`export const getData = () => {\n  'use cache'\n  return 1\n}\n`)).toMatchInlineSnapshot(
      `"[RK_USE_CACHE_NOT_ASYNC] lib/data.ts:1:24: "use cache" functions must be async functions, and getData is not (C18). Make it \`async\` (its callers then await it), or remove the directive."`,
    )
  })

  it('refuses the directive in a route handler export, telling to move it into a helper (C19)', () => {
    expect(
      failure(
        `export async function GET() {\n  'use cache'\n  return Response.json({})\n}\n`,
        'app/items/route.ts',
      ),
    ).toMatchInlineSnapshot(
      `"[RK_USE_CACHE_IN_ROUTE_HANDLER] app/items/route.ts:2:3: "use cache" cannot cache the route handler GET itself: a Response is not cacheable data (C19). Move the data work into a helper — \`async function getData() { "use cache"; … }\` — call it from GET, and build the Response there."`,
    )
    expect(
      failure(
        `export const POST = async () => {\n  'use cache'\n  return new Response()\n}\n`,
        'app/items/route.ts',
      ),
    ).toContain('cannot cache the route handler POST itself')
    expect(
      failure(
        `async function handler() {\n  'use cache'\n  return new Response()\n}\nexport { handler as GET }\n`,
        'app/items/route.ts',
      ),
    ).toContain('cannot cache the route handler GET itself')
  })

  it('refuses a file-level directive in a route file (C19)', () => {
    expect(
      failure(`'use cache'\nexport async function GET() {\n  return new Response()\n}\n`, 'app/route.ts'),
    ).toMatchInlineSnapshot(
      `"[RK_USE_CACHE_ROUTE_FILE] app/route.ts:1:1: a file-level "use cache" in a route file would cache its handlers, and a Response is not cacheable data (C19). Remove it and put the directive in a helper (here or in lib/) that returns plain data."`,
    )
  })

  it('still allows helpers in a route file, and route-named exports outside the app directory', () => {
    expect(
      run(
        `export async function GET() {\n  return Response.json(await data())\n}\nasync function data() { 'use cache'; return 1 }\n`,
        'app/ok/route.ts',
      ),
    ).toContain('var data = __rk_cached("default", "app/ok/route.ts#data"')
    expect(run(`export async function GET() { 'use cache'; return 1 }\n`, 'lib/route.ts')).toContain(
      'export var GET',
    )
  })

  it('lists every export of a file-level "use cache" that is not an async function (C17, C18)', () => {
    expect(
      failure(
        `'use cache'\nexport const limit = 10\nexport function sync() { return 1 }\nexport class Store {}\nexport { other } from './other'\nexport async function fine() { return 1 }\n`,
      ),
    ).toMatchInlineSnapshot(`
      "[RK_USE_CACHE_BAD_EXPORT] lib/data.ts:2:22: a "use cache" file may only export async functions, and limit is not a function (C17). Move it to another module, or make it an async function.
      [RK_USE_CACHE_NOT_ASYNC] lib/data.ts:3:8: "use cache" functions must be async functions, and sync is not (C18). Make it \`async\` (its callers then await it), or remove the directive.
      [RK_USE_CACHE_BAD_EXPORT] lib/data.ts:4:8: a "use cache" file may only export async functions, and Store is a class (C17). Move it to another module, or make it an async function.
      [RK_USE_CACHE_BAD_EXPORT] lib/data.ts:5:10: a "use cache" file may only export async functions, and other is a re-export from another module (C17). Move it to another module, or make it an async function."
    `)
  })

  it('refuses class methods, generators and unknown kinds (C40)', () => {
    expect(
      failure(`export class A {\n  async load() {\n    'use cache'\n    return 1\n  }\n}\n`),
    ).toMatchInlineSnapshot(
      `"[RK_USE_CACHE_CLASS_METHOD] lib/data.ts:3:5: "use cache" cannot mark the class method load. Move its body into an async function (or an object method) and call that from the method."`,
    )
    expect(failure(`export async function* items() {\n  'use cache'\n  yield 1\n}\n`)).toMatchInlineSnapshot(
      `"[RK_USE_CACHE_GENERATOR] lib/data.ts:1:24: "use cache" cannot cache the generator items: an iterator is not data. Collect the items into an array in an async function and cache that."`,
    )
    expect(
      failure(`export async function f() {\n  'use cache: redis'\n  return 1\n}\n`),
    ).toMatchInlineSnapshot(
      `"[RK_USE_CACHE_UNKNOWN_KIND] lib/data.ts:2:3: unknown cache kind "redis" in "use cache: redis" (C40). Configure \`cacheHandlers: { "redis": … }\` in next.config, or use "use cache", "use cache: remote" or "use cache: private"."`,
    )
  })
})
