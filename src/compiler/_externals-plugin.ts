/** Decides which imports the bundle keeps external: packages and builtins yes, the project's own code no. */
import { isBuiltin } from 'node:module'
import { pathToFileURL } from 'node:url'
import type { Plugin } from 'rolldown'

/** Inputs of the externals plugin. */
export interface ExternalsPluginOptions {
  /** Bare specifier → absolute file; emitted as that file so the server and the routes share one instance. */
  aliases: Readonly<Record<string, string>>
  /** Receives one line per package that could not be resolved at build time. */
  warn(message: string): void
  /** Turns an importer's absolute path into the project-relative one used in messages. */
  relative(file: string): string
}

// Bare specifiers only: not relative, not absolute (POSIX or Windows drive), not a rolldown virtual id.
const BARE = /^(?![./\\\0]|[a-zA-Z]:[\\/])/
const NODE_MODULES = /[\\/]node_modules[\\/]/
// An npm package name, optionally scoped, followed by a subpath. `@/lib/db` and `~/lib` fail this on purpose:
// they can only be path aliases, so an unresolved one is a local typo and must fail the build.
const PACKAGE_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/|$)/i

/**
 * A bare import that resolves into node_modules stays a bare import in the output, so Node resolves it at run
 * time from the project's node_modules (CJS packages then load through Node's own interop, and one copy of a
 * package is shared by all routes). A bare import that resolves outside node_modules (tsconfig `paths`,
 * package.json `imports`, a linked workspace package) is local code and is bundled.
 */
export function createExternalsPlugin(options: ExternalsPluginOptions): Plugin {
  const warned = new Set<string>()
  return {
    name: 'routekit:externals',
    resolveId: {
      filter: { id: BARE },
      async handler(source, importer, extra) {
        const alias = options.aliases[source]
        if (alias !== undefined) {
          // `require()` cannot load a file URL, `import` of a bare absolute path breaks on Windows: give each its form.
          const id = extra.kind === 'require-call' ? alias : pathToFileURL(alias).href
          return { id, external: 'absolute' }
        }
        if (isBuiltin(source)) return { id: source, external: true }
        const resolved = await this.resolve(source, importer, { ...extra, skipSelf: true })
        if (resolved === null) {
          // Not a package name: let rolldown report UNRESOLVED_IMPORT with the file and line.
          if (!PACKAGE_NAME.test(source)) return null
          const from = importer === undefined ? '' : ` (imported by ${options.relative(importer)})`
          if (!warned.has(source)) {
            warned.add(source)
            options.warn(
              `Could not resolve the package '${source}'${from}; it stays an import that Node resolves ` +
                `when the route loads. Install it, or fix the import.`,
            )
          }
          return { id: source, external: true }
        }
        if (resolved.external !== false || NODE_MODULES.test(resolved.id))
          return { id: source, external: true }
        return resolved
      },
    },
  }
}
