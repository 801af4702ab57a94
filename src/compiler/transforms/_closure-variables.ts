/**
 * Closed-over variables of inline `"use cache"` functions (C20/C21: they are part of the key, as Next binds
 * them as arguments). A compact scope analysis: which identifiers a function reads that are declared in an
 * enclosing function or block — not at module level (module state is not part of a key) and not globals.
 */
import { forEachChild, isNode, nameOf, walkPattern, type AstNode } from './_ast.ts'

interface Scope {
  parent: Scope | undefined
  kind: 'module' | 'function' | 'block'
  names: Set<string>
  /** Set when this is the own scope of one of the analysed functions. */
  target: AstNode | undefined
}

interface Reference {
  name: string
  scope: Scope
}

// TypeScript nodes that hold runtime code; every other TS* node is types only.
const TS_RUNTIME = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'TSExportAssignment',
])

/**
 * For each function in `targets` (function → the name it is bound to, which it need not capture to call
 * itself), the names it closes over, in first-use order.
 */
export function findClosureVariables(
  program: AstNode,
  targets: ReadonlyMap<AstNode, string | undefined>,
): Map<AstNode, string[]> {
  const references: Reference[] = []
  const module: Scope = { parent: undefined, kind: 'module', names: new Set(), target: undefined }
  const block = (parent: Scope): Scope => ({ parent, kind: 'block', names: new Set(), target: undefined })
  const hoistTarget = (scope: Scope): Scope => {
    let current = scope
    while (current.kind === 'block' && current.parent !== undefined) current = current.parent
    return current
  }

  const declare = (pattern: unknown, scope: Scope): void =>
    walkPattern(
      pattern,
      (target) => target.type === 'Identifier' && scope.names.add(target.name as string),
      (expression) => visit(expression, scope),
    )
  // Assignment targets (`({ a } = x)`, `for ([b] of y)`): the identifiers in them are references.
  const assignTarget = (target: unknown, scope: Scope): void =>
    walkPattern(
      target,
      (node) => visit(node, scope),
      (expression) => visit(expression, scope),
    )

  const visitFunction = (node: AstNode, scope: Scope): void => {
    if (node.type === 'FunctionDeclaration' && nameOf(node.id) !== undefined)
      scope.names.add(nameOf(node.id)!)
    const own: Scope = {
      parent: scope,
      kind: 'function',
      names: new Set(),
      target: targets.has(node) ? node : undefined,
    }
    if (node.type === 'FunctionExpression' && nameOf(node.id) !== undefined) own.names.add(nameOf(node.id)!)
    if (node.type !== 'ArrowFunctionExpression') own.names.add('arguments')
    for (const param of node.params as AstNode[]) declare(param, own)
    const body = node.body as AstNode | null
    if (body === null) return
    if (body.type === 'BlockStatement') for (const statement of body.body as AstNode[]) visit(statement, own)
    else visit(body, own)
  }

  const visitClass = (node: AstNode, scope: Scope): void => {
    const id = nameOf(node.id)
    if (node.type === 'ClassDeclaration' && id !== undefined) scope.names.add(id)
    const inner = block(scope)
    if (node.type === 'ClassExpression' && id !== undefined) inner.names.add(id)
    if (isNode(node.superClass)) visit(node.superClass, scope)
    for (const member of (node.body as AstNode).body as AstNode[]) {
      if (member.computed === true) visit(member.key as AstNode, inner)
      for (const decorator of (member.decorators as AstNode[] | undefined) ?? []) visit(decorator, inner)
      if (isNode(member.value)) visit(member.value, inner)
      if (member.type === 'StaticBlock') visit({ ...member, type: 'BlockStatement' }, inner)
    }
  }

  function visit(node: AstNode, scope: Scope): void {
    switch (node.type) {
      case 'Identifier':
        references.push({ name: node.name as string, scope })
        return
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return visitFunction(node, scope)
      case 'ClassDeclaration':
      case 'ClassExpression':
        return visitClass(node, scope)
      case 'VariableDeclaration': {
        const into = node.kind === 'var' ? hoistTarget(scope) : scope
        for (const declarator of node.declarations as AstNode[]) {
          declare(declarator.id, into)
          if (isNode(declarator.init)) visit(declarator.init, scope)
        }
        return
      }
      case 'ImportDeclaration':
        for (const specifier of node.specifiers as AstNode[]) declare(specifier.local, module)
        return
      case 'ExportNamedDeclaration':
        if (isNode(node.declaration)) visit(node.declaration, scope)
        if (node.source === null)
          for (const s of node.specifiers as AstNode[]) visit(s.local as AstNode, scope)
        return
      case 'ExportAllDeclaration':
        return
      case 'MemberExpression':
        visit(node.object as AstNode, scope)
        if (node.computed === true) visit(node.property as AstNode, scope)
        return
      case 'Property':
        if (node.computed === true) visit(node.key as AstNode, scope)
        visit(node.value as AstNode, scope)
        return
      case 'AssignmentExpression':
        assignTarget(node.left, scope)
        visit(node.right as AstNode, scope)
        return
      case 'LabeledStatement':
        visit(node.body as AstNode, scope)
        return
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
      case 'JSXIdentifier':
      case 'JSXAttribute':
        if (node.type === 'JSXAttribute' && isNode(node.value)) visit(node.value, scope)
        return
      case 'JSXOpeningElement': {
        // `<Foo />` and `<ns.Foo />` read a binding; `<div />` does not.
        let name = node.name as AstNode
        while (name.type === 'JSXMemberExpression') name = name.object as AstNode
        if (name.type === 'JSXIdentifier' && /^[A-Z_$]/.test(name.name as string)) {
          references.push({ name: name.name as string, scope })
        }
        for (const attribute of node.attributes as AstNode[]) visit(attribute, scope)
        return
      }
      case 'CatchClause': {
        const inner = block(scope)
        declare(node.param, inner)
        for (const statement of (node.body as AstNode).body as AstNode[]) visit(statement, inner)
        return
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const inner = block(scope)
        if ((node.left as AstNode).type === 'VariableDeclaration') visit(node.left as AstNode, inner)
        else assignTarget(node.left, inner)
        visit(node.right as AstNode, inner)
        visit(node.body as AstNode, inner)
        return
      }
      case 'BlockStatement':
      case 'StaticBlock':
      case 'ForStatement':
      case 'SwitchStatement': {
        const inner = block(scope)
        forEachChild(node, (child) => visit(child, inner))
        return
      }
      case 'TSEnumDeclaration':
      case 'TSModuleDeclaration':
      case 'TSImportEqualsDeclaration':
        if (nameOf(node.id) !== undefined) scope.names.add(nameOf(node.id)!)
        return
    }
    if (node.type.startsWith('TS') && !TS_RUNTIME.has(node.type)) return
    forEachChild(node, (child) => visit(child, scope))
  }

  for (const statement of program.body as AstNode[]) visit(statement, module)
  return collect(references, targets)
}

function collect(
  references: readonly Reference[],
  targets: ReadonlyMap<AstNode, string | undefined>,
): Map<AstNode, string[]> {
  const result = new Map<AstNode, string[]>()
  for (const target of targets.keys()) result.set(target, [])
  for (const { name, scope } of references) {
    let declaring: Scope | undefined = scope
    while (declaring !== undefined && !declaring.names.has(name)) declaring = declaring.parent
    // Module bindings and globals are not closures.
    if (declaring === undefined || declaring.kind === 'module') continue
    for (let current: Scope | undefined = scope; current !== declaring; current = current!.parent) {
      if (current!.target === undefined) continue
      const names = result.get(current!.target)!
      if (!names.includes(name) && name !== targets.get(current!.target)) names.push(name)
    }
  }
  return result
}
