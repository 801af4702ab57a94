/** Type-test helpers: copy a fixture to a temp dir, scan it, generate its types, run the TypeScript compiler. */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { afterAll } from 'vitest'
import type { RouteFile, Segment } from '../../src/scanner/route-file.ts'
import { scanAppDir } from '../../src/scanner/scan-app-dir.ts'
import { writeRouteTypes, type WriteRouteTypesResult } from '../../src/typegen/write-route-types.ts'

export const ROOT = join(import.meta.dirname, '..', '..')
export const FIXTURES = join(ROOT, 'test', 'fixtures')
const DIST = join(ROOT, 'dist')

const created: string[] = []

/** A fresh temp dir, removed when the test file finishes. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  created.push(dir)
  return dir
}

afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true })
})

let declarations: string | undefined

/**
 * The type tests need `dist/*.d.ts`: CI builds first, a local run builds here when they are missing. They
 * read a private copy, because a concurrent `npm run build` (another test run) empties dist/ while it works.
 */
export function ensureDist(): string {
  if (declarations !== undefined) return declarations
  if (!existsSync(join(DIST, 'server.d.ts'))) {
    // tsc emits even when unrelated files have errors, so the exit status is not the test's concern.
    spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-package.mjs')], { cwd: ROOT, stdio: 'ignore' })
    if (!existsSync(join(DIST, 'server.d.ts')))
      throw new Error('npm run build did not produce dist/server.d.ts')
  }
  const copy = join(tempDir('rk-dist-'), 'dist')
  cpSync(DIST, copy, { recursive: true, filter: (path) => !/\.(?:js|map)$/.test(path) })
  // The declarations are ES modules only through the package's "type" (it matters under nodenext).
  writeFileSync(join(copy, '..', 'package.json'), '{ "type": "module" }\n')
  declarations = copy
  return copy
}

const filter = (path: string): boolean => !/[\\/](?:\.routekit|node_modules)(?:[\\/]|$)/.test(path)

/** Copies `test/fixtures/<name>` (or any folder) to a fresh temp dir, then writes `files` over it. */
export function copyFixture(source: string, files: Record<string, string> = {}): string {
  const dir = tempDir('rk-typegen-')
  // A previous build's .routekit/ (e.g. `npm run demo` in examples/basic) must not leak into the copy.
  cpSync(existsSync(source) ? source : join(FIXTURES, source), dir, { recursive: true, filter })
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), content)
  }
  return dir
}

function toSegment(folder: string): Segment {
  const optional = /^\[\[\.\.\.(.+)\]\]$/.exec(folder)
  if (optional) return { kind: 'optional-catch-all', name: optional[1]! }
  const catchAll = /^\[\.\.\.(.+)\]$/.exec(folder)
  if (catchAll) return { kind: 'catch-all', name: catchAll[1]! }
  const dynamic = /^\[([^.\]]+)\]$/.exec(folder)
  if (dynamic) return { kind: 'dynamic', name: dynamic[1]! }
  return { kind: 'static', value: folder.replace(/^%5F/i, '_') }
}

/** A RouteFile as the scanner reports it for `file`, without touching the disk (spec §A: groups removed, `%5F` → `_`). */
export function toRouteFile(projectDir: string, file: string): RouteFile {
  const folders = file.split('/').slice(1, -1) // drop `app` and `route.ts`
  const segments = folders.filter((f) => !/^\(.+\)$/.test(f)).map(toSegment) // R3
  const text = segments.map((s) => (s.kind === 'static' ? s.value : bracket(s))).join('/')
  return { file, absPath: join(projectDir, file), pattern: `/${text}`, segments }
}

function bracket(s: Exclude<Segment, { kind: 'static' }>): string {
  if (s.kind === 'dynamic') return `[${s.name}]`
  return s.kind === 'catch-all' ? `[...${s.name}]` : `[[...${s.name}]]`
}

/** Runs the typegen entry on a project directory, as `routekit typegen <dir>` does. */
export function generate(dir: string): WriteRouteTypesResult {
  return writeRouteTypes({ projectDir: dir, routes: scanAppDir(dir).routes, distDir: ensureDist() })
}

// Parsing lib.dom.d.ts and Routekit's dist declarations dominates a run; they never change between tests.
const shared = new Map<string, ts.SourceFile>()

/** `tsc -p <dir>` through the compiler API; one line per diagnostic, as tsc prints them, paths relative to `dir`. */
export function typecheck(dir: string): string[] {
  const configPath = join(dir, 'tsconfig.json')
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} },
  )
  if (parsed === undefined) throw new Error(`cannot read ${configPath}`)
  const host = ts.createCompilerHost(parsed.options)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (fileName.startsWith(dir)) return getSourceFile(fileName, languageVersion, ...rest)
    const options = typeof languageVersion === 'object' ? languageVersion : { languageVersion }
    const key = `${fileName}|${options.languageVersion}|${options.impliedNodeFormat ?? ''}`
    let file = shared.get(key)
    if (file === undefined) {
      file = getSourceFile(fileName, languageVersion, ...rest)
      if (file !== undefined) shared.set(key, file)
    }
    return file
  }
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host })
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n')
    if (d.file === undefined || d.start === undefined) return `error TS${d.code}: ${message}`
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
    const name = relative(dir, d.file.fileName).replaceAll('\\', '/')
    return `${name}(${line + 1},${character + 1}): error TS${d.code}: ${message}`
  })
}
