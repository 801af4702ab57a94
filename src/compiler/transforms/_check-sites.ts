/** Build errors of the `"use cache"` transform (C16, C18, C19, C40), each naming `file:line:col` and the fix. */
import { HTTP_METHODS } from '../manifest.ts'
import { createError, RoutekitError } from '../../errors.ts'
import type { AstNode } from './_ast.ts'
import type { CacheSite, FoundDirective } from './_find-cache-sites.ts'
import type { UseCacheTransformOptions } from './use-cache.ts'

/** One problem found in a module, before it is turned into a message. */
export type Problem =
  | {
      code: 'RK_USE_CACHE_NOT_ASYNC' | 'RK_USE_CACHE_GENERATOR' | 'RK_USE_CACHE_CLASS_METHOD'
      at: number
      directive: string
      name: string
    }
  | { code: 'RK_USE_CACHE_BAD_EXPORT'; at: number; directive: string; name: string; what: string }
  | { code: 'RK_USE_CACHE_IN_ROUTE_HANDLER'; at: number; directive: string; method: string }
  | { code: 'RK_USE_CACHE_UNKNOWN_KIND'; at: number; directive: string; kind: string }
  | { code: 'RK_USE_CACHE_ROUTE_FILE' | 'RK_USE_CACHE_DISABLED'; at: number; directive: string }

/** What the checks look at. */
export interface CheckInput {
  sites: readonly CacheSite[]
  fileDirective: FoundDirective | undefined
  badExports: readonly Problem[]
  options: UseCacheTransformOptions
  isRouteFile: boolean
  /** Offset → `file:line:col`. */
  at(offset: number): string
}

const METHODS = new Set<string>(HTTP_METHODS)
const BUILT_IN_KINDS = new Set(['default', 'remote', 'private'])

function nameAt(fn: AstNode, name: string | undefined): { at: number; name: string } {
  const id = fn.id as AstNode | null | undefined
  return { at: id?.start ?? fn.start, name: name ?? 'this anonymous function' }
}

function findProblems(input: CheckInput): Problem[] {
  const { sites, fileDirective, options } = input
  const first = fileDirective ?? sites[0]
  if (!options.config.cacheComponents && first !== undefined) {
    // C16: without the flag there is nothing to check further.
    const at = 'node' in first ? first.node.start : first.at
    const directive = 'text' in first ? first.text : first.directive
    return [{ code: 'RK_USE_CACHE_DISABLED', at, directive }]
  }
  const problems: Problem[] = [...input.badExports]
  if (input.isRouteFile && fileDirective !== undefined) {
    problems.push({
      code: 'RK_USE_CACHE_ROUTE_FILE',
      at: fileDirective.node.start,
      directive: fileDirective.text,
    })
  }
  for (const site of sites) {
    const { fn, directive } = site
    if (input.isRouteFile && fileDirective === undefined) {
      const method = site.exportNames.find((name) => METHODS.has(name))
      if (method !== undefined)
        problems.push({ code: 'RK_USE_CACHE_IN_ROUTE_HANDLER', at: site.at, directive, method })
    }
    if (site.placement === 'class-method') {
      problems.push({
        code: 'RK_USE_CACHE_CLASS_METHOD',
        at: site.at,
        directive,
        name: site.name ?? 'a method',
      })
    } else if (fn.generator === true) {
      problems.push({ code: 'RK_USE_CACHE_GENERATOR', directive, ...nameAt(fn, site.name) })
    } else if (fn.async !== true) {
      problems.push({ code: 'RK_USE_CACHE_NOT_ASYNC', directive, ...nameAt(fn, site.name) })
    }
    const kind = site.kind
    if (!BUILT_IN_KINDS.has(kind) && !Object.hasOwn(options.config.cacheHandlers, kind)) {
      problems.push({ code: 'RK_USE_CACHE_UNKNOWN_KIND', at: site.at, directive, kind })
    }
  }
  return problems.toSorted((a, b) => a.at - b.at)
}

/** Throws one RoutekitError listing every problem of the module (the first one's code), or returns. */
export function checkSites(input: CheckInput): void {
  const problems = findProblems(input)
  if (problems.length === 0) return
  const errors = problems.map(({ at, ...rest }) =>
    createError(rest.code, { ...rest, at: input.at(at) } as never),
  )
  if (errors.length === 1) throw errors[0]!
  const first = errors[0]!
  throw new RoutekitError(first.code, errors.map((e) => e.message).join('\n'), first.status)
}
