// `next build && next start` on bench/app-seed (cacheComponents on), the way a Next.js user ships it.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { runCommand } from '../lib/run-command.mjs'

const STAMP = 'routekit-bench-stamp.json'

export const contender = {
  id: 'next',
  label: 'next start',
  packages: ['next', 'react', 'react-dom'],
  /** Builds app-seed with `next build`, reusing .next/ when the sources and Next's version are unchanged. */
  async prepare(ctx) {
    const dir = ctx.appSeed
    const bin = join(ctx.benchDir, 'node_modules', 'next', 'dist', 'bin', 'next')
    const version = JSON.parse(
      readFileSync(join(ctx.benchDir, 'node_modules', 'next', 'package.json'), 'utf8'),
    ).version
    const hash = hashSources(dir, version)
    const stampFile = join(dir, '.next', STAMP)
    if (!ctx.rebuild && existsSync(join(dir, '.next', 'BUILD_ID')) && existsSync(stampFile)) {
      const stamp = JSON.parse(readFileSync(stampFile, 'utf8'))
      if (stamp.hash === hash)
        return { ok: true, version, reused: true, seconds: stamp.seconds, table: stamp.table }
    }
    ctx.log(`next build (${version}) in ${relative(ctx.root, dir)} …`)
    const result = await runCommand(process.execPath, [bin, 'build'], { cwd: dir, env: NEXT_ENV })
    const table = extractTable(result.output)
    if (result.code !== 0)
      return { ok: false, version, seconds: result.seconds, error: result.output.slice(-2000) }
    writeFileSync(stampFile, JSON.stringify({ hash, seconds: result.seconds, table }))
    return { ok: true, version, reused: false, seconds: result.seconds, table }
  },
  spawn: ({ port, host }, ctx) => ({
    command: process.execPath,
    args: [
      join(ctx.benchDir, 'node_modules', 'next', 'dist', 'bin', 'next'),
      'start',
      '-p',
      String(port),
      '-H',
      host,
    ],
    cwd: ctx.appSeed,
    env: NEXT_ENV,
  }),
}

const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' }

/** The route table `next build` prints (from the `Route (app)` line to the legend). */
function extractTable(output) {
  const lines = output.split('\n')
  const start = lines.findIndex((line) => line.startsWith('Route (app)'))
  if (start === -1) return ''
  const end = lines.findIndex((line, i) => i > start && /Dynamic\)/.test(line))
  return lines
    .slice(start, end === -1 ? undefined : end + 1)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()
}

function hashSources(dir, version) {
  const hash = createHash('sha256').update(version)
  const walk = (sub) => {
    for (const name of readdirSync(join(dir, sub)).toSorted()) {
      if (name === 'node_modules' || name.startsWith('.') || name === 'next-env.d.ts') continue
      const path = join(sub, name)
      if (statSync(join(dir, path)).isDirectory()) walk(path)
      else hash.update(path).update(readFileSync(join(dir, path)))
    }
  }
  walk('')
  return hash.digest('hex')
}
