/**
 * Evaluates a literal expression of the proxy's `export const config` without running the module, as Next's
 * build does (P5: the matcher must be statically analysable). Anything that is not a literal throws.
 */

/** An ESTree node as oxc-parser returns it. */
export interface EsNode {
  type: string
  start: number
  [key: string]: unknown
}

/** A value the build cannot read: `path` is where (`config.matcher[1]`), `node` what it found. */
export class NotStaticError extends Error {
  readonly path: string
  readonly node: EsNode

  constructor(path: string, node: EsNode, detail: string) {
    super(detail)
    this.path = path
    this.node = node
  }
}

// Type-only wrappers (`as const`, `satisfies Config`, `x!`, parentheses) do not change the value.
const WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
])

/** The value of a literal expression: strings, numbers, booleans, null, arrays and plain objects of those. */
export function readStaticValue(node: EsNode, path: string): unknown {
  while (WRAPPERS.has(node.type)) node = node.expression as EsNode
  switch (node.type) {
    case 'Literal':
      if (node.regex !== undefined) throw new NotStaticError(path, node, 'a regular expression literal')
      return node.value
    case 'TemplateLiteral': {
      if ((node.expressions as EsNode[]).length > 0)
        throw new NotStaticError(path, node, 'a template literal with expressions')
      return (node.quasis as { value: { cooked: string } }[])[0]!.value.cooked
    }
    case 'Identifier':
      if (node.name === 'undefined') return undefined
      throw new NotStaticError(path, node, `the identifier \`${String(node.name)}\``)
    case 'UnaryExpression': {
      const argument = readStaticValue(node.argument as EsNode, path)
      if (node.operator === '-' && typeof argument === 'number') return -argument
      if (node.operator === '!' && typeof argument === 'boolean') return !argument
      throw new NotStaticError(path, node, `the expression \`${String(node.operator)}…\``)
    }
    case 'ArrayExpression':
      return (node.elements as (EsNode | null)[]).map((element, index) => {
        if (element === null || element.type === 'SpreadElement')
          throw new NotStaticError(`${path}[${index}]`, element ?? node, 'a spread or a hole')
        return readStaticValue(element, `${path}[${index}]`)
      })
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {}
      for (const property of node.properties as EsNode[]) {
        const key = property.key as EsNode | undefined
        if (property.type !== 'Property' || property.computed === true || key === undefined)
          throw new NotStaticError(path, property, 'a spread or computed key')
        const name = key.type === 'Identifier' ? String(key.name) : String(key.value)
        if (property.kind !== 'init' || property.method === true)
          throw new NotStaticError(`${path}.${name}`, property, 'a method or accessor')
        out[name] = readStaticValue(property.value as EsNode, `${path}.${name}`)
      }
      return out
    }
    default:
      throw new NotStaticError(path, node, `a ${node.type}`)
  }
}
