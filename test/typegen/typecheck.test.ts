// Type tests (issue "Typed routes", Must show): tsc over real fixtures with the generated declarations.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT, copyFixture, ensureDist, generate, typecheck } from './_fixture.ts'

beforeAll(() => void ensureDist(), 120_000)

/** Copies the fixture, overwrites `files`, generates the types and returns tsc's diagnostics. */
function check(fixture: string, files: Record<string, string> = {}): string[] {
  const dir = copyFixture(fixture, files)
  generate(dir)
  return typecheck(dir)
}

const USERS = 'app/users/[id]/route.ts'

describe('typegen-app (moduleResolution bundler)', () => {
  it('typechecks correct handlers with no next package installed', () => {
    expect(check('typegen-app')).toEqual([])
  })

  it('rejects a route string that does not exist (R92)', () => {
    const errors = check('typegen-app', {
      [USERS]: `export async function GET(_r: Request, ctx: RouteContext<'/nope/[id]'>) {
  return Response.json(await ctx.params)
}
`,
    })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^app\/users\/\[id\]\/route\.ts\(1,58\): error TS2344: /)
    expect(errors[0]).toContain(
      `Type '"/nope/[id]"' does not satisfy the constraint 'AppRouteHandlerRoutes'.`,
    )
  })

  it('rejects a param name the route does not have (R92)', () => {
    const errors = check('typegen-app', {
      [USERS]: `export async function GET(_r: Request, ctx: RouteContext<'/users/[id]'>) {
  const { slug } = await ctx.params
  return Response.json({ slug })
}
`,
    })
    expect(errors).toEqual([
      `${USERS}(2,11): error TS2339: Property 'slug' does not exist on type '{ id: string; }'.`,
    ])
  })

  it('types a catch-all as string[] and rejects it as a string (R33)', () => {
    const errors = check('typegen-app', {
      'app/(shop)/products/[...slug]/route.ts': `export async function GET(_r: Request, ctx: RouteContext<'/products/[...slug]'>) {
  const slug: string = (await ctx.params).slug
  return Response.json({ slug })
}
`,
    })
    expect(errors).toEqual([
      `app/(shop)/products/[...slug]/route.ts(2,9): error TS2322: Type 'string[]' is not assignable to type 'string'.`,
    ])
  })

  it('types an optional catch-all as possibly absent (R7, R33)', () => {
    const errors = check('typegen-app', {
      'app/docs/[[...path]]/route.ts': `export async function GET(_r: Request, ctx: RouteContext<'/docs/[[...path]]'>) {
  const path: string[] = (await ctx.params).path
  return Response.json({ path })
}
`,
    })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(
      `error TS2322: Type 'string[] | undefined' is not assignable to type 'string[]'.`,
    )
  })

  it('rejects a hand-written context whose catch-all param is a string (R91)', () => {
    const errors = check('typegen-app', {
      'app/(shop)/products/[...slug]/route.ts': `export async function GET(_r: Request, ctx: { params: Promise<{ slug: string }> }) {
  return Response.json(await ctx.params)
}
`,
    })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^\.routekit\/types\/validator\.ts\(\d+,\d+\): error TS2344: /)
    expect(errors[0]).toContain(
      `app/(shop)/products/[...slug]/route")' does not satisfy the constraint 'RouteHandlerConfig<"/products/[...slug]">'.`,
    )
    expect(errors[0]).toContain(`Types of property 'GET' are incompatible.`)
    expect(errors[0]).toContain(`Type 'string[]' is not assignable to type 'string'.`)
  })

  it('rejects a handler whose request parameter is not a request (R91)', () => {
    const errors = check('typegen-app', {
      [USERS]: `export function GET(request: number) {
  return Response.json({ request })
}
`,
    })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(
      `app/users/[id]/route")' does not satisfy the constraint 'RouteHandlerConfig<"/users/[id]">'.`,
    )
    expect(errors[0]).toContain(`Types of property 'GET' are incompatible.`)
    expect(errors[0]).toContain(`Type 'NextRequest' is not assignable to type 'number'.`)
  })

  it('rejects a handler that returns something other than a Response (R91)', () => {
    const errors = check('typegen-app', {
      'app/route.ts': `export function POST() {\n  return 'created'\n}\n`,
    })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(`/app/route")' does not satisfy the constraint 'RouteHandlerConfig<"/">'.`)
    expect(errors[0]).toContain(`The types returned by 'POST(...)' are incompatible between these types.`)
    expect(errors[0]).toContain(
      `Type 'string' is not assignable to type 'void | Response | Promise<void | Response>'.`,
    )
  })

  it('rejects a hand-written context that names the wrong param (R91)', () => {
    const errors = check('typegen-app', {
      [USERS]: `export async function PATCH(_r: Request, ctx: { params: Promise<{ userId: string }> }) {
  return Response.json(await ctx.params)
}
`,
    })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(`Types of property 'PATCH' are incompatible.`)
    expect(errors[0]).toContain(
      `Property 'userId' is missing in type '{ id: string; }' but required in type '{ userId: string; }'.`,
    )
  })

  it('declares next/server from Routekit, so a name it lacks is an error', () => {
    const errors = check('typegen-app', {
      'app/route.ts': `import { NextResponse, NotARealExport } from 'next/server'\nexport const GET = () => NextResponse.json(NotARealExport)\n`,
    })
    expect(errors).toEqual([
      `app/route.ts(1,24): error TS2305: Module '"next/server"' has no exported member 'NotARealExport'.`,
    ])
  })

  it('leaves RouteContext undeclared when tsconfig does not include the generated types', () => {
    const tsconfig = readFileSync(join(ROOT, 'test/fixtures/typegen-app/tsconfig.json'), 'utf8')
    const errors = check('typegen-app', {
      'tsconfig.json': tsconfig.replace(', ".routekit/types/**/*.ts"', ''),
    })
    expect(errors.some((e) => e.includes("error TS2304: Cannot find name 'RouteContext'."))).toBe(true)
  })
})

