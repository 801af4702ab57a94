/** Route type generation for 1,000 routes (issue "Typed routes": under 200 ms): `npx vitest bench --run bench/typegen.bench.ts`. */
import { mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bench, describe } from 'vitest'
import type { RouteFile, Segment } from '../src/scanner/route-file.ts'
import { emitRouteTypes } from '../src/typegen/emit-route-types.ts'
import { emitValidator } from '../src/typegen/emit-validator.ts'
import { writeRouteTypes } from '../src/typegen/write-route-types.ts'

// One fixed folder, emptied at the start: vitest runs no cleanup hooks in bench mode.
const projectDir = join(tmpdir(), 'routekit-typegen-bench')
rmSync(projectDir, { recursive: true, force: true })
mkdirSync(projectDir, { recursive: true })

/** 200 resources × 5 routes: a list, a search, an item, an item sub-route and a catch-all. */
function createRoutes(resources: number): RouteFile[] {
  const routes: RouteFile[] = []
  const add = (folders: string, pattern: string, segments: Segment[]): void => {
    const file = `app/${folders}/route.ts`
    routes.push({ file, absPath: join(projectDir, file), pattern, segments })
  }
  for (let i = 0; i < resources; i++) {
    const api: Segment = { kind: 'static', value: 'api' }
    const resource: Segment = { kind: 'static', value: `resource${i}` }
    const id: Segment = { kind: 'dynamic', name: 'id' }
    add(`api/resource${i}`, `/api/resource${i}`, [api, resource])
    add(`(v1)/api/resource${i}/search`, `/api/resource${i}/search`, [
      api,
      resource,
      { kind: 'static', value: 'search' },
    ])
    add(`api/resource${i}/[id]`, `/api/resource${i}/[id]`, [api, resource, id])
    add(`api/resource${i}/[id]/edit`, `/api/resource${i}/[id]/edit`, [
      api,
      resource,
      id,
      { kind: 'static', value: 'edit' },
    ])
    add(`files${i}/[[...path]]`, `/files${i}/[[...path]]`, [
      { kind: 'static', value: `files${i}` },
      { kind: 'optional-catch-all', name: 'path' },
    ])
  }
  return routes
}

const routes = createRoutes(200)
const plusOne = [...routes, ...createRoutes(201).slice(-1)]
const coldDir = join(projectDir, '.routekit', 'cold')
const warmDir = join(projectDir, '.routekit', 'warm')
writeRouteTypes({ projectDir, routes, outDir: warmDir })
let flip = false

describe(`typegen, ${routes.length} routes`, () => {
  bench('render routes.d.ts + validator.ts (no I/O)', () => {
    emitRouteTypes(routes)
    emitValidator(routes, warmDir)
  })

  bench('writeRouteTypes into an empty dir (every file written; the timing includes emptying it)', () => {
    rmSync(coldDir, { recursive: true, force: true })
    writeRouteTypes({ projectDir, routes, outDir: coldDir })
  })

  bench('writeRouteTypes, nothing changed (no file written)', () => {
    const result = writeRouteTypes({ projectDir, routes, outDir: warmDir })
    if (result.changed.length !== 0) throw new Error('expected no writes')
  })

  bench('writeRouteTypes, one route added or removed (2 files written)', () => {
    flip = !flip
    writeRouteTypes({ projectDir, routes: flip ? plusOne : routes, outDir: warmDir })
  })
})
