/**
 * The case table every matcher implementation runs (Hono's `common.case.test.ts` idea). `expect` is
 * the route Next.js picks with its params, `null` for a 404, or `'bad-encoding'` for
 * `RK_BAD_PERCENT_ENCODING` (deviation f: a 400 where Next answers 500).
 */
import type { Params } from '../../src/router/router.ts'

export type RouterExpectation = { pattern: string; params: Params | undefined } | null | 'bad-encoding'

export interface RouterCase {
  name: string
  routes: readonly string[]
  path: string
  expect: RouterExpectation
}

/** The routes of the routing conformance app (`conformance/public/routing/app`), groups and private folders removed. */
export const CONFORMANCE_ROUTES = [
  '/_underscore',
  '/pricing',
  '/about',
  '/api/hello',
  '/api/search',
  '/catalog/[sku]',
  '/data.v1.json',
  '/docs/[...path]',
  '/docs/[version]',
  '/docs/latest',
  '/echo/[value]',
  '/files/[[...parts]]',
  '/methods/all',
  '/methods/custom-options',
  '/methods/default-only',
  '/methods/get-only',
  '/methods/lowercase',
  '/methods/post-only',
  '/methods/with-head',
  '/teams/[team]/members/[member]',
  '/users/[id]',
] as const

const app = (name: string, path: string, expect: RouterExpectation): RouterCase => ({
  name: `conformance: ${name}`,
  routes: CONFORMANCE_ROUTES,
  path,
  expect,
})
const PREC = ['/prec/static', '/prec/[id]', '/prec/[...rest]']
const ENC = ['/enc/[id]', '/cat/[...slug]']

