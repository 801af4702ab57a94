import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { emitValidator, toImportSpecifier } from '../../src/typegen/emit-validator.ts'
import { toRouteFile } from './_fixture.ts'
import { PROJECT, ROUTES } from './_routes.ts'

const OUT = join(PROJECT, '.routekit', 'types')

describe('emitValidator', () => {
  it('checks every TypeScript route module against RouteHandlerConfig<Route> (R91)', async () => {
    await expect(emitValidator(ROUTES, OUT)).toMatchFileSnapshot('./__snapshots__/validator.ts.snap')
  })

  it('leaves JavaScript routes out, as Next does', () => {
    const text = emitValidator(ROUTES, OUT)
    expect(text).not.toContain('app/legacy/route')
    expect(text).toContain('import("../../app/esm/route.mjs")')
  })

  it('emits a bare module when no route is TypeScript, so noUnusedLocals has nothing to flag', () => {
    const text = emitValidator([toRouteFile(PROJECT, 'app/legacy/route.js')], OUT)
    expect(text).not.toContain('import type')
    expect(text.trimEnd().endsWith('export {}')).toBe(true)
  })
})

describe('toImportSpecifier', () => {
  it('is relative to the out dir and names the emitted extension', () => {
    expect(toImportSpecifier(OUT, '/project/app/users/[id]/route.ts')).toBe('../../app/users/[id]/route.js')
    expect(toImportSpecifier(OUT, '/project/app/x/route.tsx')).toBe('../../app/x/route.js')
    expect(toImportSpecifier(OUT, '/project/app/x/route.cts')).toBe('../../app/x/route.cjs')
    expect(toImportSpecifier('/project', '/project/app/route.ts')).toBe('./app/route.js')
  })
})
