import { describe, expect, test } from 'vitest'
import { RoutekitError, type ErrorCode } from '../../src/errors.ts'
import { scanAppDir } from '../../src/scanner/scan-app-dir.ts'
import { makeTree, ROUTE } from '../_helpers/make-tree.ts'

/** The error scanning a tree of `paths` throws (pages get page content, everything else a route). */
function scanError(paths: readonly string[]): RoutekitError {
  const dir = makeTree(
    Object.fromEntries(paths.map((p) => [p, p.includes('/page.') ? 'export default 1' : ROUTE])),
  )
  try {
    scanAppDir(dir)
  } catch (error) {
    if (error instanceof RoutekitError) return error
    throw error
  }
  throw new Error('scanAppDir did not throw')
}

/** The error's code and the fragments of `parts` its message lacks: `{ code, missing: [] }` when all is there. */
function summarize(error: RoutekitError, parts: readonly string[]): { code: ErrorCode; missing: string[] } {
  return { code: error.code, missing: parts.filter((part) => !error.message.includes(part)) }
}

describe('scanAppDir: build errors', () => {
  test('reports a project without app/ or src/app/', () => {
    expect(summarize(scanError(['pages/index.tsx']), ['No app directory', 'create app/'])).toEqual({
      code: 'RK_APP_DIR_MISSING',
      missing: [],
    })
  })

  test('refuses app/ and src/app/ together (R14, deliberate deviation)', () => {
    expect(
      summarize(scanError(['app/a/route.ts', 'src/app/b/route.ts']), [
        'app/',
        'src/app/',
        'delete the other',
      ]),
    ).toEqual({ code: 'RK_APP_DIR_BOTH', missing: [] })
  })

  test('reports a page and a route handler in one folder (R12)', () => {
    expect(
      summarize(scanError(['app/x/route.ts', 'app/x/page.tsx']), [
        'app/x/route.ts',
        'app/x/page.tsx',
        'answer /x',
        'Move the route handler into its own folder (e.g. /x/api)',
      ]),
    ).toEqual({ code: 'RK_PAGE_AND_ROUTE', missing: [] })
  })

  test('reports a page and a route handler that route groups give one URL (R12)', () => {
    expect(
      summarize(scanError(['app/(a)/x/route.ts', 'app/(b)/x/page.mdx']), [
        'app/(a)/x/route.ts',
        'app/(b)/x/page.mdx',
      ]),
    ).toEqual({ code: 'RK_PAGE_AND_ROUTE', missing: [] })
  })

  test('reports two route groups resolving to one URL (R13)', () => {
    expect(
      summarize(scanError(['app/(a)/same/route.ts', 'app/(b)/same/route.ts']), [
        'resolve to /same',
        'app/(a)/same/route.ts',
        'app/(b)/same/route.ts',
        'Keep one of them',
      ]),
    ).toEqual({ code: 'RK_DUPLICATE_URL', missing: [] })
  })

  test('reports two route files of different extensions in one folder (R13)', () => {
    expect(
      summarize(scanError(['app/x/route.js', 'app/x/route.ts']), ['app/x/route.js', 'app/x/route.ts']),
    ).toEqual({ code: 'RK_DUPLICATE_URL', missing: [] })
  })

  test('reports different parameter names at one position (R11)', () => {
    expect(
      summarize(scanError(['app/a/[id]/route.ts', 'app/a/[slug]/route.ts']), [
        '([id], [slug]) at /a/[*]',
        'app/a/[id]/route.ts',
        'app/a/[slug]/route.ts',
        'rename the folders to one name',
      ]),
    ).toEqual({ code: 'RK_PARAM_NAME_MISMATCH', missing: [] })
  })

  test('reports different parameter names at a position that is not the last (R11)', () => {
    expect(
      summarize(scanError(['app/a/[id]/route.ts', 'app/a/[slug]/x/route.ts']), [
        'at /a/[*]',
        'app/a/[id]/route.ts',
        'app/a/[slug]/x/route.ts',
      ]),
    ).toEqual({ code: 'RK_PARAM_NAME_MISMATCH', missing: [] })
  })

  test('reports different names for catch-alls at one position (R11)', () => {
    expect(
      summarize(scanError(['app/(x)/c/[...a]/route.ts', 'app/c/[...b]/route.ts']), [
        '([...a], [...b]) at /c/[...*]',
      ]),
    ).toEqual({ code: 'RK_PARAM_NAME_MISMATCH', missing: [] })
  })

  test('reports a parameter name used twice in one path (R11)', () => {
    expect(
      summarize(scanError(['app/[id]/x/[id]/route.ts']), [
        'app/[id]/x/[id]/route.ts',
        '"id" twice',
        'rename one of them',
      ]),
    ).toEqual({ code: 'RK_PARAM_REPEATED', missing: [] })
  })

  test('reports parameter names that differ only by non-word characters', () => {
    expect(
      summarize(scanError(['app/[a-b]/[ab]/route.ts']), [
        'app/[a-b]/[ab]/route.ts',
        '"a-b" and "ab"',
        'rename one of them',
      ]),
    ).toEqual({ code: 'RK_PARAM_NAMES_SIMILAR', missing: [] })
  })

  test('reports a required and an optional catch-all at one level at build time (R11, deliberate deviation)', () => {
    expect(
      summarize(scanError(['app/c/[...a]/route.ts', 'app/c/[[...a]]/route.ts']), [
        'app/c/[...a]/route.ts',
        'app/c/[[...a]]/route.ts',
        'Keep one',
      ]),
    ).toEqual({ code: 'RK_CATCHALL_AND_OPTIONAL', missing: [] })
  })

  test('reports a route at the same level as an optional catch-all (R11)', () => {
    expect(
      summarize(scanError(['app/o/route.ts', 'app/o/[[...slug]]/route.ts']), [
        'both answer /o',
        'app/o/route.ts',
        'app/o/[[...slug]]/route.ts',
        'Remove the route at /o, or make the catch-all required',
      ]),
    ).toEqual({ code: 'RK_OPTIONAL_CATCHALL_SPECIFICITY', missing: [] })
  })

  test('reports app/route.ts beside a root optional catch-all', () => {
    expect(summarize(scanError(['app/route.ts', 'app/[[...all]]/route.ts']), ['both answer /'])).toEqual({
      code: 'RK_OPTIONAL_CATCHALL_SPECIFICITY',
      missing: [],
    })
  })

  test('reports a route file below a catch-all folder', () => {
    expect(
      summarize(scanError(['app/docs/[...path]/edit/route.ts']), [
        'app/docs/[...path]/edit/route.ts',
        '"[...path]" must be the last segment',
        'use a dynamic segment [x] instead',
      ]),
    ).toEqual({ code: 'RK_CATCHALL_NOT_LAST', missing: [] })
  })

  test('reports only the misplaced catch-all, not the name clash it also causes', () => {
    const error = scanError(['app/d/[...a]/x/route.ts', 'app/d/[...b]/route.ts'])
    expect(summarize(error, ['app/d/[...a]/x/route.ts'])).toEqual({
      code: 'RK_CATCHALL_NOT_LAST',
      missing: [],
    })
  })

  test('reports a route file below an optional catch-all folder', () => {
    expect(summarize(scanError(['app/[[...all]]/x/route.ts']), ['"[[...all]]"'])).toEqual({
      code: 'RK_CATCHALL_NOT_LAST',
      missing: [],
    })
  })

  test('reports a malformed folder name once, naming a route file below it', () => {
    const error = scanError(['app/[id/a/route.ts', 'app/[id/b/route.ts'])
    expect(summarize(error, ['app/[id/a/route.ts', '"[id"', 'unbalanced', 'write [name]'])).toEqual({
      code: 'RK_BAD_SEGMENT',
      missing: [],
    })
  })

  test('reports a route handler inside an intercepting folder', () => {
    expect(
      summarize(scanError(['app/feed/(.)photo/route.ts']), [
        'app/feed/(.)photo/route.ts',
        'intercepting route',
      ]),
    ).toEqual({ code: 'RK_BAD_SEGMENT', missing: [] })
  })

  test('ignores malformed folders that hold only pages', () => {
    expect(() =>
      scanAppDir(makeTree({ 'app/@modal/(.)photo/page.tsx': '', 'app/api/route.ts': ROUTE })),
    ).not.toThrow()
  })

  test('reports every problem at once', () => {
    const error = scanError([
      'app/x/route.ts',
      'app/x/page.tsx',
      'app/(a)/same/route.ts',
      'app/(b)/same/route.ts',
      'app/a/[id]/route.ts',
      'app/a/[slug]/route.ts',
      'app/[[x]]/route.ts',
      'app/c/[...a]/route.ts',
      'app/c/[[...b]]/route.ts',
      'app/d/[...rest]/more/route.ts',
    ])
    expect(error.code).toBe('RK_ROUTE_ERRORS')
    expect(error.message).toContain('6 routing errors')
    expect(error.problems.map((p) => p.code)).toEqual([
      'RK_BAD_SEGMENT',
      'RK_CATCHALL_NOT_LAST',
      'RK_PAGE_AND_ROUTE',
      'RK_DUPLICATE_URL',
      'RK_PARAM_NAME_MISMATCH',
      'RK_CATCHALL_AND_OPTIONAL',
    ])
    for (const file of [
      'app/x/page.tsx',
      'app/(b)/same/route.ts',
      'app/[[x]]/route.ts',
      'app/d/[...rest]/more',
    ]) {
      expect(error.message).toContain(file)
    }
  })
})
