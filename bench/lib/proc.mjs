// Server CPU time and memory from /proc (Linux), summed over the server's process tree.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100

function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name, which is in parentheses and may contain spaces.
    return text.slice(text.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/** `pid` and every live descendant. */
export function processTree(pid) {
  const parentOf = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const fields = readStat(name)
    if (fields !== undefined) parentOf.set(Number(name), Number(fields[1]))
  }
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child)
  }
  return tree
}

/** utime + stime of the tree, in seconds. */
export function cpuSeconds(pid) {
  let ticks = 0
  for (const member of processTree(pid)) {
    const fields = readStat(member)
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat (indexes 11 and 12 after the name).
    if (fields !== undefined) ticks += Number(fields[11]) + Number(fields[12])
  }
  return ticks / TICKS_PER_SECOND
}

/** VmRSS of the tree, in bytes. */
export function rssBytes(pid) {
  let total = 0
  for (const member of processTree(pid)) {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${member}/status`, 'utf8'))
      if (match !== null) total += Number(match[1]) * 1024
    } catch {
      // gone
    }
  }
  return total
}

function cpuTotals() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  const idle = fields[3] + (fields[4] ?? 0)
  return { idle, total: fields.reduce((sum, value) => sum + value, 0) }
}

/** How many cores' worth of CPU the whole host used over `ms` (run it while the bench itself is idle). */
export async function hostBusyCores(ms = 1_000) {
  const before = cpuTotals()
  await new Promise((resolve) => setTimeout(resolve, ms))
  const after = cpuTotals()
  const total = after.total - before.total
  if (total <= 0) return 0
  return ((total - (after.idle - before.idle)) / total) * cpus().length
}

/** Samples the host every 0.5 s until fewer than 0.25 cores are busy or `timeoutMs` passes; returns the last reading. */
export async function waitForQuietHost(timeoutMs) {
  const deadline = performance.now() + timeoutMs
  let busy = await hostBusyCores(500)
  while (busy >= 0.25 && performance.now() < deadline) busy = await hostBusyCores(500)
  return busy
}
