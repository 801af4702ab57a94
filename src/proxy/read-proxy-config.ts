/** Reads the proxy's `export const config` from its source at build, never by running it (P5). */
import { readFileSync } from 'node:fs'
import { parseSync } from 'oxc-parser'
import { createError } from '../errors.ts'
import { NotStaticError, readStaticValue, type EsNode } from './_static-value.ts'
import type { ProxyFile } from './scan-proxy-file.ts'

/** The keys of a proxy config that Routekit reads (Next's MiddlewareConfigInputSchema). */
export interface ProxyConfigInput {
  matcher?: unknown
  runtime?: unknown
  [key: string]: unknown
}

/** `file:line:col` for an offset of `code`. */
function at(file: string, code: string, offset: number): string {
  const before = code.slice(0, offset).split('\n')
  return `${file}:${before.length}:${before.at(-1)!.length + 1}`
}

/** The statically evaluated `config` export, or `undefined` when the file exports none. */
export function readProxyConfig(proxy: ProxyFile): ProxyConfigInput | undefined {
  const code = readFileSync(proxy.absPath, 'utf8')
  const { program, errors } = parseSync(proxy.absPath, code)
  // Syntax errors are left to the bundler, which reports them with a code frame.
  if (errors.length > 0) return undefined
  for (const statement of program.body as unknown as EsNode[]) {
    if (statement.type !== 'ExportNamedDeclaration') continue
    const declaration = statement.declaration as EsNode | null
    if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations as EsNode[]) {
        const id = declarator.id as EsNode
        if (id.type !== 'Identifier' || id.name !== 'config') continue
        const init = declarator.init as EsNode | null
        if (declaration.kind !== 'const' || init === null) {
          throw createError('RK_PROXY_CONFIG_NOT_STATIC', {
            at: at(proxy.file, code, declarator.start),
            path: 'config',
            detail: `\`export ${String(declaration.kind)} config\` without a constant literal`,
          })
        }
        return readConfigValue(proxy.file, code, init)
      }
    }
    for (const specifier of (statement.specifiers ?? []) as EsNode[]) {
      const exported = specifier.exported as EsNode
      if ((exported.name ?? exported.value) === 'config') {
        throw createError('RK_PROXY_CONFIG_NOT_STATIC', {
          at: at(proxy.file, code, specifier.start),
          path: 'config',
          detail: 'a re-exported binding',
        })
      }
    }
  }
  return undefined
}

function readConfigValue(file: string, code: string, init: EsNode): ProxyConfigInput {
  let value: unknown
  try {
    value = readStaticValue(init, 'config')
  } catch (error) {
    if (!(error instanceof NotStaticError)) throw error
    throw createError('RK_PROXY_CONFIG_NOT_STATIC', {
      at: at(file, code, error.node.start),
      path: error.path,
      detail: error.message,
    })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw createError('RK_PROXY_MATCHER_INVALID', { file, path: 'config', reason: 'it must be an object' })
  }
  return value as ProxyConfigInput
}
