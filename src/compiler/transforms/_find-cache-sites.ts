/** Finds every function a `"use cache"` directive marks, with what the rewrite needs to know about its place. */
import { forEachChild, isFunction, isNode, nameOf, type AstNode } from './_ast.ts'

/** `"use cache"`, `"use cache: remote"`, `"use cache: <kind>"` (C17, C40). */
const DIRECTIVE = /^use cache(?:\s*:\s*(.*?))?\s*$/

/** How a marked function sits in its code, which decides the rewrite. */
export type Placement = 'declaration' | 'export-default' | 'expression' | 'method' | 'class-method'

/** One function to cache. */
export interface CacheSite {
  fn: AstNode
  directive: string
  kind: string
  /** Offset the messages point at: the function-level directive, or the function for a file-level one. */
  at: number
  placement: Placement
  /** The node holding the function (ExportDefaultDeclaration, Property, …). */
  parent: AstNode | undefined
  /** The name the function is known by (declaration, variable, property), if any. */
  name: string | undefined
  /** True when no function encloses it: nothing to close over, and the id needs no position. */
  topLevel: boolean
  /** For declarations: `var` where a function declaration hoists to a function/module, `let` inside blocks. */
  keyword: 'var' | 'let'
  /** Names it is exported as (C19 looks for HTTP methods). */
  exportNames: string[]
}

/** A prologue directive of the module or a function body. */
export interface FoundDirective {
  text: string
  kind: string
  node: AstNode
}

/** The `"use cache…"` directive in a list of statements' prologue, if any. */
export function findDirective(statements: readonly AstNode[]): FoundDirective | undefined {
  for (const statement of statements) {
    if (statement.type !== 'ExpressionStatement' || typeof statement.directive !== 'string') return undefined
    const match = DIRECTIVE.exec(statement.directive)
    if (match !== null) return { text: statement.directive, kind: match[1] || 'default', node: statement }
  }
  return undefined
}

/** Module-level `export { local as name }` (no `from`): local name → exported names. */
export function collectSpecifierExports(program: AstNode): Map<string, string[]> {
  const exports = new Map<string, string[]>()
  for (const statement of program.body as AstNode[]) {
    if (statement.type !== 'ExportNamedDeclaration' || statement.source !== null) continue
    if (statement.exportKind === 'type') continue
    for (const specifier of statement.specifiers as AstNode[]) {
      const local = nameOf(specifier.local)
      const exported = specifier.exported as AstNode
      const name = nameOf(exported) ?? (exported.value as string)
      if (local !== undefined) exports.set(local, [...(exports.get(local) ?? []), name])
    }
  }
  return exports
}

function nameFromParent(fn: AstNode, parent: AstNode | undefined): string | undefined {
  if (parent === undefined) return nameOf(fn.id)
  switch (parent.type) {
    case 'VariableDeclarator':
      return nameOf(parent.id) ?? nameOf(fn.id)
    case 'AssignmentExpression':
      return nameOf(parent.left) ?? nameOf(fn.id)
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition': {
      const key = parent.key as AstNode
      if (parent.computed === true) return nameOf(fn.id)
      return nameOf(key) ?? (typeof key.value === 'string' ? key.value : nameOf(fn.id))
    }
  }
  return nameOf(fn.id)
}

function placementOf(fn: AstNode, parent: AstNode | undefined): Placement {
  if (fn.type === 'FunctionDeclaration')
    return parent?.type === 'ExportDefaultDeclaration' ? 'export-default' : 'declaration'
  if (parent?.type === 'MethodDefinition') return 'class-method'
  if (parent?.type === 'Property' && (parent.method === true || parent.kind !== 'init')) return 'method'
  return 'expression'
}

/** Builds the site of `fn` marked by `directive`, given its ancestors (outermost first). */
export function toSite(
  fn: AstNode,
  directive: FoundDirective,
  at: number,
  ancestors: readonly AstNode[],
  specifierExports: ReadonlyMap<string, string[]>,
): CacheSite {
  const parent = ancestors.at(-1)
  const grandparent = ancestors.at(-2)
  const placement = placementOf(fn, parent)
  const name = fn.type === 'FunctionDeclaration' ? nameOf(fn.id) : nameFromParent(fn, parent)
  const topLevel = !ancestors.some(
    (node) => isFunction(node) || node.type === 'ClassBody' || node.type === 'StaticBlock',
  )
  // A function declaration directly in the module or a function body hoists to that scope; in a block, to the block.
  const keyword =
    parent === undefined ||
    parent.type === 'Program' ||
    parent.type === 'ExportNamedDeclaration' ||
    (parent.type === 'BlockStatement' && grandparent !== undefined && isFunction(grandparent))
      ? 'var'
      : 'let'
  const exportNames: string[] = []
  const declaredExport =
    parent?.type === 'ExportNamedDeclaration' ||
    (parent?.type === 'VariableDeclarator' && ancestors.at(-3)?.type === 'ExportNamedDeclaration')
  if (topLevel && parent?.type === 'ExportDefaultDeclaration') exportNames.push('default')
  else if (topLevel && name !== undefined) {
    if (declaredExport) exportNames.push(name)
    if (placement === 'declaration' || parent?.type === 'VariableDeclarator') {
      exportNames.push(...(specifierExports.get(name) ?? []))
    }
  }
  return {
    fn,
    directive: directive.text,
    kind: directive.kind,
    at,
    placement,
    parent,
    name,
    topLevel,
    keyword,
    exportNames,
  }
}

/** Every function whose own body starts with a `"use cache…"` directive. */
export function findFunctionSites(
  program: AstNode,
  specifierExports: ReadonlyMap<string, string[]>,
): CacheSite[] {
  const sites: CacheSite[] = []
  const ancestors: AstNode[] = []
  const visit = (node: AstNode): void => {
    if (isFunction(node) && isNode(node.body) && node.body.type === 'BlockStatement') {
      const directive = findDirective(node.body.body as AstNode[])
      if (directive !== undefined)
        sites.push(toSite(node, directive, directive.node.start, ancestors, specifierExports))
    }
    ancestors.push(node)
    forEachChild(node, visit)
    ancestors.pop()
  }
  visit(program)
  // `visit(program)` put Program first in every ancestor list; drop it so top-level parents read naturally.
  for (const site of sites) if (site.parent?.type === 'Program') site.parent = undefined
  return sites
}
