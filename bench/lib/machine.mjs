// What the numbers came from: cores, CPU model, Node, kernel, and the Routekit commit.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, release } from 'node:os'

/** `{ nproc, cpu, node, kernel, memGiB, git: { commit, dirty } }`. */
export function describeMachine(root) {
  let cpu = 'unknown'
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu
  } catch {
    // not Linux
  }
  let memGiB
  try {
    const kb = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1])
    memGiB = Math.round((kb / 1024 / 1024) * 10) / 10
  } catch {
    // not Linux
  }
  const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? ''
  return {
    // All online CPUs, not this process's affinity (the orchestrator pins itself to the load core).
    nproc: cpus().length,
    cpu,
    memGiB,
    node: process.version,
    kernel: `${process.platform} ${release()}`,
    git: { commit: git(['rev-parse', '--short', 'HEAD']), dirty: git(['status', '--porcelain']) !== '' },
  }
}
