/** Decides whether a project's tsconfig.json picks up the generated types, and the hint to print if not. */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { parseJsonc } from './_parse-jsonc.ts'

interface TsconfigShape {
  extends?: unknown
  include?: unknown
}

const toPosix = (path: string): string => path.replaceAll('\\', '/')

/** The `include` entry that covers `outDir`: `.routekit/types/**\/*.ts` for the default. */
export function toIncludePattern(projectDir: string, outDir: string): string {
  return `${toPosix(relative(projectDir, outDir))}/**/*.ts`
}

/**
 * Whether the include entry (a path relative to `projectDir`) reaches files in `outDirRel`. tsc's
 * wildcards skip names starting with `.`, so `**\/*.ts` (or `.`) does not reach `.routekit/`: every dot
 * folder of the out dir must be spelled out before the first wildcard.
 */
export function includeCovers(entry: string, outDirRel: string): boolean {
  const wildcard = entry.search(/[*?]/)
  const literal = wildcard === -1 ? entry : entry.slice(0, entry.lastIndexOf('/', wildcard) + 1)
  const literalParts = literal.split('/').filter((p) => p !== '' && p !== '.')
  const outParts = outDirRel.split('/').filter((p) => p !== '' && p !== '.')
  if (literalParts.length > outParts.length) return false
  if (literalParts.some((part, i) => part !== outParts[i])) return false
  // A folder entry means `folder/**/*`, so the same rule applies beneath it.
  return outParts.slice(literalParts.length).every((part) => !part.startsWith('.'))
}

/** The `include` list in effect and the folder its entries are relative to, following relative `extends`. */
function readInclude(configPath: string): { include: string[]; baseDir: string } | undefined {
  let path = configPath
  // A short chain is all real projects use; the bound stops a cycle.
  for (let depth = 0; depth < 8; depth++) {
    const config = parseJsonc(readFileSync(path, 'utf8')) as TsconfigShape
    if (Array.isArray(config.include)) {
      return {
        include: config.include.filter((e): e is string => typeof e === 'string'),
        baseDir: dirname(path),
      }
    }
    if (typeof config.extends !== 'string' || !config.extends.startsWith('.')) return undefined
    const next = resolve(dirname(path), config.extends)
    path = existsSync(next) || next.endsWith('.json') ? next : `${next}.json`
  }
  return undefined
}

function coversOutDir(
  found: { include: string[]; baseDir: string },
  projectDir: string,
  outDir: string,
): boolean {
  const outDirRel = toPosix(relative(projectDir, outDir))
  return found.include.some((entry) => {
    const abs = isAbsolute(entry) ? entry : join(found.baseDir, entry)
    return includeCovers(toPosix(relative(projectDir, abs)), outDirRel)
  })
}

/** `undefined` when `<projectDir>/tsconfig.json` includes `outDir`; otherwise the line to print. */
export function checkTsconfigInclude(projectDir: string, outDir: string): string | undefined {
  const pattern = toIncludePattern(projectDir, outDir)
  const configPath = join(projectDir, 'tsconfig.json')
  if (!existsSync(configPath)) {
    return `No tsconfig.json in ${projectDir}: to type-check route handlers, create one with "include": ["**/*.ts", "${pattern}"].`
  }
  let found: ReturnType<typeof readInclude>
  try {
    found = readInclude(configPath)
  } catch {
    return undefined // an unreadable tsconfig is tsc's to report, not ours
  }
  if (found !== undefined && coversOutDir(found, projectDir, outDir)) return undefined
  return `Add "${pattern}" to "include" in tsconfig.json so tsc checks route params and handler signatures.`
}
