/** Renders the `next/*` module declarations that point a project's imports at Routekit's own entries. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { GENERATED_BANNER } from './emit-route-types.ts'

/** The `next/*` modules Routekit implements; each maps to `dist/<name>.js` of this package. */
export const NEXT_MODULES = ['server', 'headers', 'navigation', 'cache'] as const

/** One of {@link NEXT_MODULES}. */
export type NextModule = (typeof NEXT_MODULES)[number]

/** The file that pulls the declarations into a project through the `.routekit/types/**\/*.ts` glob. */
export const NEXT_ENTRY_FILE = 'next.d.ts'
/** The ambient `declare module 'next/…'` blocks. */
export const NEXT_AMBIENT_FILE = 'next-modules.d.cts'
/** The re-export of one Routekit entry, named as a global namespace. */
export const nextModuleFile = (name: NextModule): string => `next-${name}.d.mts`

const namespaceOf = (name: NextModule): string =>
  `__RoutekitNext${name.charAt(0).toUpperCase()}${name.slice(1)}`

/** The modules whose declarations this build of Routekit ships (`<distDir>/<name>.d.ts` exists). */
export function scanNextModules(distDir: string): NextModule[] {
  return NEXT_MODULES.filter((name) => existsSync(join(distDir, `${name}.d.ts`)))
}

/**
 * File name → text of the declarations for `modules`, re-exporting from `distDir` (absolute).
 * An ambient module cannot re-export a path (TS2439), and a bare name would need `next` or `routekit`
 * installed; so `next-<name>.d.mts` re-exports the absolute path and names it as a UMD namespace, and
 * `declare module 'next/<name>' { export = <namespace> }` exposes that namespace, types and values alike.
 */
export function emitNextModules(modules: readonly NextModule[], distDir: string): Map<string, string> {
  const dist = distDir.replaceAll('\\', '/').replace(/\/$/, '')
  const files = new Map<string, string>()
  const ambient: string[] = []
  for (const name of modules) {
    files.set(
      nextModuleFile(name),
      `${GENERATED_BANNER}
export * from ${JSON.stringify(`${dist}/${name}.js`)}
export as namespace ${namespaceOf(name)}
`,
    )
    // `next/server.js` too: Next's own generated files and nodenext users import it with the extension.
    for (const specifier of [`next/${name}`, `next/${name}.js`])
      ambient.push(`declare module ${JSON.stringify(specifier)} {\n  export = ${namespaceOf(name)}\n}\n`)
  }
  files.set(
    NEXT_AMBIENT_FILE,
    `${GENERATED_BANNER}
// A .d.cts file: \`export =\` is an error in an ES module file under nodenext (TS1203).
${ambient.join('')}`,
  )
  // The include glob matches `.ts` names only, so the `.d.mts`/`.d.cts` files come in by reference.
  const references = [NEXT_AMBIENT_FILE, ...modules.map(nextModuleFile)]
  files.set(
    NEXT_ENTRY_FILE,
    `${GENERATED_BANNER}
// \`next/server\`, \`next/headers\`, … resolve to Routekit with no \`next\` package installed.
${references.map((file) => `/// <reference path="./${file}" />`).join('\n')}
`,
  )
  return files
}
