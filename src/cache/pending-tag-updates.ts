/**
 * Revalidations still on their way to a cache handler (a remote one takes a round trip). Reads that follow wait
 * for them, and so does the response of the request that revalidated: once a client has that response, every
 * handler (and, through Redis, every instance) has the revalidation.
 */

const pending = new Set<Promise<unknown>>()

// A handler that never answers must not hold a response forever; the update itself goes on.
const RESPONSE_WAIT_MS = 1_000

/** Tracks an `updateTags` call until it settles; `update` must not reject (the caller logs its failure). */
export function trackTagUpdate(update: Promise<unknown>): void {
  pending.add(update)
  void update.finally(() => pending.delete(update))
}

/** True while some revalidation has not reached its handler yet: one Set read on the hot path. */
export function hasPendingTagUpdates(): boolean {
  return pending.size > 0
}

/** Waits for the revalidations in flight (reads before a handler `get`). */
export async function settleTagUpdates(): Promise<void> {
  if (pending.size > 0) await Promise.allSettled(pending)
}

/** Waits for the revalidations in flight, at most `RESPONSE_WAIT_MS` (before a response is written). */
export function settleTagUpdatesForResponse(): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, RESPONSE_WAIT_MS)
  })
  return Promise.race([settleTagUpdates(), timeout]).finally(() => clearTimeout(timer))
}
