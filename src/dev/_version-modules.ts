/**
 * Module versions for the dev output: a module's version changes when its own code changes or when any module
 * it imports, directly or not, changes. Importers name their imports by version (`db.mjs?v=…`), so a save
 * re-imports exactly the changed file and the chain of its importers; everything else keeps its instance.
 */
import { createHash } from 'node:crypto'

/** A module's own content hash and the modules it imports. */
export interface VersionNode {
  hash: string
  deps: readonly string[]
}

/**
 * Returns id → version. Modules in an import cycle share one version (each depends on all the others), so the
 * graph is condensed into strongly connected components first (Tarjan) and hashed bottom-up: linear in the
 * graph, whatever its depth.
 */
export function versionModules(nodes: ReadonlyMap<string, VersionNode>): Map<string, string> {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const versions = new Map<string, string>()
  let counter = 0

  const finish = (members: string[]): void => {
    const hash = createHash('sha1')
    for (const id of members.toSorted()) hash.update(`${id}\0${nodes.get(id)!.hash}\0`)
    const inside = new Set(members)
    const outside = new Set<string>()
    for (const id of members) for (const dep of nodes.get(id)!.deps) if (!inside.has(dep)) outside.add(dep)
    // Components are finished in reverse topological order: every import outside has its version already.
    for (const dep of [...outside].toSorted()) hash.update(`${dep}\0${versions.get(dep) ?? ''}\0`)
    const version = hash.digest('base64url').slice(0, 12)
    for (const id of members) versions.set(id, version)
  }

  // Iterative, so a deep import chain cannot overflow the call stack.
  for (const root of nodes.keys()) {
    if (index.has(root)) continue
    const work: Array<{ id: string; next: number }> = []
    const enter = (id: string): void => {
      index.set(id, counter)
      low.set(id, counter++)
      stack.push(id)
      onStack.add(id)
      work.push({ id, next: 0 })
    }
    enter(root)
    while (work.length > 0) {
      const frame = work.at(-1)!
      const deps = nodes.get(frame.id)!.deps
      if (frame.next < deps.length) {
        const dep = deps[frame.next++]!
        if (!nodes.has(dep)) continue
        if (!index.has(dep)) enter(dep)
        else if (onStack.has(dep)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(dep)!))
        continue
      }
      work.pop()
      const parent = work.at(-1)
      if (parent !== undefined) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!))
      if (low.get(frame.id) !== index.get(frame.id)) continue
      const members: string[] = []
      for (let id = stack.pop()!; ; id = stack.pop()!) {
        onStack.delete(id)
        members.push(id)
        if (id === frame.id) break
      }
      finish(members)
    }
  }
  return versions
}
