/**
 * The compiler's packages (rolldown, oxc-parser, magic-string) are optional dependencies: `build`, `dev` and
 * `routes` need them, `routekit start` never loads them, and a production install made with
 * `npm ci --omit=optional` leaves them (and rolldown's ~21 MB native binding) out (docs/deploy.md).
 */
import { readFileSync } from 'node:fs'
import pc from 'picocolors'
import type { Command } from './commands.ts'

const BUILD_TOOLS = ['rolldown', 'oxc-parser', 'magic-string'] as const

/** The build tools that do not resolve from this installation. */
export function findMissingBuildTools(resolve: (name: string) => string = import.meta.resolve): string[] {
  return BUILD_TOOLS.filter((name) => {
    try {
      resolve(name)
      return false
    } catch {
      return true
    }
  })
}

/** The install command for `missing`, with the ranges Routekit declares. */
function installHint(missing: readonly string[]): string {
  let ranges: Record<string, string> = {}
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      optionalDependencies?: Record<string, string>
    }
    ranges = manifest.optionalDependencies ?? {}
  } catch {
    // No manifest next to dist/: name the packages without ranges.
  }
  return `npm install ${missing.map((name) => (ranges[name] === undefined ? name : `${name}@${ranges[name]}`)).join(' ')}`
}

/** Loads a command that compiles; without the build tools, a command that says which are missing and how to fix it. */
export async function loadWithBuildTools(name: string, load: () => Promise<Command>): Promise<Command> {
  const missing = findMissingBuildTools()
  if (missing.length === 0) return load()
  const message =
    `\`routekit ${name}\` needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed. ` +
    'Routekit lists its compiler as optional dependencies so that production installs made with ' +
    '`npm ci --omit=optional` carry only what `routekit start` needs. Build where the optional dependencies ' +
    `are installed (a plain \`npm install\` / \`npm ci\`), or add them: ${installHint(missing)}`
  return {
    summary: '',
    help: message,
    run: () => {
      console.error(`${pc.red('⨯')} ${message}`)
      return Promise.resolve(1)
    },
  }
}
