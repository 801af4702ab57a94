/** Test helper: a throwaway project folder on disk, built from a map of relative paths to file contents. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A minimal valid route handler, handy as the content of `route.ts` files. */
export const ROUTE = 'export function GET() {\n  return new Response("ok")\n}\n'

const created: string[] = []

/**
 * Creates a temporary project holding `files` (paths relative to the project, `/`-separated; a path
 * ending in `/` makes an empty folder) and returns its absolute path. Removed when the process exits.
 */
export function makeTree(files: Record<string, string>): string {
  if (created.length === 0) {
    process.once('exit', () => {
      for (const dir of created) rmSync(dir, { recursive: true, force: true })
    })
  }
  const root = mkdtempSync(join(tmpdir(), 'routekit-test-'))
  created.push(root)
  for (const [path, content] of Object.entries(files)) {
    const abs = join(root, ...path.split('/'))
    if (path.endsWith('/')) {
      mkdirSync(abs, { recursive: true })
      continue
    }
    mkdirSync(dirname(abs), { recursive: true })
    writeFileSync(abs, content)
  }
  return root
}
