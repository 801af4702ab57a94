/**
 * The primary's side of cache coherence: relays each revalidation from one worker to all the others,
 * acknowledges it to the sender once every other worker applied it (so the revalidating request answers
 * after that: read your writes across workers), and remembers the latest one per tag for workers started later.
 */
import { isTagEvent, type TagEvent } from '../cache/tag-events.ts'
import type { ClusterMessage } from './cluster-message.ts'

/** A worker as the relay uses it. */
export interface RelayWorker {
  readonly id: number
  send(message: ClusterMessage): boolean
  isConnected(): boolean
}

/** Relay state; the pool calls it with the messages and exits it sees. */
export interface TagRelay {
  /** A `tag-event` from `sender`; `others` are the workers that should apply it. */
  relay(sender: RelayWorker, message: { event: unknown; id?: number }, others: readonly RelayWorker[]): void
  /** A `tag-ack` from `worker`. */
  acknowledge(worker: RelayWorker, ack: unknown): void
  /** A `tag-sync` request from `worker`: answers with the remembered revalidations. */
  sync(worker: RelayWorker): void
  /** `worker` exited: it acknowledges nothing any more, and nothing is owed to it. */
  forget(worker: RelayWorker): void
}

interface Waiting {
  sender: RelayWorker
  id: number
  workers: Set<number>
}

// Enough for every tag of a large app; past it the oldest revalidation is forgotten (see docs/deploy.md).
const MAX_REMEMBERED_TAGS = 10_000

/** Builds an empty relay. */
export function createTagRelay(): TagRelay {
  const lastEventByTag = new Map<string, TagEvent>()
  const waiting = new Map<string, Waiting>()
  let nextKey = 0

  const remember = (event: TagEvent): void => {
    for (const tag of event.tags) {
      lastEventByTag.delete(tag) // re-inserted last: the map stays ordered oldest first
      lastEventByTag.set(tag, event)
      if (lastEventByTag.size > MAX_REMEMBERED_TAGS)
        lastEventByTag.delete(lastEventByTag.keys().next().value!)
    }
  }

  const settle = (key: string, entry: Waiting): void => {
    waiting.delete(key)
    if (entry.sender.isConnected()) entry.sender.send({ routekit: 'tag-ack', id: entry.id })
  }

  return {
    relay(sender, { event, id }, others) {
      if (!isTagEvent(event)) return
      remember(event)
      const targets = others.filter((worker) => worker.id !== sender.id && worker.isConnected())
      if (typeof id !== 'number') {
        for (const worker of targets) worker.send({ routekit: 'tag-event', event })
        return
      }
      const key = String(++nextKey)
      const entry: Waiting = { sender, id, workers: new Set(targets.map((worker) => worker.id)) }
      waiting.set(key, entry)
      for (const worker of targets) worker.send({ routekit: 'tag-event', event, ack: key })
      if (entry.workers.size === 0) settle(key, entry)
    },
    acknowledge(worker, ack) {
      const entry = typeof ack === 'string' ? waiting.get(ack) : undefined
      if (entry === undefined) return
      entry.workers.delete(worker.id)
      if (entry.workers.size === 0) settle(ack as string, entry)
    },
    sync(worker) {
      if (worker.isConnected())
        worker.send({ routekit: 'tag-sync', events: [...new Set(lastEventByTag.values())] })
    },
    forget(worker) {
      for (const [key, entry] of waiting) {
        if (entry.sender.id === worker.id) waiting.delete(key)
        else if (entry.workers.delete(worker.id) && entry.workers.size === 0) settle(key, entry)
      }
    },
  }
}
