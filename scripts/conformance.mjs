// `npm run conformance [-- run.mjs options]`: run ../shared/conformance against this checkout's CLI.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const conformance = process.env.ROUTEKIT_CONFORMANCE ?? join(root, '..', 'shared', 'conformance')
if (!existsSync(join(conformance, 'run.mjs'))) {
  console.error(`No conformance suite at ${conformance}: set ROUTEKIT_CONFORMANCE to its folder.`)
  process.exit(1)
}
const bin = join(root, 'bin', 'routekit.mjs')
// Builds write .routekit/ into each app: work on a copy so the shared corpus stays untouched.
const scratch = mkdtempSync(join(tmpdir(), 'routekit-conformance-'))
const suite = join(scratch, 'public')
cpSync(join(conformance, 'public'), suite, { recursive: true })
const node = JSON.stringify(process.execPath)
const result = spawnSync(
  process.execPath,
  [
    join(conformance, 'run.mjs'),
    '--suite',
    suite,
    '--build',
    `${node} ${JSON.stringify(bin)} build {app}`,
    '--start',
    `${node} ${JSON.stringify(bin)} start {app} --port {port} --hostname 127.0.0.1`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
)
rmSync(scratch, { recursive: true, force: true })
process.exit(result.status ?? 1)
