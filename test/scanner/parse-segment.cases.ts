/**
 * Folder name → segment, as Next.js reads it (spec §A). `expect` is the segment, `null` for a folder
 * that adds no URL segment, or `{ error }`: `RK_BAD_SEGMENT` whose message contains `error`.
 */
import type { Segment } from '../../src/scanner/route-file.ts'

export type SegmentExpectation = Segment | null | { error: string }

export interface SegmentCase {
  name: string
  input: string
  expect: SegmentExpectation
}

export const SEGMENT_CASES: readonly SegmentCase[] = [
  // static (R2, R8, R9)
  { name: 'a plain folder is a static segment', input: 'users', expect: { kind: 'static', value: 'users' } },
  { name: 'keeps upper case as written (R2)', input: 'ENC', expect: { kind: 'static', value: 'ENC' } },
  {
    name: 'keeps dots literal (R9)',
    input: 'data.v1.json',
    expect: { kind: 'static', value: 'data.v1.json' },
  },
  {
    name: 'keeps a dot-folder literal',
    input: '.well-known',
    expect: { kind: 'static', value: '.well-known' },
  },
  {
    name: 'reads brackets that do not span the whole name as text (R8)',
    input: '[file].txt',
    expect: { kind: 'static', value: '[file].txt' },
  },
  { name: 'reads inner brackets as text (R8)', input: 'a[b]c', expect: { kind: 'static', value: 'a[b]c' } },
  {
    name: 'reads a name with a leading ( only as text',
    input: '(x',
    expect: { kind: 'static', value: '(x' },
  },

  // %5F (R4; Next's UnderscoreNormalizer replaces /%5F/g)
  {
    name: 'decodes a leading %5F to _ (R4)',
    input: '%5Fescaped',
    expect: { kind: 'static', value: '_escaped' },
  },
  {
    name: 'decodes every %5F, not only a leading one',
    input: 'a%5Fb%5F',
    expect: { kind: 'static', value: 'a_b_' },
  },
  {
    name: 'leaves lower-case %5f alone, as Next does',
    input: '%5fx',
    expect: { kind: 'static', value: '%5fx' },
  },
  { name: 'leaves other escapes alone', input: '%62asic', expect: { kind: 'static', value: '%62asic' } },
  { name: 'decodes %5F inside a parameter name', input: '[%5Fid]', expect: { kind: 'dynamic', name: '_id' } },

  // folders without a URL segment (R3, parallel slots)
  { name: 'drops a route group (R3)', input: '(marketing)', expect: null },
  { name: 'drops an empty route group', input: '()', expect: null },
  { name: 'drops a parallel-route slot', input: '@modal', expect: null },

  // dynamic (R5–R7)
  { name: 'reads [id] as a dynamic segment (R5)', input: '[id]', expect: { kind: 'dynamic', name: 'id' } },
  {
    name: 'keeps dashes and dots in a name',
    input: '[post-id.v2]',
    expect: { kind: 'dynamic', name: 'post-id.v2' },
  },
  {
    name: 'reads [...slug] as a catch-all (R6)',
    input: '[...slug]',
    expect: { kind: 'catch-all', name: 'slug' },
  },
  {
    name: 'reads [[...slug]] as an optional catch-all (R7)',
    input: '[[...slug]]',
    expect: { kind: 'optional-catch-all', name: 'slug' },
  },

  // malformed (R11, sorted-routes.ts)
  { name: 'rejects empty brackets', input: '[]', expect: { error: 'has no name' } },
  { name: 'rejects a catch-all without a name', input: '[...]', expect: { error: 'has no name' } },
  {
    name: 'rejects an optional catch-all without a name',
    input: '[[...]]',
    expect: { error: 'has no name' },
  },
  { name: 'rejects [[]]', input: '[[]]', expect: { error: 'has no name' } },
  {
    name: 'rejects an optional single parameter, as Next does',
    input: '[[id]]',
    expect: { error: 'write [id], or [[...id]]' },
  },
  {
    name: 'rejects a missing closing bracket in an optional catch-all',
    input: '[[...x]',
    expect: { error: 'extra brackets' },
  },
  { name: 'rejects a doubled closing bracket', input: '[x]]', expect: { error: 'extra brackets' } },
  { name: 'rejects a bracket inside a name', input: '[a]b]', expect: { error: 'extra brackets' } },
  { name: 'rejects a missing closing bracket', input: '[x', expect: { error: 'unbalanced' } },
  { name: 'rejects a missing opening bracket', input: 'x]', expect: { error: 'unbalanced' } },
  {
    name: 'rejects a name starting with a period',
    input: '[.x]',
    expect: { error: 'cannot start with "."' },
  },
  {
    name: 'rejects a catch-all with four dots',
    input: '[....x]',
    expect: { error: 'cannot start with "."' },
  },
  { name: 'rejects a catch-all with two dots', input: '[..x]', expect: { error: 'cannot start with "."' } },
  { name: 'rejects an intercepting (.) folder', input: '(.)photo', expect: { error: 'intercepting route' } },
  { name: 'rejects an intercepting (..) folder', input: '(..)photo', expect: { error: '"(..)"' } },
  { name: 'rejects an intercepting (...) folder', input: '(...)photo', expect: { error: '"(...)"' } },
  {
    name: 'rejects an intercepting (..)(..) folder',
    input: '(..)(..)photo',
    expect: { error: '"(..)(..)"' },
  },
]
