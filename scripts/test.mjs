// `npm test`: lint, format check, type check, package build, then vitest. Every step runs even when an
// earlier one fails, and the last line is a plain `N passed, N failed` (checks count as one test each).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const extra = process.argv.slice(2)

const checks = [
  ['lint', bin('oxlint'), ['--deny-warnings', 'src', 'test', 'scripts', 'bench']],
  ['format', bin('oxfmt'), ['--check', 'src', 'test', 'scripts']],
  ['typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
  ['build', process.execPath, [join(root, 'scripts', 'build-package.mjs')]],
]

let passed = 0
let failed = 0
const failures = []
for (const [name, cmd, args] of checks) {
  if (extra.length > 0 && name !== 'build') continue // `npm test -- <filter>`: only build + the filtered tests
  process.stdout.write(`\n▶ ${name}\n`)
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' })
  if (result.status === 0) passed++
  else {
    failed++
    failures.push(name)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'routekit-vitest-'))
const report = join(dir, 'report.json')
process.stdout.write('\n▶ vitest\n')
spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
  {
    cwd: root,
    stdio: 'inherit',
  },
)
try {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed += json.numPassedTests
  failed += json.numFailedTests
  // A suite that fails to load has no tests to count; count it as a failure so CI never goes green on it.
  const broken = json.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0)
  failed += broken.length
  for (const r of broken) failures.push(`suite ${r.name}`)
  for (const r of json.testResults)
    for (const a of r.assertionResults) if (a.status === 'failed') failures.push(a.fullName)
} catch {
  failed++
  failures.push('vitest produced no report')
}
rmSync(dir, { recursive: true, force: true })
if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exitCode = failed === 0 ? 0 : 1
