/**
 * Decides at build whether the server must run handlers inside a request scope (AsyncLocalStorage):
 * only when some module imports `next/headers` or `after` from `next/server`. Apps that never do are
 * spared AsyncLocalStorage's process-wide cost (perf-notes.md: 5–15 % on Node 20).
 */
import type { OutputAsset, OutputChunk } from 'rolldown'

const SCOPED_SERVER_EXPORTS = new Set(['after'])

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** True when any output chunk imports the headers module, or a scoped export of the server module. */
export function usesRequestScope(
  output: ReadonlyArray<OutputChunk | OutputAsset>,
  aliases: Readonly<Record<string, string>>,
): boolean {
  const headers = aliases['next/headers']
  const server = aliases['next/server']
  const serverImport =
    server === undefined
      ? undefined
      : new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["'](?:file://)?${escape(server)}["']`, 'g')
  for (const chunk of output) {
    if (chunk.type !== 'chunk') continue
    if (headers !== undefined && chunk.code.includes(headers)) return true
    if (serverImport === undefined || !chunk.code.includes(server!)) continue
    for (const match of chunk.code.matchAll(serverImport)) {
      const names = match[1]!.split(',').map((part) => part.trim().split(/\s+as\s+/)[0]!)
      if (names.some((name) => SCOPED_SERVER_EXPORTS.has(name))) return true
    }
    // A namespace import (`import * as s from 'next/server'`) may reach `after`: stay on the safe side.
    if (
      new RegExp(`import\\s*\\*\\s*as\\s+\\w+\\s+from\\s*["'](?:file://)?${escape(server!)}["']`).test(
        chunk.code,
      )
    )
      return true
  }
  return false
}
