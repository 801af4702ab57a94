import { describe, expect, it } from 'vitest'
import type { OutputChunk } from 'rolldown'
import { createRequestScopeCheck, usesRequestScope } from '../../src/compiler/_request-scope.ts'

const aliases = {
  'next/server': '/rk/dist/server.js',
  'next/headers': '/rk/dist/headers.js',
  'next/cache': '/rk/dist/cache.js',
}
const chunk = (code: string): OutputChunk => ({ type: 'chunk', code }) as OutputChunk
const named = (fileName: string, code: string, imports: string[] = [], dynamicImports: string[] = []) =>
  ({ type: 'chunk', fileName, code, imports, dynamicImports }) as unknown as OutputChunk
const CACHED =
  'import { __routekitCached } from "file:///rk/dist/cache.js";\nvar f = __routekitCached("default", "lib/a.ts#f", async function f() {});'

describe('usesRequestScope', () => {
  it('is off for apps that only use NextResponse', () => {
    expect(
      usesRequestScope([chunk('import { NextResponse } from "file:///rk/dist/server.js";')], aliases),
    ).toBe(false)
  })
  it('turns on for after() imported through a file URL', () => {
    expect(
      usesRequestScope([chunk('import { NextResponse, after } from "file:///rk/dist/server.js";')], aliases),
    ).toBe(true)
  })
  it('turns on for after() imported by path, renamed', () => {
    expect(usesRequestScope([chunk("import { after as later } from '/rk/dist/server.js';")], aliases)).toBe(
      true,
    )
  })
  it('turns on for any next/headers import', () => {
    expect(usesRequestScope([chunk('import { cookies } from "file:///rk/dist/headers.js";')], aliases)).toBe(
      true,
    )
  })
  it('turns on for a namespace import of next/server', () => {
    expect(usesRequestScope([chunk('import * as server from "file:///rk/dist/server.js";')], aliases)).toBe(
      true,
    )
  })
  it('turns on for a "use cache" function (the transform\'s wrapper import)', () => {
    expect(usesRequestScope([chunk(CACHED)], aliases)).toBe(true)
  })
  it('stays off for cacheLife() and revalidateTag() alone', () => {
    expect(
      usesRequestScope(
        [chunk('import { cacheLife, revalidateTag } from "file:///rk/dist/cache.js";')],
        aliases,
      ),
    ).toBe(false)
  })
})

describe('createRequestScopeCheck', () => {
  const output = [
    named('app/plain/route.mjs', 'import { a } from "./_chunks/shared.mjs";', ['_chunks/shared.mjs']),
    named('app/cached/route.mjs', 'import { f } from "./_chunks/products.mjs";', ['_chunks/products.mjs']),
    named(
      'app/lazy/route.mjs',
      'const m = () => import("./_chunks/headers-user.mjs");',
      [],
      ['_chunks/headers-user.mjs'],
    ),
    named('app/cycle/route.mjs', '', ['_chunks/x.mjs']),
    named('_chunks/shared.mjs', 'export const a = 1;', ['file:///rk/dist/server.js']),
    named('_chunks/products.mjs', CACHED, ['_chunks/shared.mjs']),
    named('_chunks/headers-user.mjs', 'import { headers } from "file:///rk/dist/headers.js";'),
    named('_chunks/x.mjs', '', ['_chunks/y.mjs']),
    named('_chunks/y.mjs', '', ['_chunks/x.mjs']),
  ]
  const needs = createRequestScopeCheck(output, aliases)

  it('marks a route whose imported chunk wraps a "use cache" function', () => {
    expect(needs('app/cached/route.mjs')).toBe(true)
  })
  it('marks a route through a dynamic import', () => {
    expect(needs('app/lazy/route.mjs')).toBe(true)
  })
  it('leaves a route whose closure needs nothing, even when it shares a chunk with a marked one', () => {
    expect(needs('app/plain/route.mjs')).toBe(false)
  })
  it('ends on import cycles', () => {
    expect(needs('app/cycle/route.mjs')).toBe(false)
  })
})
