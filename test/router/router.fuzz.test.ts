import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RoutekitError } from '../../src/errors.ts'
import { buildRouter } from '../../src/router/build-router.ts'
import type { Params, RouteRecord, Router } from '../../src/router/router.ts'
import type { Segment } from '../../src/scanner/route-file.ts'
import type { RouterExpectation } from './router.cases.ts'

type Token = { kind: 'static'; value: string } | { kind: Exclude<Segment['kind'], 'static'> }

const STATICS = ['a', 'b', 'c', 'A', '%61', 'x.y', '%2e%2e', '%ZZ']
const VALUES = [
  'a',
  'b',
  'A',
  '%61',
  '.',
  '..',
  '%2e',
  '%2E%2e',
  '.%2e',
  '...',
  '%ZZ',
  '%',
  '%FF',
  'a%2Fb',
  '%E2%9C%93',
  '+',
  '%25',
  '',
]

const tokenArb: fc.Arbitrary<Token> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...STATICS).map((value) => ({ kind: 'static' as const, value })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'dynamic' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'catch-all' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'optional-catch-all' as const }) },
)

const shapeOf = (tokens: readonly Token[]): string =>
  tokens.map((t) => (t.kind === 'static' ? `s:${t.value}` : t.kind)).join('\u0000')

/**
 * Keeps the routes Next accepts (R11): catch-alls last, one name per trie position and unique names per
 * path (names follow the depth), no `[...x]` beside `[[...x]]`, no route beside its own optional catch-all.
 */
function toValidRoutes(candidates: readonly (readonly Token[])[]): RouteRecord<string>[] {
  const shapes = new Set<string>()
  const records: RouteRecord<string>[] = []
  for (const candidate of candidates) {
    const rest = candidate.findIndex((t) => t.kind === 'catch-all' || t.kind === 'optional-catch-all')
    const tokens = rest === -1 ? candidate : candidate.slice(0, rest + 1)
    const last = tokens.at(-1)
    const prefix = tokens.slice(0, -1)
    const shape = shapeOf(tokens)
    const conflicts = [shape, shapeOf([...tokens, { kind: 'optional-catch-all' }])]
    if (last?.kind === 'optional-catch-all')
      conflicts.push(shapeOf(prefix), shapeOf([...prefix, { kind: 'catch-all' }]))
    if (last?.kind === 'catch-all') conflicts.push(shapeOf([...prefix, { kind: 'optional-catch-all' }]))
    if (conflicts.some((c) => shapes.has(c))) continue
    shapes.add(shape)
    const segments = tokens.map((t, depth): Segment =>
      t.kind === 'static' ? t : { kind: t.kind, name: `p${depth}` },
    )
    const pattern = `/${segments.map(toPatternPart).join('/')}`
    records.push({ pattern, segments, data: pattern })
  }
  return records
}

function toPatternPart(segment: Segment): string {
  if (segment.kind === 'static') return segment.value
  if (segment.kind === 'dynamic') return `[${segment.name}]`
  return segment.kind === 'catch-all' ? `[...${segment.name}]` : `[[...${segment.name}]]`
}

const valueArb = fc.oneof(
  fc.constantFrom(...VALUES, ...STATICS),
  fc.stringMatching(/^(?:[a-c.]|%2[eE]|%41){1,3}$/),
)

