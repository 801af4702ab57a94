// The hand-written servers' version of app-seed/lib/products.ts: a 5 ms fake query, kept for an hour.
import { productRows } from './endpoints.mjs'

const HOUR = 60 * 60 * 1000
let cached
let expires = 0

/** 50 rows; the first call (and the first after an hour) waits 5 ms, the rest share one promise. */
export function getProducts() {
  const now = Date.now()
  if (cached === undefined || now >= expires) {
    expires = now + HOUR
    cached = new Promise((resolve) => setTimeout(resolve, 5)).then(productRows)
  }
  return cached
}
