/**
 * A file-level `"use cache"` (C17): every export of the module is a cached function, so every export must be
 * an async function. Returns the sites to wrap and the exports that break the rule.
 */
import { isFunction, isNode, nameOf, type AstNode } from './_ast.ts'
import { toSite, type CacheSite, type FoundDirective } from './_find-cache-sites.ts'

/** An export that cannot be cached, and why. */
export interface BadExport {
  at: number
  name: string
  /** `not-async` (C18) or a description for the "may only export async functions" message. */
  what: string
}

const asyncFunction = (node: unknown): node is AstNode =>
  isNode(node) && isFunction(node) && node.async === true && node.generator !== true

function describe(node: unknown): string {
  if (!isNode(node)) return 'not a function'
  if (isFunction(node)) return node.generator === true ? 'a generator' : 'not-async'
  if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') return 'a class'
  if (node.type === 'TSEnumDeclaration') return 'an enum'
  return 'not a function'
}

/** Sites for each export of a `"use cache"` file, plus the exports that are not async functions. */
export function collectFileLevelSites(
  program: AstNode,
  directive: FoundDirective,
  specifierExports: ReadonlyMap<string, string[]>,
): { sites: CacheSite[]; bad: BadExport[] } {
  const sites: CacheSite[] = []
  const bad: BadExport[] = []
  // Module-level bindings an `export { x }` or `export default x` may point at, with their ancestors.
  const locals = new Map<string, { node: AstNode; ancestors: AstNode[] }>()
  for (const statement of program.body as AstNode[]) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' ? (statement.declaration as AstNode | null) : statement
    const chain = declaration === statement ? [] : [statement]
    if (declaration?.type === 'FunctionDeclaration' && nameOf(declaration.id) !== undefined) {
      locals.set(nameOf(declaration.id)!, { node: declaration, ancestors: chain })
    } else if (declaration?.type === 'VariableDeclaration') {
      for (const d of declaration.declarations as AstNode[]) {
        const name = nameOf(d.id)
        if (name !== undefined)
          locals.set(name, { node: d.init as AstNode, ancestors: [...chain, declaration, d] })
      }
    }
  }
  const taken = new Set<AstNode>()
  const take = (node: unknown, name: string, ancestors: AstNode[], at: number): void => {
    if (!asyncFunction(node)) bad.push({ at: isNode(node) ? node.start : at, name, what: describe(node) })
    // `export { f, f as g }` names one function twice: wrap it once.
    else if (!taken.has(node)) {
      taken.add(node)
      sites.push(toSite(node, directive, node.start, ancestors, specifierExports))
    }
  }
  for (const statement of program.body as AstNode[]) {
    if (statement.exportKind === 'type' || statement.declare === true) continue
    if (statement.type === 'ExportAllDeclaration') {
      bad.push({ at: statement.start, name: '`export *`', what: 'a re-export from another module' })
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const value = statement.declaration as AstNode
      const local = nameOf(value) === undefined ? undefined : locals.get(nameOf(value)!)
      if (local !== undefined) take(local.node, 'default', local.ancestors, value.start)
      else take(value, 'default', [statement], value.start)
    } else if (statement.type === 'ExportNamedDeclaration') {
      collectNamed(statement, locals, take, bad)
    }
  }
  return { sites, bad }
}

type Take = (node: unknown, name: string, ancestors: AstNode[], at: number) => void

function collectNamed(
  statement: AstNode,
  locals: ReadonlyMap<string, { node: AstNode; ancestors: AstNode[] }>,
  take: Take,
  bad: BadExport[],
): void {
  const declaration = statement.declaration as AstNode | null
  if (declaration !== null) {
    if (declaration.type.startsWith('TS') && declaration.type !== 'TSEnumDeclaration') return
    if (declaration.declare === true) return
    if (declaration.type === 'VariableDeclaration') {
      for (const d of declaration.declarations as AstNode[]) {
        take(d.init, nameOf(d.id) ?? 'a destructured binding', [statement, declaration, d], d.start)
      }
    } else take(declaration, nameOf(declaration.id) ?? 'default', [statement], declaration.start)
    return
  }
  for (const specifier of statement.specifiers as AstNode[]) {
    if (specifier.exportKind === 'type') continue
    const local = nameOf(specifier.local)
    if (statement.source !== null || local === undefined) {
      bad.push({ at: specifier.start, name: local ?? 'a binding', what: 'a re-export from another module' })
      continue
    }
    const found = locals.get(local)
    if (found === undefined)
      bad.push({ at: specifier.start, name: local, what: 'not a function declared in this file' })
    else take(found.node, local, found.ancestors, specifier.start)
  }
}
