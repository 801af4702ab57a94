/**
 * The `"use cache"` transform (C17–C19, C40): each marked function becomes
 * `__routekitCached(kind, id, fn, () => [closed-over values])`, imported from `next/cache` (aliased to
 * Routekit's `dist/cache.js`, so the wrapper and user imports share one module). The function text is left in
 * place and only wrapped, so stack traces keep its name and, through the returned map, its .ts lines.
 *
 * A declaration becomes `var name = __routekitCached(…, async function name() {…})`, as Next's own rewrite
 * does: it is defined when its line runs, not hoisted.
 */
import { MagicString } from 'magic-string'
import { parseSync } from 'oxc-parser'
import { isAbsolute, join, relative, sep } from 'node:path'
import type { ResolvedConfig } from '../../config/resolved-config.ts'
import type { ModuleTransform, ModuleTransformResult } from '../module-transform.ts'
import { createPositions, type AstNode } from './_ast.ts'
import { findClosureVariables } from './_closure-variables.ts'
import { collectFileLevelSites } from './_file-level-exports.ts'
import {
  collectSpecifierExports,
  findDirective,
  findFunctionSites,
  type CacheSite,
} from './_find-cache-sites.ts'
import { checkSites, type Problem } from './_check-sites.ts'

/** What the transform needs from the project. */
export interface UseCacheTransformOptions {
  config: Pick<ResolvedConfig, 'cacheComponents' | 'cacheHandlers'>
  /** Absolute project directory: ids and messages use paths relative to it. */
  projectDir?: string
  /** The app directory (absolute or relative to `projectDir`): its `route.*` files get the C19 checks. */
  appDir?: string
}

const LANG = /\.([cm]?)(tsx?|jsx?)$/

/** The transform for the compiler's `transforms` option. */
export function createUseCacheTransform(options: UseCacheTransformOptions): ModuleTransform {
  return {
    name: 'use-cache',
    // Most modules never mention the directive: skip them before parsing.
    filter: (_id, code) => code.includes('use cache'),
    transform: (code, id) => transformUseCache(code, id, options),
  }
}

/** Rewrites one module; null when it has no directive (or does not parse: the bundler reports that). */
export function transformUseCache(
  code: string,
  id: string,
  options: UseCacheTransformOptions,
): ModuleTransformResult {
  if (!code.includes('use cache')) return null
  const ext = LANG.exec(id)
  const lang = ext === null ? 'js' : (ext[2] as 'ts' | 'tsx' | 'js' | 'jsx')
  const parsed = parseSync(id, code, { lang, sourceType: 'module', preserveParens: false })
  if (parsed.errors.length > 0) return null
  const program = parsed.program as unknown as AstNode
  const file = displayPath(id, options.projectDir)
  const position = createPositions(code)

  const specifierExports = collectSpecifierExports(program)
  const sites = findFunctionSites(program, specifierExports)
  const fileDirective = findDirective(program.body as AstNode[])
  let badExports: Problem[] = []
  if (fileDirective !== undefined) {
    const level = collectFileLevelSites(program, fileDirective, specifierExports)
    const marked = new Set(sites.map((site) => site.fn))
    for (const site of level.sites) if (!marked.has(site.fn)) sites.push(site)
    badExports = level.bad.map((b) =>
      b.what === 'not-async'
        ? { code: 'RK_USE_CACHE_NOT_ASYNC', at: b.at, directive: fileDirective.text, name: b.name }
        : {
            code: 'RK_USE_CACHE_BAD_EXPORT',
            at: b.at,
            directive: fileDirective.text,
            name: b.name,
            what: b.what,
          },
    )
  }
  if (sites.length === 0 && fileDirective === undefined) return null

  checkSites({
    sites,
    fileDirective,
    badExports,
    options,
    isRouteFile: isRouteFile(id, options),
    at: (offset) => `${file}:${position(offset)}`,
  })

  const s = new MagicString(code)
  const wrapper = pickName(code)
  const closures = findNestedClosures(program, sites)
  for (const site of sites) {
    // A module-level binding is unique by name; anything else (nested, in an object) also gets its position.
    const exported = site.exportNames[0] ?? site.name
    const direct =
      site.placement === 'declaration' ||
      site.placement === 'export-default' ||
      site.parent?.type === 'VariableDeclarator' ||
      site.parent?.type === 'ExportDefaultDeclaration'
    const functionId =
      site.topLevel && direct && exported !== undefined
        ? `${file}#${exported}`
        : `${file}#${site.name ?? 'anonymous'}@${position(site.fn.start)}`
    wrap(
      s,
      code,
      site,
      `${wrapper}(${JSON.stringify(site.kind)}, ${JSON.stringify(functionId)}, `,
      closures.get(site.fn),
    )
  }
  if (fileDirective !== undefined)
    s.overwrite(
      fileDirective.node.start,
      fileDirective.node.end,
      `/* ${code.slice(fileDirective.node.start, fileDirective.node.end)} */`,
    )
  // Appended, not prepended: imports hoist anyway, and every original line keeps its number.
  s.append(`${code.endsWith('\n') ? '' : '\n'}import { __routekitCached as ${wrapper} } from "next/cache";\n`)
  return { code: s.toString(), map: s.generateMap({ source: id, includeContent: true, hires: 'boundary' }) }
}

