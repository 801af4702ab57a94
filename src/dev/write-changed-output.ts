/** Writes a dev build file by file: an output whose content did not change keeps its file and its loaded module. */
import { createHash } from 'node:crypto'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { OutputAsset, OutputChunk } from 'rolldown'
import type { Manifest } from '../compiler/manifest.ts'

/** One output file as written: its content and a hash of it (the version the server imports it under). */
export interface WrittenFile {
  content: string | Uint8Array
  hash: string
}

/** Output file (relative to `server/`) → what was written there. */
export type OutputVersions = ReadonlyMap<string, WrittenFile>

/** What one write did. */
export interface WrittenOutput {
  versions: Map<string, WrittenFile>
  /** Files whose content is new. */
  written: string[]
  /** Files of the previous build that this one no longer has; delete them once no process may still import them. */
  stale: string[]
}

/**
 * Writes the outputs whose hash differs from `previous`, then the manifest. With an empty `previous` (the
 * first build of a session) `server/` is cleared first, so files of an earlier session cannot linger.
 */
export async function writeChangedOutput(
  outDir: string,
  output: ReadonlyArray<OutputChunk | OutputAsset>,
  manifest: Manifest,
  previous: OutputVersions,
): Promise<WrittenOutput> {
  const serverDir = join(outDir, 'server')
  if (previous.size === 0) await rm(serverDir, { recursive: true, force: true })
  const versions = new Map<string, WrittenFile>()
  const changed: Array<{ fileName: string; content: string | Uint8Array }> = []
  for (const item of output) {
    const content = item.type === 'chunk' ? item.code : item.source
    const before = previous.get(item.fileName)
    // Comparing the text is ~20× cheaper than hashing all 400 files of a 200-route app on every save.
    if (before !== undefined && sameContent(before.content, content)) {
      versions.set(item.fileName, before)
      continue
    }
    // 12 base64url characters of SHA-1: 72 bits, collision-free in practice for one session's builds.
    const hash = createHash('sha1').update(content).digest('base64url').slice(0, 12)
    versions.set(item.fileName, { content, hash })
    changed.push({ fileName: item.fileName, content })
  }
  // Only a file this session has not written yet may need its folder made.
  const dirs = new Set([
    outDir,
    ...changed
      .filter((item) => !previous.has(item.fileName))
      .map((item) => dirname(join(serverDir, item.fileName))),
  ])
  for (const dir of dirs) mkdirSync(dir, { recursive: true })
  // Synchronous: these are small files, and a save of a module every route imports rewrites all of them. With
  // one promise per file through libuv's 4 threads, 200 writes took 30-180 ms (bench/dev-reload.mjs); in a loop
  // on the main thread a few ms, during which the supervisor only delays handing over new connections.
  for (const item of changed) writeFileSync(join(serverDir, item.fileName), item.content)
  // Renamed into place, so a reader never sees half a manifest (as writeBuildOutput does).
  const temporary = join(outDir, `manifest.json.${process.pid}.tmp`)
  writeFileSync(temporary, JSON.stringify(manifest))
  renameSync(temporary, join(outDir, 'manifest.json'))
  const stale = [...previous.keys()].filter((fileName) => !versions.has(fileName))
  return { versions, written: changed.map((item) => item.fileName), stale }
}

function sameContent(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)
}

/** Deletes output files that no build in use refers to any more. */
export async function deleteStaleOutput(outDir: string, stale: readonly string[]): Promise<void> {
  await Promise.all(stale.map((fileName) => rm(join(outDir, 'server', fileName), { force: true })))
}
