/** The route table the emitter snapshots run over: every kind of segment spec §A knows. */
import type { RouteFile } from '../../src/scanner/route-file.ts'
import { toRouteFile } from './_fixture.ts'

/** A project directory that never exists on disk; only relative paths reach the output. */
export const PROJECT = '/project'

/** Unsorted on purpose: the emitters sort. */
export const ROUTES: RouteFile[] = [
  'app/users/[id]/route.ts',
  'app/route.ts',
  'app/(marketing)/blog/[...slug]/route.ts',
  'app/docs/[[...path]]/route.tsx',
  'app/orgs/[org]/repos/[repo]/route.ts',
  'app/hello.json/route.ts', // R9: dots are literal
  'app/dots/[file].txt/route.ts', // R8: a static segment with brackets inside
  'app/%5Fescaped/route.ts', // R4: `%5F` → `_`
  'app/legacy/route.js', // in the union, not validated (no declared types)
  'app/esm/route.mts',
].map((file) => toRouteFile(PROJECT, file))
