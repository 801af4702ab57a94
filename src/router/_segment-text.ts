/** Reading URL segments straight out of the pathname by index, and turning raw values into params. */
import { createError } from '../errors.ts'

const DOT = 46
const PERCENT = 37

/** Index where the segment starting at `start` ends: the next `/`, or the end of the path. */
export function findSegmentEnd(path: string, start: number): number {
  const end = path.indexOf('/', start)
  return end === -1 ? path.length : end
}

/**
 * True when `path[start, end)` may be a dynamic value: not empty, and not `.` or `..` once decoded.
 * R17: Next answers `/enc/%2e%2e` with 404 (its URL parser treats `%2e%2e` as a dot segment); refusing
 * these values here also keeps path traversal out of params, whatever the normaliser did before us.
 */
export function isValueSegment(path: string, start: number, end: number): boolean {
  switch (end - start) {
    case 0:
      return false
    case 1:
      return path.charCodeAt(start) !== DOT
    case 2:
      return path.charCodeAt(start) !== DOT || path.charCodeAt(start + 1) !== DOT
    case 3:
      return !isEscapedDot(path, start)
    case 4:
      // `.%2e` and `%2e.`
      return !(
        (path.charCodeAt(start) === DOT && isEscapedDot(path, start + 1)) ||
        (isEscapedDot(path, start) && path.charCodeAt(start + 3) === DOT)
      )
    case 6:
      return !(isEscapedDot(path, start) && isEscapedDot(path, start + 3))
    default:
      // No other spelling decodes to `.` or `..`.
      return true
  }
}

/** True when every segment from `start` to the end of the path is a value (catch-alls, R6/R7). */
export function isValueRest(path: string, start: number): boolean {
  const length = path.length
  for (;;) {
    const end = findSegmentEnd(path, start)
    if (!isValueSegment(path, start, end)) return false
    if (end === length) return true
    start = end + 1
  }
}

/** `%2e` or `%2E` at `i`. */
function isEscapedDot(path: string, i: number): boolean {
  return (
    path.charCodeAt(i) === PERCENT &&
    path.charCodeAt(i + 1) === 50 /* 2 */ &&
    (path.charCodeAt(i + 2) | 0x20) === 101 /* e or E */
  )
}

/**
 * R17: one `decodeURIComponent` per value (`%2541` → `%41`, `+` stays `+`). A malformed escape is the
 * client's mistake: deviation f answers 400 where Next answers 500.
 */
export function decodeValue(raw: string, pathname: string): string {
  if (raw.indexOf('%') === -1) return raw
  try {
    return decodeURIComponent(raw)
  } catch {
    throw createError('RK_BAD_PERCENT_ENCODING', { path: pathname })
  }
}

/** R17: a catch-all splits on real slashes first (`b%2Fc` stays one part), then decodes each part. */
export function decodeRest(rest: string, pathname: string): string[] {
  const parts = rest.split('/')
  if (rest.indexOf('%') === -1) return parts
  for (let i = 0; i < parts.length; i++) parts[i] = decodeValue(parts[i]!, pathname)
  return parts
}
