/** Code-unit string order, the same on every machine and locale (file lists, patterns, messages). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
