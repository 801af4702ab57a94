/** Test helper: copies a fixture app to a scratch folder and builds it with the real CLI. */
import { cpSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { PrerenderManifest } from '../../src/prerender/prerender-manifest.ts'
import { makeTree } from '../_helpers/make-tree.ts'
import { ROOT, runCli, type CliResult } from '../_helpers/server.ts'

/** A built copy of `test/fixtures/<name>`: its folder, the build output, and the prerender manifest. */
export interface BuiltFixture {
  dir: string
  build: CliResult
  prerender: PrerenderManifest
}

/** Copies and builds `test/fixtures/<name>`; the build must succeed. */
export function buildFixture(name: string): BuiltFixture {
  const dir = makeTree({})
  cpSync(join(ROOT, 'test', 'fixtures', name), dir, { recursive: true })
  const build = runCli(['build', dir])
  expect(build.status, build.stderr + build.stdout).toBe(0)
  const prerender = JSON.parse(
    readFileSync(join(dir, '.routekit', 'prerender', 'manifest.json'), 'utf8'),
  ) as PrerenderManifest
  return { dir, build, prerender }
}
