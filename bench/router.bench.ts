/**
 * Router lookups per second over a 200-route table: `npx vitest bench --run bench/router.bench.ts`.
 * Each bench repeats one pathname string, so V8 has its hash cached for the whole-path Map lookup; a
 * fresh pathname per request (the server's case) costs ~35 ns more on a static hit, up to ~80 ns on
 * the others (measured with plain node timing over a pool of fresh strings).
 */
import { bench, describe } from 'vitest'
import { buildRouter } from '../src/router/build-router.ts'
import type { RouteRecord } from '../src/router/router.ts'
import type { Segment } from '../src/scanner/route-file.ts'

/** 40 resources × 5 routes: a list, a search, an item, an item sub-route and a catch-all. */
function createTable(): RouteRecord<string>[] {
  const records: RouteRecord<string>[] = []
  const add = (pattern: string, segments: Segment[]): void =>
    void records.push({ pattern, segments, data: pattern })
  for (let i = 0; i < 40; i++) {
    const api: Segment = { kind: 'static', value: 'api' }
    const resource: Segment = { kind: 'static', value: `resource${i}` }
    const id: Segment = { kind: 'dynamic', name: 'id' }
    add(`/api/resource${i}`, [api, resource])
    add(`/api/resource${i}/search`, [api, resource, { kind: 'static', value: 'search' }])
    add(`/api/resource${i}/[id]`, [api, resource, id])
    add(`/api/resource${i}/[id]/edit`, [api, resource, id, { kind: 'static', value: 'edit' }])
    add(`/files${i}/[...path]`, [
      { kind: 'static', value: `files${i}` },
      { kind: 'catch-all', name: 'path' },
    ])
  }
  return records
}

const router = buildRouter(createTable())
const PATHS = {
  'static hit': '/api/resource37/search',
  'dynamic hit': '/api/resource37/12345/edit',
  'catch-all hit': '/files37/docs/guide/intro.md',
  'miss (deep, backtracks)': '/api/resource37/12345/delete',
  'miss (first segment)': '/no/such/route',
}

describe('router.match, 200 routes', () => {
  for (const [name, path] of Object.entries(PATHS)) {
    if (router.match(path) === undefined && name.includes('hit')) throw new Error(`${path} should match`)
    bench(
      name,
      () => {
        router.match(path)
      },
      { time: 1000 },
    )
  }
})
