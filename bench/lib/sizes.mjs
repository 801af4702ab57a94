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
 * them) from `names`, resolved from `fromDir`. Returns `{ bytes, disk, packages }`.
 */
export function closureSize(names, fromDir) {
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
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      queue.push([dep, dir])
    }
  }
  return { bytes, disk, packages: seen.size }
}

/**
 * Routekit as `npm install routekit` would lay it out: its `files` (bin, dist) and package.json, plus the
 * closure of its production dependencies from the repo's node_modules. `startOnly` counts just the packages
 * `routekit start` imports (`startDeps`).
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
  const deps = closureSize(Object.keys(manifest.dependencies ?? {}), root)
  const start = closureSize(startDeps, root)
  return {
    bytes: own.bytes + deps.bytes,
    disk: own.disk + deps.disk,
    packages: deps.packages,
    own: own.bytes,
    startOnly: {
      bytes: own.bytes + start.bytes,
      disk: own.disk + start.disk,
      packages: start.packages,
      deps: startDeps,
    },
  }
}
