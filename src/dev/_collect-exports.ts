/** The export names of a dev module as the manifest needs them (methods, segment config), `export *` followed. */
import type { SourceModule } from './create-dev-compiler.ts'

/**
 * Its exports, with those of the project modules it re-exports with `export *` (minus `default`, as ES
 * modules do); a package's star export cannot be read ahead of time and is listed in `stars` (a build warning).
 */
export function collectExports(
  path: string,
  reached: ReadonlyMap<string, Pick<SourceModule, 'result' | 'resolved'>>,
  stars: string[],
  seen: Set<string>,
): string[] {
  const module = reached.get(path)
  if (module === undefined || seen.has(path) || 'errors' in module.result) return []
  seen.add(path)
  const result = module.result
  const names = new Set(result.exports)
  for (const specifier of result.starFrom) {
    const index = result.imports.findIndex((i) => i.specifier === specifier)
    const target = index === -1 ? undefined : module.resolved?.[index]
    if (target?.kind === 'module') {
      for (const name of collectExports(target.path, reached, stars, seen))
        if (name !== 'default') names.add(name)
    } else stars.push(specifier)
  }
  return [...names]
}