export const ROUTER_CASES: readonly RouterCase[] = [
  // ---- the routing conformance app (cases.json), the requests that concern matching ----------
  app('matches a static route', '/api/hello', { pattern: '/api/hello', params: undefined }),
  app('matches a dynamic route', '/users/123', { pattern: '/users/[id]', params: { id: '123' } }),
  app('matches a route from a route group at its URL', '/about', { pattern: '/about', params: undefined }),
  app('misses the route group name as a segment', '/marketing/about', null),
  app('misses the route group folder name', '/(marketing)/about', null),
  app('matches a route from nested groups', '/pricing', { pattern: '/pricing', params: undefined }),
  app('misses a private folder', '/_internal/secret', null),
  app('misses a private folder without its underscore', '/internal/secret', null),
  app('matches a %5F folder at its underscore URL', '/_underscore', {
    pattern: '/_underscore',
    params: undefined,
  }),
  app('misses a %5F folder through the literal escape', '/%5Funderscore', null),
  app('matches dots in a folder name literally', '/data.v1.json', {
    pattern: '/data.v1.json',
    params: undefined,
  }),
  app('misses a dotted folder without its dots', '/data', null),
  app('compares static segments case-sensitively', '/API/hello', null),
  app('misses a percent-encoded static segment', '/api/%68ello', null),
  app('prefers a static segment over a dynamic one', '/docs/latest', {
    pattern: '/docs/latest',
    params: undefined,
  }),
  app('prefers a dynamic segment over a catch-all', '/docs/v2', {
    pattern: '/docs/[version]',
    params: { version: 'v2' },
  }),
  app('gives a catch-all several segments', '/docs/v2/guide/intro', {
    pattern: '/docs/[...path]',
    params: { path: ['v2', 'guide', 'intro'] },
  }),
  app('falls back from a static first segment to the catch-all', '/docs/latest/changes', {
    pattern: '/docs/[...path]',
    params: { path: ['latest', 'changes'] },
  }),
  app('misses a required catch-all with zero segments', '/docs', null),
  app('leaves the key absent for an optional catch-all with zero segments', '/files', {
    pattern: '/files/[[...parts]]',
    params: {},
  }),
  app('gives an optional catch-all one segment', '/files/a', {
    pattern: '/files/[[...parts]]',
    params: { parts: ['a'] },
  }),
  app('gives an optional catch-all three segments', '/files/a/b/c.txt', {
    pattern: '/files/[[...parts]]',
    params: { parts: ['a', 'b', 'c.txt'] },
  }),
  app('matches two dynamic segments', '/teams/red/members/7', {
    pattern: '/teams/[team]/members/[member]',
    params: { team: 'red', member: '7' },
  }),
  app('decodes %20 in a param', '/echo/a%20b', { pattern: '/echo/[value]', params: { value: 'a b' } }),
  app('keeps an encoded slash in one segment', '/echo/a%2Fb', {
    pattern: '/echo/[value]',
    params: { value: 'a/b' },
  }),
  app('decodes encoded UTF-8', '/echo/%E2%9C%93', { pattern: '/echo/[value]', params: { value: '✓' } }),
  app('keeps a plus sign', '/echo/a+b', { pattern: '/echo/[value]', params: { value: 'a+b' } }),
  app('decodes %2541 once', '/echo/%2541', { pattern: '/echo/[value]', params: { value: '%41' } }),
  app('matches the path after dot segments are resolved', '/echo/y', {
    pattern: '/echo/[value]',
    params: { value: 'y' },
  }),
  app('reports a malformed escape', '/echo/%ZZ', 'bad-encoding'),
  app('misses an unknown path', '/no/such/route', null),
  app('matches a generateStaticParams route', '/catalog/alpha', {
    pattern: '/catalog/[sku]',
    params: { sku: 'alpha' },
  }),
  app('misses the root when there is no root route', '/', null),

  // ---- basics ---------------------------------------------------------------------------------
  {
    name: 'matches the root route',
    routes: ['/', '/a'],
    path: '/',
    expect: { pattern: '/', params: undefined },
  },
  { name: 'matches nothing in an empty table', routes: [], path: '/a', expect: null },
  { name: 'misses a path that is not absolute', routes: ['/', '/[x]'], path: 'a', expect: null },
  { name: 'misses the empty string', routes: ['/', '/[[...x]]'], path: '', expect: null },
  { name: 'misses a longer path under a static route', routes: ['/a'], path: '/a/b', expect: null },
  { name: 'misses a shorter path above a static route', routes: ['/a/b'], path: '/a', expect: null },
  {
    name: 'matches a static route under a dynamic segment',
    routes: ['/[org]/settings', '/[org]/[repo]'],
    path: '/acme/settings',
    expect: { pattern: '/[org]/settings', params: { org: 'acme' } },
  },
  {
    name: 'gives a static route beside a dynamic one undefined params',
    routes: ['/users/[id]', '/users/me'],
    path: '/users/me',
    expect: { pattern: '/users/me', params: undefined },
  },
  {
    name: 'matches a static folder named like brackets literally',
    routes: ['/dots/[file].txt'],
    path: '/dots/[file].txt',
    expect: { pattern: '/dots/[file].txt', params: undefined },
  },
  {
    name: 'misses a value for a bracket-named static folder',
    routes: ['/dots/[file].txt'],
    path: '/dots/x.txt',
    expect: null,
  },
  {
    name: 'misses encoded brackets for a bracket-named static folder',
    routes: ['/dots/[file].txt'],
    path: '/dots/%5Bfile%5D.txt',
    expect: null,
  },
  {
    name: 'misses a dynamic segment with no segment left',
    routes: ['/users/[id]'],
    path: '/users',
    expect: null,
  },
  {
    name: 'misses a dynamic segment given two segments',
    routes: ['/users/[id]'],
    path: '/users/1/2',
    expect: null,
  },
  { name: 'misses a root dynamic segment on /', routes: ['/[id]'], path: '/', expect: null },
  { name: 'misses a root catch-all on /', routes: ['/[...all]'], path: '/', expect: null },
  {
    name: 'matches a root catch-all',
    routes: ['/[...all]'],
    path: '/a/b',
    expect: { pattern: '/[...all]', params: { all: ['a', 'b'] } },
  },
  {
    name: 'matches / with a root optional catch-all and no key',
    routes: ['/[[...all]]'],
    path: '/',
    expect: { pattern: '/[[...all]]', params: {} },
  },
  {
    name: 'prefers a static route over a root optional catch-all',
    routes: ['/[[...all]]', '/api/hello'],
    path: '/api/hello',
    expect: { pattern: '/api/hello', params: undefined },
  },
  {
    name: 'gives a root optional catch-all the paths no other route takes',
    routes: ['/[[...all]]', '/api/hello'],
    path: '/api/other',
    expect: { pattern: '/[[...all]]', params: { all: ['api', 'other'] } },
  },
  {
    name: 'matches a catch-all under a dynamic segment',
    routes: ['/[lang]/[...rest]'],
    path: '/en/a/b',
    expect: { pattern: '/[lang]/[...rest]', params: { lang: 'en', rest: ['a', 'b'] } },
  },
  {
    name: 'matches an optional catch-all under a dynamic segment with zero segments',
    routes: ['/[lang]/[[...rest]]'],
    path: '/en',
    expect: { pattern: '/[lang]/[[...rest]]', params: { lang: 'en' } },
  },

  // ---- precedence and backtracking (R10) ----------------------------------------------------
  {
    name: 'prefers static in the R10 probe',
    routes: PREC,
    path: '/prec/static',
    expect: { pattern: '/prec/static', params: undefined },
  },
  {
    name: 'prefers [id] in the R10 probe',
    routes: PREC,
    path: '/prec/abc',
    expect: { pattern: '/prec/[id]', params: { id: 'abc' } },
  },
  {
    name: 'gives two segments to the catch-all in the R10 probe',
    routes: PREC,
    path: '/prec/a/b',
    expect: { pattern: '/prec/[...rest]', params: { rest: ['a', 'b'] } },
  },
  {
    name: 'falls back from static to the catch-all in the R10 probe',
    routes: PREC,
    path: '/prec/static/x',
    expect: { pattern: '/prec/[...rest]', params: { rest: ['static', 'x'] } },
  },
  {
    name: 'misses the bare prefix of a catch-all in the R10 probe',
    routes: PREC,
    path: '/prec',
    expect: null,
  },
  {
    name: 'backtracks from a static branch to a dynamic one',
    routes: ['/a/[x]/c', '/a/b/d'],
    path: '/a/b/c',
    expect: { pattern: '/a/[x]/c', params: { x: 'b' } },
  },
  {
    name: 'backtracks from a dynamic branch to a catch-all',
    routes: ['/a/[x]/c', '/a/[...r]'],
    path: '/a/b/d',
    expect: { pattern: '/a/[...r]', params: { r: ['b', 'd'] } },
  },
  {
    name: 'backtracks two levels',
    routes: ['/a/b/c/[d]/z', '/a/[x]/c/e', '/[...all]'],
    path: '/a/b/c/e',
    expect: { pattern: '/a/[x]/c/e', params: { x: 'b' } },
  },
  {
    name: 'backtracks past a deep static dead end to the root catch-all',
    routes: ['/a/b/c/d', '/a/[x]/c/e', '/[...all]'],
    path: '/a/b/c/f',
    expect: { pattern: '/[...all]', params: { all: ['a', 'b', 'c', 'f'] } },
  },
  {
    name: 'decides precedence at the first segment that differs',
    routes: ['/[a]/b', '/x/[c]'],
    path: '/x/b',
    expect: { pattern: '/x/[c]', params: { c: 'b' } },
  },
  {
    name: 'prefers a dynamic segment over an optional catch-all',
    routes: ['/o/[id]', '/o/[[...rest]]'],
    path: '/o/1',
    expect: { pattern: '/o/[id]', params: { id: '1' } },
  },
  {
    name: 'gives an optional catch-all what a dynamic sibling cannot take',
    routes: ['/o/[id]', '/o/[[...rest]]'],
    path: '/o/1/2',
    expect: { pattern: '/o/[[...rest]]', params: { rest: ['1', '2'] } },
  },
  {
    name: 'prefers a static segment under an optional catch-all’s parent',
    routes: ['/a/[[...x]]', '/a/b/[...y]'],
    path: '/a/b/c',
    expect: { pattern: '/a/b/[...y]', params: { y: ['c'] } },
  },
  {
    name: 'falls back to an optional catch-all when the static branch needs more',
    routes: ['/a/[[...x]]', '/a/b/[...y]'],
    path: '/a/b',
    expect: { pattern: '/a/[[...x]]', params: { x: ['b'] } },
  },
  {
    name: 'names params after the route chosen when two routes share a trie position',
    routes: ['/p/[a]/x', '/p/[b]/y'],
    path: '/p/1/y',
    expect: { pattern: '/p/[b]/y', params: { b: '1' } },
  },

  // ---- percent-decoding (R17) ----------------------------------------------------------------
  {
    name: 'decodes %20',
    routes: ENC,
    path: '/enc/a%20b',
    expect: { pattern: '/enc/[id]', params: { id: 'a b' } },
  },
  {
    name: 'decodes %25 to a percent sign',
    routes: ENC,
    path: '/enc/%25',
    expect: { pattern: '/enc/[id]', params: { id: '%' } },
  },
  {
    name: 'decodes %3F',
    routes: ENC,
    path: '/enc/a%3Fb',
    expect: { pattern: '/enc/[id]', params: { id: 'a?b' } },
  },
  {
    name: 'decodes encoded brackets',
    routes: ENC,
    path: '/enc/%5Bid%5D',
    expect: { pattern: '/enc/[id]', params: { id: '[id]' } },
  },
  {
    name: 'keeps a semicolon',
    routes: ENC,
    path: '/enc/a;b',
    expect: { pattern: '/enc/[id]', params: { id: 'a;b' } },
  },
  {
    name: 'decodes lower-case hex',
    routes: ENC,
    path: '/enc/%c3%a9',
    expect: { pattern: '/enc/[id]', params: { id: 'é' } },
  },
  {
    name: 'splits a catch-all on real slashes before decoding',
    routes: ENC,
    path: '/cat/a/b%2Fc/d%20e',
    expect: { pattern: '/cat/[...slug]', params: { slug: ['a', 'b/c', 'd e'] } },
  },
  { name: 'misses a value spelled %2e%2e', routes: ENC, path: '/enc/%2e%2e', expect: null },
  { name: 'misses a value spelled %2E%2E', routes: ENC, path: '/enc/%2E%2E', expect: null },
  { name: 'misses a value spelled .%2e', routes: ENC, path: '/enc/.%2e', expect: null },
  { name: 'misses a value spelled %2e.', routes: ENC, path: '/enc/%2e.', expect: null },
  { name: 'misses a value spelled %2e', routes: ENC, path: '/enc/%2E', expect: null },
  { name: 'misses a raw .. value', routes: ENC, path: '/enc/..', expect: null },
  { name: 'misses a raw . value', routes: ENC, path: '/enc/.', expect: null },
  { name: 'misses a catch-all holding %2e%2e', routes: ENC, path: '/cat/a/%2e%2e', expect: null },
  { name: 'misses a catch-all holding %2E first', routes: ENC, path: '/cat/%2E/b', expect: null },
  {
    name: 'matches three dots',
    routes: ENC,
    path: '/enc/...',
    expect: { pattern: '/enc/[id]', params: { id: '...' } },
  },
  {
    name: 'matches %2e%2e%2e',
    routes: ENC,
    path: '/enc/%2e%2e%2e',
    expect: { pattern: '/enc/[id]', params: { id: '...' } },
  },
  {
    name: 'matches a leading dot',
    routes: ENC,
    path: '/enc/.a',
    expect: { pattern: '/enc/[id]', params: { id: '.a' } },
  },
  {
    name: 'matches %2e followed by a letter',
    routes: ENC,
    path: '/enc/%2ea',
    expect: { pattern: '/enc/[id]', params: { id: '.a' } },
  },
  {
    name: 'misses a catch-all fallback that would hold a dot value',
    routes: ['/d/[x]/end', '/d/[...r]'],
    path: '/d/%2e%2e/end',
    expect: null,
  },
  {
    name: 'misses a dot value in the middle of a route',
    routes: ['/a/[x]/b'],
    path: '/a/%2e/b',
    expect: null,
  },
  {
    name: 'matches a static folder whose name spells a dot',
    routes: ['/d/%2e%2e', '/d/[x]'],
    path: '/d/%2e%2e',
    expect: { pattern: '/d/%2e%2e', params: undefined },
  },
  {
    name: 'reports a malformed escape in a dynamic value',
    routes: ENC,
    path: '/enc/%',
    expect: 'bad-encoding',
  },
  {
    name: 'reports a malformed escape in a catch-all part',
    routes: ENC,
    path: '/cat/a/%E0%A4%A',
    expect: 'bad-encoding',
  },
  { name: 'reports invalid UTF-8 in a value', routes: ENC, path: '/enc/%FF', expect: 'bad-encoding' },
  { name: 'misses a malformed escape no route takes', routes: ['/x/[a]/y'], path: '/x/%ZZ/q', expect: null },
  {
    name: 'ignores a malformed escape in a static segment',
    routes: ['/%ZZ/[id]'],
    path: '/%ZZ/1',
    expect: { pattern: '/%ZZ/[id]', params: { id: '1' } },
  },
  {
    name: 'decodes only the route finally chosen',
    routes: ['/s/[a]/%ZZ', '/s/[a]/[b]'],
    path: '/s/1/%ZZ',
    expect: { pattern: '/s/[a]/%ZZ', params: { a: '1' } },
  },

  // ---- robustness: paths that skipped normalisation -----------------------------------------
  { name: 'misses an empty dynamic value', routes: ['/users/[id]'], path: '/users/', expect: null },
  {
    name: 'misses an empty segment before a dynamic one',
    routes: ['/users/[id]'],
    path: '/users//1',
    expect: null,
  },
  { name: 'misses an empty catch-all part', routes: ENC, path: '/cat/a//b', expect: null },
  { name: 'misses a trailing empty catch-all part', routes: ENC, path: '/cat/a/', expect: null },
  {
    name: 'misses a trailing slash on an optional catch-all',
    routes: ['/files/[[...p]]'],
    path: '/files/',
    expect: null,
  },
  { name: 'misses a trailing slash on a static route', routes: ['/a'], path: '/a/', expect: null },

  // ---- param names that are Object.prototype keys ------------------------------------------
  {
    name: 'keeps __proto__ as an own key',
    routes: ['/p/[__proto__]'],
    path: '/p/x',
    expect: { pattern: '/p/[__proto__]', params: JSON.parse('{"__proto__":"x"}') as Params },
  },
  {
    name: 'keeps constructor as an own key',
    routes: ['/p/[constructor]/[...hasOwnProperty]'],
    path: '/p/x/y',
    expect: {
      pattern: '/p/[constructor]/[...hasOwnProperty]',
      params: { constructor: 'x', hasOwnProperty: ['y'] },
    },
  },
]
