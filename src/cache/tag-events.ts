/**
 * Tag revalidations as events, so every cache in every process hears of them (C35).
 *
 * A `revalidateTag`/`revalidatePath` here updates this process's handlers (revalidate.ts), tells the local
 * listeners (prerendered routes) and hands the event to every transport: cluster IPC (src/cluster) and the
 * Redis handler's pub/sub. An event received from another process is applied with `receiveTagEvent`: to
 * the listeners and to each handler that keeps a local tags manifest (`applyTagEvent`), never sent on again.
 * Events carry the sender's timestamp, so applying one twice (it may arrive by IPC and by Redis) changes
 * nothing the second time.
 */
import { randomUUID } from 'node:crypto'
import { cacheState } from './cache-state.ts'

/** One revalidation: what handlers get in `updateTags` (C41), when it happened (ms), and where. */
export interface TagEvent {
  tags: string[]
  /** undefined = expire now; `{ expire }` = stale now, expired after `expire` seconds. */
  durations: { expire?: number } | undefined
  at: number
  /** The process that revalidated: receivers drop their own events. */
  origin: string
}

/** Told about every tag revalidation, local or received. */
export type TagUpdateListener = (
  tags: readonly string[],
  durations: TagEvent['durations'],
  at: number,
) => void

/** Carries events to other processes. */
export interface TagTransport {
  publish(event: TagEvent): void
}

/** A handler that keeps its own tags manifest and can apply a received event to it. */
export interface TagEventTarget {
  applyTagEvent(event: TagEvent): void
}

/** This process's id in `origin`. */
export const PROCESS_ORIGIN = randomUUID()

const listeners = new Set<TagUpdateListener>()
const transports = new Set<TagTransport>()

/** Subscribes to tag revalidations (prerendered routes carry tags too, C35); returns the unsubscribe. */
export function onTagUpdate(listener: TagUpdateListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Adds a way to reach other processes; returns the removal. */
export function addTagTransport(transport: TagTransport): () => void {
  transports.add(transport)
  return () => transports.delete(transport)
}

/** Tells the local listeners, then every transport, about a revalidation made in this process. */
export function emitTagEvent(tags: string[], durations: TagEvent['durations']): TagEvent {
  const event: TagEvent = { tags, durations, at: cacheState.now(), origin: PROCESS_ORIGIN }
  for (const listener of listeners) listener(tags, durations, event.at)
  for (const transport of transports) transport.publish(event)
  return event
}

/** Applies a revalidation made in another process: listeners and local manifests, not the transports. */
export function receiveTagEvent(event: TagEvent): void {
  if (event.origin === PROCESS_ORIGIN || !isTagEvent(event)) return
  for (const listener of listeners) listener(event.tags, event.durations, event.at)
  for (const handler of cacheState.distinct) {
    if (typeof (handler as Partial<TagEventTarget>).applyTagEvent === 'function') {
      ;(handler as unknown as TagEventTarget).applyTagEvent(event)
    }
  }
}

/** A received message is data from another process: check its shape before it touches a manifest. */
export function isTagEvent(value: unknown): value is TagEvent {
  if (typeof value !== 'object' || value === null) return false
  const event = value as Record<string, unknown>
  const durations = event.durations as Record<string, unknown> | undefined | null
  return (
    Array.isArray(event.tags) &&
    event.tags.every((tag) => typeof tag === 'string') &&
    typeof event.at === 'number' &&
    Number.isFinite(event.at) &&
    typeof event.origin === 'string' &&
    (durations === undefined ||
      (typeof durations === 'object' &&
        durations !== null &&
        (durations.expire === undefined || typeof durations.expire === 'number')))
  )
}
