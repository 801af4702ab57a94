/**
 * Decides at build, per route, whether its handlers must run inside a request scope (AsyncLocalStorage):
 * only when the route's bundle (its entry chunk and every chunk it imports) imports `next/headers`, `after`
 * from `next/server`, or calls a `"use cache"` function (the use-cache transform's `__routekitCached`).
 * The server enables the storage on the first request that runs such a route's handler, so apps and
 * routes that never need it are spared AsyncLocalStorage's process-wide cost (perf-notes.md: 5–15 % on Node 20).
 */
import type { OutputAsset, OutputChunk } from 'rolldown'

const SCOPED_SERVER_EXPORTS = new Set(['after'])
/** What the use-cache transform imports from `next/cache` (use-cache.ts). */
const CACHED_FUNCTION = '__routekitCached'

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Returns a test: does this chunk's own code import something that needs the request scope? */
function createCodeCheck(aliases: Readonly<Record<string, string>>): (code: string) => boolean {
  const headers = aliases['next/headers']
  const server = aliases['next/server']
  const cache = aliases['next/cache']
  const serverImport =
    server === undefined
      ? undefined
      : new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["'](?:file://)?${escape(server)}["']`, 'g')
  const serverNamespace =
    server === undefined
      ? undefined
      : new RegExp(`import\\s*\\*\\s*as\\s+\\w+\\s+from\\s*["'](?:file://)?${escape(server)}["']`)
  return (code) => {
    if (headers !== undefined && code.includes(headers)) return true
    // Whether named or through a namespace, the wrapper's name stays in the code: a user string that
    // happens to contain it only costs the scope, never correctness.
    if (cache !== undefined && code.includes(cache) && code.includes(CACHED_FUNCTION)) return true
    if (serverImport === undefined || !code.includes(server!)) return false
    for (const match of code.matchAll(serverImport)) {
      const names = match[1]!.split(',').map((part) => part.trim().split(/\s+as\s+/)[0]!)
      if (names.some((name) => SCOPED_SERVER_EXPORTS.has(name))) return true
    }
    // A namespace import (`import * as s from 'next/server'`) may reach `after`: stay on the safe side.
    return serverNamespace!.test(code)
  }
}

/** True when any output chunk needs the request scope (see the module comment). */
export function usesRequestScope(
  output: ReadonlyArray<OutputChunk | OutputAsset>,
  aliases: Readonly<Record<string, string>>,
): boolean {
  const check = createCodeCheck(aliases)
  return output.some((chunk) => chunk.type === 'chunk' && check(chunk.code))
}

/**
 * Returns a test by entry file name (`app/api/route.mjs`): does that entry, or any chunk it imports
 * statically or dynamically, need the request scope? Results are memoised per chunk.
 */
export function createRequestScopeCheck(
  output: ReadonlyArray<OutputChunk | OutputAsset>,
  aliases: Readonly<Record<string, string>>,
): (fileName: string) => boolean {
  const check = createCodeCheck(aliases)
  const chunks = new Map<string, OutputChunk>()
  for (const item of output) if (item.type === 'chunk') chunks.set(item.fileName, item)
  const own = new Map<string, boolean>()
  const ownNeed = (chunk: OutputChunk): boolean => {
    let need = own.get(chunk.fileName)
    if (need === undefined) own.set(chunk.fileName, (need = check(chunk.code)))
    return need
  }
  return (fileName) => {
    // Chunks can import each other in cycles: a plain walk with a seen set.
    const seen = new Set<string>([fileName])
    const queue = [fileName]
    for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
      const chunk = chunks.get(name)
      if (chunk === undefined) continue // an external import: the code check covers the ones that matter
      if (ownNeed(chunk)) return true
      for (const next of [...chunk.imports, ...chunk.dynamicImports]) {
        if (!seen.has(next)) {
          seen.add(next)
          queue.push(next)
        }
      }
    }
    return false
  }
}
