import { describe, expect, it } from 'vitest'
import { emitRouteTypes, renderParamType, uniqueRoutes } from '../../src/typegen/emit-route-types.ts'
import { toRouteFile } from './_fixture.ts'
import { PROJECT, ROUTES } from './_routes.ts'

const params = (file: string): string => renderParamType(toRouteFile(PROJECT, file).segments)

describe('renderParamType', () => {
  it('types params as Next does (R33)', () => {
    expect(params('app/route.ts')).toBe('{}')
    expect(params('app/a/[id]/route.ts')).toBe('{ "id": string; }')
    expect(params('app/a/[...slug]/route.ts')).toBe('{ "slug": string[]; }')
    expect(params('app/a/[[...slug]]/route.ts')).toBe('{ "slug"?: string[]; }')
    expect(params('app/[a]/x/[b]/[...c]/route.ts')).toBe('{ "a": string; "b": string; "c": string[]; }')
  })

  it('quotes names a bare key could not hold and drops a repeated one', () => {
    expect(renderParamType([{ kind: 'dynamic', name: 'my-id' }])).toBe('{ "my-id": string; }')
    expect(
      renderParamType([
        { kind: 'dynamic', name: 'id' },
        { kind: 'static', value: 'x' },
        { kind: 'dynamic', name: 'id' },
      ]),
    ).toBe('{ "id": string; }')
  })
})

describe('emitRouteTypes', () => {
  it('renders the route union, ParamMap and the global RouteContext (R90)', async () => {
    await expect(emitRouteTypes(ROUTES)).toMatchFileSnapshot('./__snapshots__/routes.d.ts.snap')
  })

  it('writes a route once when two files claim it (R13 is the scanner’s error)', () => {
    const twice = [
      toRouteFile(PROJECT, 'app/(a)/same/route.ts'),
      toRouteFile(PROJECT, 'app/(b)/same/route.ts'),
    ]
    expect(uniqueRoutes(twice).map((r) => r.file)).toEqual(['app/(a)/same/route.ts'])
    expect(emitRouteTypes(twice).match(/"\/same"/g)).toHaveLength(2) // once in the union, once in ParamMap
  })

  it('declares an empty union when there are no routes', () => {
    const text = emitRouteTypes([])
    expect(text).toContain('type AppRouteHandlerRoutes = never\n')
    expect(text).toContain('interface ParamMap {\n}')
  })

  it('sorts by code unit, not by locale', () => {
    const text = emitRouteTypes(
      ['app/b/route.ts', 'app/B/route.ts', 'app/a/route.ts'].map((f) => toRouteFile(PROJECT, f)),
    )
    expect(text.indexOf('"/B"')).toBeLessThan(text.indexOf('"/a"'))
    expect(text.indexOf('"/a"')).toBeLessThan(text.indexOf('"/b"'))
  })
})
