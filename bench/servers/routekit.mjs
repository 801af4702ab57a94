// Routekit from this checkout: `routekit build` then `routekit start` on the same bench/app-seed as next.
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { join, relative } from 'node:path'
import { runCommand } from '../lib/run-command.mjs'

export const contender = {
  id: 'routekit',
  label: 'Routekit',
  /** Sized from the package snapshot instead of bench/node_modules (see lib/sizes.mjs). */
  packages: [],
  /**
   * Compiles src/ into a private package snapshot (bench/.work/routekit: dist, bin, package.json, and the
   * repo's node_modules linked), so the run measures the source as it was at the start and a concurrent
   * `npm run build` (which empties dist/) cannot break it. Then `routekit build bench/app-seed`; if that
   * fails (its `"use cache"` route needs the caching feature), builds a copy without the products route.
   */
  async prepare(ctx) {
    const pkg = join(ctx.workDir, 'routekit')
    rmSync(pkg, { recursive: true, force: true })
    mkdirSync(pkg, { recursive: true })
    const tsc = join(ctx.root, 'node_modules', 'typescript', 'bin', 'tsc')
    ctx.log('compiling src/ into bench/.work/routekit (a snapshot of the package) …')
    const compiled = await runCommand(process.execPath, [
      tsc,
      '-p',
      join(ctx.root, 'tsconfig.build.json'),
      '--outDir',
      join(pkg, 'dist'),
    ])
    // tsc still emits on type errors; only a missing entry point is fatal.
    if (!existsSync(join(pkg, 'dist', 'cli', 'main.js')))
      return { ok: false, error: compiled.output.slice(-2000) }
    if (compiled.code !== 0)
      ctx.log(`tsc reported errors (output still emitted):\n${compiled.output.slice(-1000)}`)
    cpSync(join(ctx.root, 'bin'), join(pkg, 'bin'), { recursive: true })
    cpSync(join(ctx.root, 'package.json'), join(pkg, 'package.json'))
    symlinkSync(join(ctx.root, 'node_modules'), join(pkg, 'node_modules'), 'dir')
    const bin = join(pkg, 'bin', 'routekit.mjs')
    const full = await runCommand(process.execPath, [bin, 'build', ctx.appSeed], { cwd: ctx.root })
    if (full.code === 0)
      return { ok: true, pkg, dir: ctx.appSeed, output: full.output, seconds: full.seconds }
    ctx.log('routekit build of app-seed failed; retrying without app/api/products (caching not available)')
    const dir = join(ctx.workDir, 'app-seed-without-cache')
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    cpSync(ctx.appSeed, dir, {
      recursive: true,
      filter: (source) => {
        const rel = relative(ctx.appSeed, source)
        return !/^(?:\.next|\.routekit|lib|app[\\/]api[\\/]products)(?:[\\/]|$)/.test(rel)
      },
    })
    const partial = await runCommand(process.execPath, [bin, 'build', dir], { cwd: ctx.root })
    if (partial.code !== 0) return { ok: false, error: partial.output.slice(-2000) }
    return {
      ok: true,
      pkg,
      dir,
      withoutCachedRoute: true,
      fullBuildError: full.output.slice(-2000),
      output: partial.output,
      seconds: partial.seconds,
    }
  },
  spawn: ({ port, host }, ctx, prepared) => ({
    command: process.execPath,
    args: [
      join(prepared.pkg, 'bin', 'routekit.mjs'),
      'start',
      prepared.dir,
      '--port',
      String(port),
      '--hostname',
      host,
    ],
    cwd: ctx.root,
    env: { NODE_ENV: 'production' },
  }),
}
