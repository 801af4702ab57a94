/**
 * Tag revalidations as prerendered routes see them (C35, C38): the same stale/expired bookkeeping the memory
 * handler keeps (C42), fed by every `revalidateTag`/`revalidatePath` in this process and by those received from others
 * (cluster workers, Redis), each at the time it was made.
 */
import { onTagUpdate } from '../cache/tag-events.ts'
import { applyTagUpdate, type TagState } from '../cache/tags.ts'

/** Tag → when it went stale / expires, ms. Empty until the first revalidation. */
export const tagStates = new Map<string, TagState>()

let subscribed = false

/** Starts listening (once per process). */
export function watchTagStates(): void {
  if (subscribed) return
  subscribed = true
  onTagUpdate((tags, durations, at) => applyTagUpdate(tagStates, tags, durations, at))
}
