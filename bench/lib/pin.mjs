// CPU pinning: the server on one core, the load generator (and this orchestrator) on another.
import { spawnSync } from 'node:child_process'
import { cpus } from 'node:os'

/**
 * `{ pinned, serverCpu, loadCpu, note }`. Pins with `taskset` when it exists and there are two cores;
 * otherwise everything runs unpinned and `note` says why.
 */
export function detectPinning() {
  const cores = cpus().length
  if (cores < 2) return { pinned: false, note: `unpinned: only ${cores} core` }
  const probe = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' })
  if (probe.error !== undefined || probe.status !== 0) {
    return { pinned: false, note: 'unpinned: taskset not found (apt-get install util-linux)' }
  }
  return {
    pinned: true,
    serverCpu: 0,
    loadCpu: 1,
    note: 'server on CPU 0, load generator on CPU 1 (taskset)',
  }
}

/** Wraps `command args` so it runs on `cpu` (no-op when unpinned). */
export function onCpu(pinning, cpu, command, args) {
  if (!pinning.pinned) return { command, args }
  return { command: 'taskset', args: ['-c', String(cpu), command, ...args] }
}

/** Moves this process to the load core, so the server core runs the server alone. */
export function pinSelf(pinning) {
  if (pinning.pinned)
    spawnSync('taskset', ['-a', '-p', '-c', String(pinning.loadCpu), String(process.pid)], {
      stdio: 'ignore',
    })
}
