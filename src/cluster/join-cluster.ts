/**
 * A cluster worker's side of `routekit start --workers N`: the IPC tag transport (revalidations cross
 * workers), the revalidations made before this worker started, and the primary's request to drain.
 */
import { createIpcTagTransport } from './create-ipc-tag-transport.ts'
import { isClusterMessage } from './cluster-message.ts'

// The primary answers at once; this only bounds a worker whose primary is gone or stuck.
const SYNC_TIMEOUT_MS = 5_000

/** What `routekit start` needs from the cluster in a worker. */
export interface ClusterMember {
  /** Calls `drain(reason)` when the primary asks this worker to stop (at once if it already asked). */
  onShutdown(drain: (reason: string) => void): void
}

/** Joins the cluster; call after the app is loaded (its caches and prerendered routes exist) and before listening. */
export async function joinCluster(): Promise<ClusterMember> {
  let requested: string | undefined
  let drain: ((reason: string) => void) | undefined
  // The primary asks by message, not by signal: Ctrl-C already signals the whole process group, and a
  // second signal means "exit now" to a worker.
  process.on('message', (message: unknown) => {
    if (!isClusterMessage(message) || message.routekit !== 'shutdown') return
    requested = message.reason
    drain?.(message.reason)
  })
  await createIpcTagTransport(process).sync(SYNC_TIMEOUT_MS)
  return {
    onShutdown(callback) {
      drain = callback
      if (requested !== undefined) callback(requested)
    },
  }
}
