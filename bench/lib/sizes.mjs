// Installed size: a package and everything it pulls in from node_modules, as `du --apparent-size` counts it.
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** Apparent bytes and disk bytes (512-byte blocks, as plain `du`) of a folder, skipping `skip` names at its top. */
function folderSize(dir, skip = new Set()) {
  let bytes = 0
  let disk = 0
  const walk = (path, top) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (top && skip.has(entry.name)) continue
      const full = join(path, entry.name)
      const stat = lstatSync(full)
      bytes += stat.size
      disk += stat.blocks * 512
      if (entry.isDirectory()) walk(full, false)
    }
  }
  walk(dir, true)
  return { bytes, disk }
}

/** The folder of package `name` as Node resolves it from `fromDir` (nearest node_modules upward). */
function findPackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate)
    if (dirname(dir) === dir) return undefined
  }
}

/**
 * Walks `dependencies` and installed `optionalDependencies` (platform binaries included: npm installs
 * them) from `names`, resolved from `fromDir`. Returns `{ bytes, disk, packages }`. With `optional: false`
 * optional dependencies are skipped everywhere, as `npm ci --omit=optional` does.
 */
export function closureSize(names, fromDir, { optional = true } = {}) {
  const seen = new Set()
  const queue = names.map((name) => [name, fromDir])
  let bytes = 0
  let disk = 0
  while (queue.length > 0) {
    const [name, from] = queue.shift()
    const dir = findPackage(name, from)
    if (dir === undefined || seen.has(dir)) continue
    seen.add(dir)
    // A nested node_modules holds other packages; they are counted when the walk reaches them.
    const size = folderSize(dir, new Set(['node_modules']))
    bytes += size.bytes
    disk += size.disk
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const deps = optional ? { ...manifest.dependencies, ...manifest.optionalDependencies } : manifest.dependencies
    for (const dep of Object.keys(deps ?? {})) {
      queue.push([dep, dir])
    }
  }
  return { bytes, disk, packages: seen.size }
}

/**
 * Routekit's installed size, with its `files` (bin, dist) and package.json, in three layouts:
 * - `bytes`: a production install, `npm ci --omit=optional`: the closure of its `dependencies`, which is all
 *   `routekit start` can need (the build tools, rolldown, oxc-parser and magic-string, are optional
 *   dependencies: `build`, `dev`, `routes` and `typegen` need them, `start` never loads them);
 * - `full`: `npm install routekit`, optional dependencies (the build tools) and their platform binaries included;
 * - `startOnly`: just the packages a `routekit start` process was seen to import (`startDeps`).
 */
export function routekitSize(root, startDeps) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  let own = {
    bytes: lstatSync(join(root, 'package.json')).size,
    disk: lstatSync(join(root, 'package.json')).blocks * 512,
  }
  for (const folder of manifest.files ?? ['dist']) {
    const size = folderSize(join(root, folder))
    own = { bytes: own.bytes + size.bytes, disk: own.disk + size.disk }
  }
  const production = closureSize(Object.keys(manifest.dependencies ?? {}), root, { optional: false })
  const full = closureSize(
    Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }),
    root,
  )
  const start = closureSize(startDeps, root)
  return {
    bytes: own.bytes + production.bytes,
    disk: own.disk + production.disk,
    packages: production.packages,
    own: own.bytes,
    full: { bytes: own.bytes + full.bytes, disk: own.disk + full.disk, packages: full.packages },
    startOnly: {
      bytes: own.bytes + start.bytes,
      disk: own.disk + start.disk,
      packages: start.packages,
      deps: startDeps,
    },
  }
}
