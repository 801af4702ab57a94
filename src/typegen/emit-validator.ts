/** Renders `validator.ts`: each TypeScript route module checked against `RouteHandlerConfig<Route>` (R91). */
import { relative } from 'node:path'
import type { RouteFile } from '../scanner/route-file.ts'
import { GENERATED_BANNER } from './emit-route-types.ts'

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const

// R91: Next's handler type, verbatim, so tsc prints the same messages as under `next build`.
const HANDLER_TYPE =
  '(request: NextRequest, context: { params: Promise<ParamMap[Route]> }) => Promise<Response | void> | Response | void'

/** TypeScript sources only, as Next: a `.js` route has no declared types worth checking. */
const TS_SOURCE = /\.(?:tsx?|mts|cts)$/

/** The specifier `validator.ts` imports a route module by: relative, POSIX, with the emitted extension. */
export function toImportSpecifier(outDir: string, absPath: string): string {
  const path = relative(outDir, absPath).replaceAll('\\', '/')
  // `.js` for `.ts` resolves under both `moduleResolution: bundler` and `nodenext`.
  const js = path
    .replace(/\.tsx?$/, '.js')
    .replace(/\.mts$/, '.mjs')
    .replace(/\.cts$/, '.cjs')
  return js.startsWith('.') ? js : `./${js}`
}

function renderCheck(route: RouteFile, outDir: string): string {
  // Next's shape: a constraint on a type parameter, so the error names the module and the export.
  return `// Validate ${route.file}
{
  type __IsExpected<Specific extends RouteHandlerConfig<${JSON.stringify(route.pattern)}>> = Specific
  const handler = {} as typeof import(${JSON.stringify(toImportSpecifier(outDir, route.absPath))})
  type __Check = __IsExpected<typeof handler>
  // @ts-ignore -- only the constraint matters; this keeps noUnusedLocals quiet
  type __Unused = __Check
}
`
}

/** The text of `validator.ts`, written to `outDir`, for these routes. */
export function emitValidator(routes: readonly RouteFile[], outDir: string): string {
  const checked = routes.filter((r) => TS_SOURCE.test(r.file)).toSorted((a, b) => (a.file < b.file ? -1 : 1))
  const header = `${GENERATED_BANNER}
// R91: every exported method of every route module must fit RouteHandlerConfig<Route>, as Next.js's
// .next/types/validator.ts checks it; a mismatch is a tsc error naming the module and the export.
`
  // Unused imports and types would trip noUnusedLocals in the user's tsconfig.
  if (checked.length === 0) return `${header}\nexport {}\n`
  const config = METHODS.map((m) => `  ${m}?: ${HANDLER_TYPE}\n`).join('')
  return `${header}
import type { AppRouteHandlerRoutes, ParamMap } from "./routes.js"
import type { NextRequest } from "next/server"

type RouteHandlerConfig<Route extends AppRouteHandlerRoutes = AppRouteHandlerRoutes> = {
${config}}

${checked.map((r) => renderCheck(r, outDir)).join('\n')}`
}
