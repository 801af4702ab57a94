/**
 * The IPC messages between the cluster primary and its workers. Every one carries `routekit: <kind>`, so
 * messages that user code sends over the same channel (`process.send`) are never mistaken for ours.
 */
import type { TagEvent } from '../cache/tag-events.ts'

/** One message of ours; `events` in a `tag-sync` is only set on the primary's reply. */
export type ClusterMessage =
  /**
   * worker → primary: a revalidation made in that worker, `id` to acknowledge; primary → other workers: the
   * same, relayed, with the `ack` key to answer with.
   */
  | { routekit: 'tag-event'; event: TagEvent; id?: number; ack?: string }
  /** worker → primary: applied the event relayed with `ack`; primary → sender: every worker applied event `id`. */
  | { routekit: 'tag-ack'; id?: number; ack?: string }
  /** worker → primary: "which revalidations happened before I started?"; the reply lists them. */
  | { routekit: 'tag-sync'; events?: TagEvent[] }
  /** primary → worker: drain and exit 0 (the primary got `reason`, a signal name). */
  | { routekit: 'shutdown'; reason: string }

const KINDS = new Set(['tag-event', 'tag-ack', 'tag-sync', 'shutdown'])

/** True for a message of ours; its payload is still checked where it is used (`isTagEvent`). */
export function isClusterMessage(value: unknown): value is ClusterMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { routekit?: unknown }).routekit === 'string' &&
    KINDS.has((value as { routekit: string }).routekit)
  )
}
