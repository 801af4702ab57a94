// Which names an inline "use cache" function closes over: they become part of its key (C20, C21).
import { parseSync } from 'oxc-parser'
import { describe, expect, it } from 'vitest'
import type { AstNode } from '../../../src/compiler/transforms/_ast.ts'
import { findClosureVariables } from '../../../src/compiler/transforms/_closure-variables.ts'
import { findFunctionSites } from '../../../src/compiler/transforms/_find-cache-sites.ts'

function closures(code: string): string[][] {
  const program = parseSync('x.ts', code, { preserveParens: false }).program as unknown as AstNode
  const sites = findFunctionSites(program, new Map())
  const found = findClosureVariables(program, new Map(sites.map((site) => [site.fn, site.name])))
  return sites.map((site) => found.get(site.fn)!)
}

describe('findClosureVariables', () => {
  it('captures outer locals and parameters, not module bindings, globals or its own', () => {
    const code = `import { db } from 'db'
const TABLE = 't'
export function handler(req, { id, opts: [first] = [] }) {
  let count = 0
  const load = async (page) => {
    'use cache'
    const local = page + count
    return db.query(TABLE, id, first, local, Math.max(1, 2), load)
  }
  return load
}`
    expect(closures(code)).toEqual([['count', 'id', 'first']])
  })

  it('ignores names the function shadows, in blocks, catch clauses and loops', () => {
    const code = `function outer(a, b, c, d) {
  return async () => {
    'use cache'
    const a = 1
    try { } catch (b) { b }
    for (const c of [1]) c
    { let d = 2; d }
    return a + d
  }
}`
    expect(closures(code)).toEqual([['d']])
  })

  it('sees reads inside nested functions, assignment targets and computed keys, not property names', () => {
    const code = `function outer(x, y, k, obj) {
  return async () => {
    'use cache'
    const f = () => x
    ;({ y } = obj)
    return { [k]: f(), label: obj.label, x: 1 }
  }
}`
    expect(closures(code)).toEqual([['x', 'y', 'obj', 'k']])
  })
})