/** A path that fills in one route, sometimes with a segment changed, added or dropped. */
function instantiate(record: RouteRecord<string>): fc.Arbitrary<string[]> {
  const parts = record.segments.map((s): fc.Arbitrary<string[]> => {
    if (s.kind === 'static') return fc.constant([s.value])
    if (s.kind === 'dynamic') return valueArb.map((v) => [v])
    return fc.array(valueArb, { minLength: s.kind === 'catch-all' ? 1 : 0, maxLength: 3 })
  })
  const filled = fc.tuple(...parts).map((lists) => lists.flat())
  return fc.oneof(
    { weight: 3, arbitrary: filled },
    { weight: 1, arbitrary: fc.tuple(filled, valueArb).map(([p, v]) => [...p, v]) },
    { weight: 1, arbitrary: filled.map((p) => p.slice(0, -1)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(filled, fc.nat(), valueArb)
        .map(([p, i, v]) => (p.length === 0 ? [v] : p.with(i % p.length, v))),
    },
  )
}

const caseArb = fc
  .array(fc.array(tokenArb, { maxLength: 4 }), { minLength: 1, maxLength: 12 })
  .map(toValidRoutes)
  .chain((records) => {
    const random = fc.array(fc.oneof(fc.constantFrom(...STATICS), valueArb), { maxLength: 5 })
    const pathArb = fc
      .oneof(random, fc.constantFrom(...records).chain(instantiate))
      .map((parts) => `/${parts.join('/')}`)
    return fc.tuple(fc.constant(records), fc.array(pathArb, { minLength: 1, maxLength: 20 }))
  })

// ---- the reference: try every route, rank by Next's per-segment precedence ------------------

const RANK = { static: 0, dynamic: 1, 'catch-all': 2, 'optional-catch-all': 3 } as const

function tryDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

/** R17 + robustness: not empty, not `.` or `..` once decoded. */
function isValue(raw: string): boolean {
  const decoded = tryDecode(raw) ?? raw
  return raw !== '' && decoded !== '.' && decoded !== '..'
}

/** The rank of each segment when `segments` matches `parts`, else undefined. */
function ranksOf(segments: readonly Segment[], parts: readonly string[]): number[] | undefined {
  const ranks: number[] = []
  for (const [i, segment] of segments.entries()) {
    ranks.push(RANK[segment.kind])
    if (segment.kind === 'catch-all' || segment.kind === 'optional-catch-all') {
      const rest = parts.slice(i)
      if (segment.kind === 'catch-all' && rest.length === 0) return undefined
      return rest.every(isValue) ? ranks : undefined
    }
    const part = parts[i]
    if (part === undefined) return undefined
    if (segment.kind === 'static' ? part !== segment.value : !isValue(part)) return undefined
  }
  return parts.length === segments.length ? ranks : undefined
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

function referenceMatch(records: readonly RouteRecord<string>[], path: string): RouterExpectation {
  const parts = path === '/' ? [] : path.slice(1).split('/')
  let best: { record: RouteRecord<string>; ranks: number[] } | undefined
  for (const record of records) {
    const ranks = ranksOf(record.segments, parts)
    if (ranks !== undefined && (best === undefined || compareRanks(ranks, best.ranks) < 0))
      best = { record, ranks }
  }
  if (best === undefined) return null
  const { segments, pattern } = best.record
  if (segments.every((s) => s.kind === 'static')) return { pattern, params: undefined }
  const params: Params = {}
  for (const [i, segment] of segments.entries()) {
    if (segment.kind === 'static') continue
    const raw = segment.kind === 'dynamic' ? [parts[i]!] : parts.slice(i)
    const decoded = raw.map(tryDecode)
    if (decoded.some((d) => d === undefined)) return 'bad-encoding'
    if (segment.kind === 'dynamic') params[segment.name] = decoded[0]!
    else if (decoded.length > 0) params[segment.name] = decoded as string[]
  }
  return { pattern, params }
}

function routerMatch(router: Router<string>, path: string): RouterExpectation {
  try {
    const match = router.match(path)
    return match === undefined ? null : { pattern: match.data, params: match.params }
  } catch (error) {
    if (error instanceof RoutekitError && error.code === 'RK_BAD_PERCENT_ENCODING') return 'bad-encoding'
    throw error
  }
}

describe('buildRouter against a reference matcher', () => {
  it('picks the route and params a try-every-route matcher picks', () => {
    fc.assert(
      fc.property(caseArb, ([records, paths]) => {
        const router = buildRouter(records)
        for (const path of paths)
          expect(routerMatch(router, path), path).toStrictEqual(referenceMatch(records, path))
      }),
      { seed: 20260707, numRuns: 300 },
    )
  })
})
