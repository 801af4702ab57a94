/**
 * The worker's side of cache coherence in a cluster: every revalidation made here goes to the primary over
 * IPC, which relays it to the other workers; every one relayed here is applied with `receiveTagEvent`. No
 * Redis needed: each worker keeps its own memory cache, and only the invalidations travel. The request that
 * revalidated answers once the primary says every other worker applied it (at most `ACK_TIMEOUT_MS` later).
 */
import { trackTagUpdate } from '../cache/pending-tag-updates.ts'
import { addTagTransport, isTagEvent, receiveTagEvent } from '../cache/tag-events.ts'
import { isClusterMessage, type ClusterMessage } from './cluster-message.ts'

// A round trip through the primary takes well under a millisecond; this only bounds a stuck or dead one,
// and matches how long a response waits for any other revalidation (pending-tag-updates.ts).
const ACK_TIMEOUT_MS = 1_000

/** The IPC end of a process (`process` in a cluster worker; a fake in tests). */
export interface IpcChannel {
  send?(message: unknown): boolean
  on(event: 'message', listener: (message: unknown) => void): unknown
  off(event: 'message', listener: (message: unknown) => void): unknown
}

/** A registered IPC transport. */
export interface IpcTagTransport {
  /**
   * Asks the primary for the revalidations made before this worker started and applies them: a restarted
   * worker must not serve a prerendered route whose tag another worker revalidated. Resolves once applied,
   * or after `timeoutMs` without a reply (the worker still serves; new events keep arriving).
   */
  sync(timeoutMs: number): Promise<void>
  /** Unregisters the transport and stops listening. */
  close(): void
}

/** Registers the IPC transport on `channel` and starts applying the events the primary relays. */
export function createIpcTagTransport(channel: IpcChannel = process): IpcTagTransport {
  let synced: (() => void) | undefined
  let nextId = 0
  const unacknowledged = new Map<number, () => void>()
  const onMessage = (message: unknown): void => {
    if (!isClusterMessage(message)) return
    if (message.routekit === 'tag-event') {
      receiveTagEvent(message.event)
      // Applied synchronously above: the primary may now count this worker as up to date.
      if (typeof message.ack === 'string') channel.send?.({ routekit: 'tag-ack', ack: message.ack })
    } else if (message.routekit === 'tag-ack' && typeof message.id === 'number') {
      unacknowledged.get(message.id)?.()
    } else if (message.routekit === 'tag-sync' && Array.isArray(message.events)) {
      // receiveTagEvent checks each event's shape: this is data from another process.
      for (const event of message.events) if (isTagEvent(event)) receiveTagEvent(event)
      synced?.()
    }
  }
  channel.on('message', onMessage)
  const removeTransport = addTagTransport({
    publish(event) {
      if (channel.send === undefined) return
      const id = ++nextId
      // Tracked like a remote handler's updateTags: the revalidating response waits for it.
      trackTagUpdate(
        new Promise<void>((resolve) => {
          const timer = setTimeout(done, ACK_TIMEOUT_MS)
          function done(): void {
            clearTimeout(timer)
            unacknowledged.delete(id)
            resolve()
          }
          unacknowledged.set(id, done)
        }),
      )
      channel.send({ routekit: 'tag-event', event, id } satisfies ClusterMessage)
    },
  })
  return {
    sync(timeoutMs) {
      if (channel.send === undefined) return Promise.resolve()
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs)
        function done(): void {
          clearTimeout(timer)
          synced = undefined
          resolve()
        }
        synced = done
        channel.send!({ routekit: 'tag-sync' } satisfies ClusterMessage)
      })
    },
    close() {
      removeTransport()
      channel.off('message', onMessage)
      for (const done of unacknowledged.values()) done()
    },
  }
}