describe('typegen-nodenext (moduleResolution nodenext, ESM)', () => {
  it('typechecks correct handlers, next/server.js imports included', () => {
    expect(check('typegen-nodenext')).toEqual([])
  })

  it('typechecks a CommonJS project too (no "type": "module")', () => {
    const tsconfig = readFileSync(join(ROOT, 'test/fixtures/typegen-nodenext/tsconfig.json'), 'utf8')
    const errors = check('typegen-nodenext', {
      'package.json': '{ "private": true }\n',
      // verbatimModuleSyntax forbids `export` in a CommonJS file; that is the project's choice, not ours.
      'tsconfig.json': tsconfig.replace('"verbatimModuleSyntax": true,', ''),
    })
    expect(errors).toEqual([])
  })

  it('rejects a wrong route string and an invalid handler', () => {
    const errors = check('typegen-nodenext', {
      'app/files/[...path]/route.ts': `export async function GET(_r: Request, ctx: RouteContext<'/files/[path]'>) {
  return Response.json(await ctx.params)
}
export const POST = (request: Request) => request.url
`,
    })
    expect(errors).toHaveLength(2)
    expect(errors.join('\n')).toContain(
      `Type '"/files/[path]"' does not satisfy the constraint 'AppRouteHandlerRoutes'.`,
    )
    expect(errors.join('\n')).toContain(
      `The types returned by 'POST(...)' are incompatible between these types.`,
    )
  })
})

describe('examples/basic', () => {
  it('typechecks with RouteContext<"/users/[id]">', () => {
    const dir = copyFixture(join(ROOT, 'examples', 'basic'), {
      'tsconfig.json': readFileSync(join(ROOT, 'test/fixtures/typegen-app/tsconfig.json'), 'utf8'),
    })
    expect(readFileSync(join(dir, USERS), 'utf8')).toContain(`RouteContext<'/users/[id]'>`)
    generate(dir)
    expect(typecheck(dir)).toEqual([])
  })
})