/** Closed-over names of the sites nested in other functions; top-level functions have none. */
function findNestedClosures(program: AstNode, sites: readonly CacheSite[]): Map<AstNode, string[]> {
  const nested = new Map<AstNode, string | undefined>()
  for (const site of sites) if (!site.topLevel) nested.set(site.fn, site.name)
  return nested.size === 0 ? new Map() : findClosureVariables(program, nested)
}

function wrap(
  s: MagicString,
  code: string,
  site: CacheSite,
  open: string,
  closure: readonly string[] | undefined,
): void {
  const { fn, parent } = site
  const close = `${closure === undefined || closure.length === 0 ? '' : `, () => [${closure.join(', ')}]`})`
  switch (site.placement) {
    case 'declaration':
      s.appendLeft(fn.start, `${site.keyword} ${site.name} = ${open}`)
      s.appendLeft(fn.end, `${close};`)
      return
    case 'export-default':
      if (site.name === undefined) {
        s.appendLeft(fn.start, open)
        s.appendLeft(fn.end, `${close};`)
      } else {
        // Keep the local binding the module may use, and export it as default.
        s.overwrite(parent!.start, fn.start, `var ${site.name} = ${open}`)
        s.appendLeft(fn.end, `${close}; export { ${site.name} as default };`)
      }
      return
    case 'method': {
      // `async name(…) {…}` → `name: W(…, async function name(…) {…})`; the FunctionExpression starts at `(`.
      const key = parent!.key as AstNode
      const keyText = code.slice(key.start, key.end)
      const label = parent!.computed === true ? `[${keyText}]` : keyText
      const name =
        site.name !== undefined && /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(site.name) ? ` ${site.name}` : ''
      s.overwrite(
        parent!.start,
        fn.start,
        `${label}: ${open}async function${fn.generator === true ? '*' : ''}${name}`,
      )
      s.appendLeft(fn.end, close)
      return
    }
    default:
      s.appendLeft(fn.start, open)
      s.appendLeft(fn.end, close)
  }
}

function pickName(code: string): string {
  let name = '__rk_cached'
  for (let i = 1; code.includes(name); i++) name = `__rk_cached${i}`
  return name
}

function displayPath(id: string, projectDir: string | undefined): string {
  const path = projectDir !== undefined && isAbsolute(id) ? relative(projectDir, id) : id
  return path.split(sep).join('/')
}

const ROUTE_FILE = /(?:^|[\\/])route\.[cm]?[jt]sx?$/

function isRouteFile(id: string, options: UseCacheTransformOptions): boolean {
  if (!ROUTE_FILE.test(id)) return false
  const appDir = options.appDir ?? 'app'
  if (isAbsolute(appDir) || options.projectDir !== undefined) {
    const inside = relative(isAbsolute(appDir) ? appDir : join(options.projectDir!, appDir), id)
    return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)
  }
  // No project directory: any `<appDir>/…/route.ts` on the path counts.
  return id.replaceAll('\\', '/').includes(`/${appDir.replaceAll('\\', '/')}/`)
}
