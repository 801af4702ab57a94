/** Small helpers over oxc-parser's ESTree output: a loose node type, child iteration, positions. */

/** An ESTree node as oxc-parser returns it (UTF-16 offsets). */
export interface AstNode {
  type: string
  start: number
  end: number
  [key: string]: unknown
}

// Keys that hold TypeScript types or positions, never runtime code.
const SKIP_KEYS = new Set([
  'type',
  'start',
  'end',
  'range',
  'loc',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
  'superTypeArguments',
  'implements',
])

/** True for anything that looks like an AST node. */
export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}

/** Calls `visit` for each runtime child node of `node` (type annotations skipped). */
export function forEachChild(node: AstNode, visit: (child: AstNode) => void): void {
  for (const key in node) {
    if (SKIP_KEYS.has(key)) continue
    const value = node[key]
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item)
    } else if (isNode(value)) visit(value)
  }
}

/** True for the three function node types. */
export function isFunction(node: AstNode): boolean {
  return (
    node.type === 'FunctionDeclaration' ||
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression'
  )
}

/** Offset → `line:col` (1-based), from a table of line starts built once per file. */
export function createPositions(code: string): (offset: number) => string {
  const starts = [0]
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) starts.push(i + 1)
  return (offset) => {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid]! <= offset) low = mid
      else high = mid - 1
    }
    return `${low + 1}:${offset - starts[low]! + 1}`
  }
}

/** The identifier name of `node`, if it is an Identifier. */
export function nameOf(node: unknown): string | undefined {
  return isNode(node) && node.type === 'Identifier' ? (node.name as string) : undefined
}

/**
 * Walks a binding or assignment pattern: `target` gets each place a value lands (Identifier, MemberExpression),
 * `expression` each default value and computed key.
 */
export function walkPattern(
  pattern: unknown,
  target: (node: AstNode) => void,
  expression: (node: AstNode) => void,
): void {
  if (!isNode(pattern)) return
  const walk = (child: unknown): void => walkPattern(child, target, expression)
  switch (pattern.type) {
    case 'ObjectPattern':
      for (const property of pattern.properties as AstNode[]) {
        if (property.type === 'RestElement') walk(property.argument)
        else {
          if (property.computed === true) expression(property.key as AstNode)
          walk(property.value)
        }
      }
      return
    case 'ArrayPattern':
      for (const element of pattern.elements as unknown[]) walk(element)
      return
    case 'AssignmentPattern':
      walk(pattern.left)
      expression(pattern.right as AstNode)
      return
    case 'RestElement':
      walk(pattern.argument)
      return
    case 'TSParameterProperty':
      walk(pattern.parameter)
      return
    default:
      target(pattern)
  }
}
