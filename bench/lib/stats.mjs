// Medians and formatting.

/** Median of the finite numbers in `values`, or undefined when there are none. */
export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).toSorted((a, b) => a - b)
  if (sorted.length === 0) return undefined
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export function formatInt(value) {
  return value === undefined ? 'n/a' : Math.round(value).toLocaleString('en-US')
}

export function formatRatio(value, digits = 2) {
  return value === undefined ? 'n/a' : `${value.toFixed(digits)}×`
}

export function formatMiB(bytes) {
  return bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

export function formatMs(ms) {
  return ms === undefined ? 'n/a' : `${Math.round(ms)} ms`
}
