// Dev builds reach the disk file by file (src/dev/write-changed-output.ts).
import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { OutputAsset, OutputChunk } from 'rolldown'
import type { Manifest } from '../../src/compiler/manifest.ts'
import { deleteStaleOutput, writeChangedOutput } from '../../src/dev/write-changed-output.ts'
import { makeTree } from '../_helpers/make-tree.ts'

const chunk = (fileName: string, code: string) => ({ type: 'chunk', fileName, code }) as OutputChunk
const manifest = { routes: [] } as unknown as Manifest
type Output = Array<OutputChunk | OutputAsset>

describe('writeChangedOutput', () => {
  it('writes only the files whose content changed and keeps the hash of the others', async () => {
    const outDir = join(makeTree({ 'x/': '' }), 'x')
    const first: Output = [chunk('a.mjs', 'a1'), chunk('b.mjs', 'b1')]
    const one = await writeChangedOutput(outDir, first, manifest, new Map())
    expect(one.written.toSorted()).toEqual(['a.mjs', 'b.mjs'])
    const untouched = statSync(join(outDir, 'server/b.mjs')).mtimeMs
    const two = await writeChangedOutput(
      outDir,
      [chunk('a.mjs', 'a2'), chunk('b.mjs', 'b1')],
      manifest,
      one.versions,
    )
    expect(two.written).toEqual(['a.mjs'])
    expect(two.versions.get('b.mjs')!.hash).toBe(one.versions.get('b.mjs')!.hash)
    expect(two.versions.get('a.mjs')!.hash).not.toBe(one.versions.get('a.mjs')!.hash)
    expect(readFileSync(join(outDir, 'server/a.mjs'), 'utf8')).toBe('a2')
    expect(statSync(join(outDir, 'server/b.mjs')).mtimeMs).toBe(untouched)
  })

  it('reports the files of the previous build that are gone, and deletes them on request', async () => {
    const outDir = join(makeTree({ 'x/': '' }), 'x')
    const one = await writeChangedOutput(
      outDir,
      [chunk('old.mjs', 'o'), chunk('keep.mjs', 'k')],
      manifest,
      new Map(),
    )
    const two = await writeChangedOutput(outDir, [chunk('keep.mjs', 'k')], manifest, one.versions)
    expect(two.stale).toEqual(['old.mjs'])
    expect(existsSync(join(outDir, 'server/old.mjs'))).toBe(true)
    await deleteStaleOutput(outDir, two.stale)
    expect(existsSync(join(outDir, 'server/old.mjs'))).toBe(false)
    expect(existsSync(join(outDir, 'server/keep.mjs'))).toBe(true)
  })
})
