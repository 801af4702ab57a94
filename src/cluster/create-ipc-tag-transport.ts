/**
 * The worker's side of cache coherence in a cluster: every revalidation made here goes to the primary over
 * IPC, which relays it to the other workers; every one relayed here is applied with `receiveTagEvent`. No
 * Redis needed: each worker keeps its own memory cache, and only the invalidations travel.
 */
import { addTagTransport, isTagEvent, receiveTagEvent } from '../cache/tag-events.ts'
import { isClusterMessage, type ClusterMessage } from './cluster-message.ts'

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
  const onMessage = (message: unknown): void => {
    if (!isClusterMessage(message)) return
    if (message.routekit === 'tag-event') receiveTagEvent(message.event)
    else if (message.routekit === 'tag-sync' && Array.isArray(message.events)) {
      // receiveTagEvent checks each event's shape: this is data from another process.
      for (const event of message.events) if (isTagEvent(event)) receiveTagEvent(event)
      synced?.()
    }
  }
  channel.on('message', onMessage)
  const removeTransport = addTagTransport({
    publish(event) {
      channel.send?.({ routekit: 'tag-event', event } satisfies ClusterMessage)
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
    },
  }
}
