/**
 * Single flight (C46 "cross-request invocation leader"): concurrent misses for one key run the function once;
 * every caller awaits the same promise and so gets the same value or the same error.
 */
import type { EntryMeta } from './scope-lifetimes.ts'

/** A computed entry: the encoded value and its lifetimes. */
export interface Computed {
  bytes: Uint8Array
  meta: EntryMeta
}

/** One computation in progress. */
export interface Flight {
  promise: Promise<Computed>
  /** A stale-while-revalidate refresh: readers keep getting the stale value instead of waiting. */
  background: boolean
}

const flights = new Map<string, Flight>()

/** The computation in progress for `key`, if any. */
export function getFlight(key: string): Flight | undefined {
  return flights.get(key)
}

/** Registers `promise` as the computation for `key` until it settles and `onSettled` stored its result. */
export function startFlight(
  key: string,
  promise: Promise<Computed>,
  background: boolean,
  onSettled: (result: Computed | undefined, error: unknown) => void,
): Flight {
  const flight: Flight = { promise, background }
  flights.set(key, flight)
  // Store first, then forget the flight, in one callback: a caller arriving later finds the entry.
  promise.then(
    (result) => {
      onSettled(result, undefined)
      if (flights.get(key) === flight) flights.delete(key)
    },
    (error: unknown) => {
      onSettled(undefined, error)
      if (flights.get(key) === flight) flights.delete(key)
    },
  )
  return flight
}

/** How many computations are in progress (tests). */
export function countFlights(): number {
  return flights.size
}
