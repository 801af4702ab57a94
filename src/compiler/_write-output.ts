/** Puts a build on disk: `<outDir>/server/` replaced wholesale, `<outDir>/manifest.json` rewritten last. */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { OutputAsset, OutputChunk } from 'rolldown'
import type { Manifest } from './manifest.ts'

/** How a finished build reaches the disk: `writeBuildOutput`, or dev's writer that keeps unchanged files. */
export type WriteBuildOutput = (
  outDir: string,
  output: ReadonlyArray<OutputChunk | OutputAsset>,
  manifest: Manifest,
) => Promise<void>

/** Writes the bundle under `server/` and then the manifest; other files in `outDir` are left alone. */
export async function writeBuildOutput(
  outDir: string,
  output: ReadonlyArray<OutputChunk | OutputAsset>,
  manifest: Manifest,
): Promise<void> {
  const serverDir = join(outDir, 'server')
  // Only server/ is ours to clear: other stages (typegen, cache) may keep files elsewhere in outDir.
  await rm(serverDir, { recursive: true, force: true })
  const dirs = new Set([outDir, ...output.map((item) => dirname(join(serverDir, item.fileName)))])
  await Promise.all([...dirs].map((dir) => mkdir(dir, { recursive: true })))
  await Promise.all(
    output.map((item) =>
      writeFile(join(serverDir, item.fileName), item.type === 'chunk' ? item.code : item.source),
    ),
  )
  // Written to a temporary name and renamed, so a dev server polling the manifest never reads half a file,
  // and renamed last, so a new manifest never points at modules that are not there yet.
  const temporary = join(outDir, `manifest.json.${process.pid}.tmp`)
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`)
  await rename(temporary, join(outDir, 'manifest.json'))
}
