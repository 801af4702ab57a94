/** The interpreted router: one Map lookup for all-static routes, a segment trie with backtracking for the rest. */
import { createError } from '../errors.ts'
import type { Segment } from '../scanner/route-file.ts'
import { decodeRest, decodeValue, findSegmentEnd, isValueRest, isValueSegment } from './_segment-text.ts'
import type { Params, RouteMatch, RouteRecord, Router } from './router.ts'

/** Where a route reads one param: the index of its (first) URL segment. */
interface Slot {
  name: string
  index: number
  kind: Exclude<Segment['kind'], 'static'>
}

/** A route with at least one dynamic segment, hanging off the trie. */
interface Leaf<T> {
  pattern: string
  data: T
  slots: readonly Slot[]
}

interface Node<T> {
  /** Children by raw (still-encoded) segment text: R2 compares statics before any decoding. */
  statics: Map<string, Node<T>> | undefined
  dynamic: Node<T> | undefined
  catchAll: Leaf<T> | undefined
  optionalCatchAll: Leaf<T> | undefined
  /** The route whose last segment is this node. */
  end: Leaf<T> | undefined
}

/**
 * Builds the router for `records` once, at server start. Throws `RK_DUPLICATE_URL` for two records of
 * one shape and `RK_CATCHALL_NOT_LAST` for a catch-all followed by more segments (the scanner reports
 * both first, with file names; these are a backstop).
 */
export function buildRouter<T>(records: readonly RouteRecord<T>[]): Router<T> {
  const statics = new Map<string, RouteMatch<T>>()
  const staticPatterns = new Map<string, string>()
  const root = createNode<T>()
  for (const record of records) {
    if (record.segments.some((segment) => segment.kind !== 'static')) {
      insert(root, record)
      continue
    }
    const key = `/${record.segments.map((segment) => (segment.kind === 'static' ? segment.value : '')).join('/')}`
    const existing = staticPatterns.get(key)
    if (existing !== undefined) throw duplicate(existing, record.pattern)
    staticPatterns.set(key, record.pattern)
    // Shared and frozen: a static hit allocates nothing. R32: no dynamic segment → params undefined.
    statics.set(key, Object.freeze({ data: record.data, params: undefined }))
  }

  return {
    match(pathname) {
      // A route of static segments only beats every dynamic one on its exact path (R10), so this
      // lookup on the whole raw pathname is the final answer when it hits.
      const hit = statics.get(pathname)
      if (hit !== undefined) return hit
      if (pathname.charCodeAt(0) !== 47 /* / */) return undefined
      // `/` has zero segments: start past its end.
      const leaf = walk(root, pathname, pathname.length === 1 ? 2 : 1)
      return leaf === undefined ? undefined : { data: leaf.data, params: toParams(leaf, pathname) }
    },
  }
}

function createNode<T>(): Node<T> {
  return {
    statics: undefined,
    dynamic: undefined,
    catchAll: undefined,
    optionalCatchAll: undefined,
    end: undefined,
  }
}

function insert<T>(root: Node<T>, record: RouteRecord<T>): void {
  const { segments, pattern, data } = record
  const slots: Slot[] = []
  const leaf: Leaf<T> = { pattern, data, slots }
  let node = root
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!
    if (segment.kind === 'static') {
      node.statics ??= new Map()
      let child = node.statics.get(segment.value)
      if (child === undefined) node.statics.set(segment.value, (child = createNode()))
      node = child
      continue
    }
    // Names come from each record, so a trie position shared by `[a]` and `[b]` still names params right.
    slots.push({ name: segment.name, index, kind: segment.kind })
    if (segment.kind === 'dynamic') {
      node = node.dynamic ??= createNode()
      continue
    }
    if (index !== segments.length - 1) {
      const text = segment.kind === 'catch-all' ? `[...${segment.name}]` : `[[...${segment.name}]]`
      throw createError('RK_CATCHALL_NOT_LAST', { segment: text, file: pattern })
    }
    if (segment.kind === 'catch-all') node.catchAll = place(node.catchAll, leaf)
    else node.optionalCatchAll = place(node.optionalCatchAll, leaf)
    return
  }
  node.end = place(node.end, leaf)
}

function place<T>(existing: Leaf<T> | undefined, leaf: Leaf<T>): Leaf<T> {
  if (existing !== undefined) throw duplicate(existing.pattern, leaf.pattern)
  return leaf
}

function duplicate(first: string, second: string): Error {
  return createError('RK_DUPLICATE_URL', { url: second, files: [first, second] })
}

/**
 * Depth-first search in Next's per-segment order (R10): static, then `[x]`, then `[...x]`, then
 * `[[...x]]`, backtracking when a branch dead-ends. `start` is where the next segment begins; past the
 * end of `path` means no segment is left. Each node is visited at most once per match.
 */
function walk<T>(node: Node<T>, path: string, start: number): Leaf<T> | undefined {
  const length = path.length
  // R7: an optional catch-all also takes zero segments (Next rejects it beside a route of its own).
  if (start > length) return node.end ?? node.optionalCatchAll
  const end = findSegmentEnd(path, start)
  if (node.statics !== undefined) {
    const child = node.statics.get(path.slice(start, end))
    if (child !== undefined) {
      const found = walk(child, path, end + 1)
      if (found !== undefined) return found
    }
  }
  // Empty, `.` and `..` segments match no dynamic segment, hence no catch-all holding them either.
  if (!isValueSegment(path, start, end)) return undefined
  if (node.dynamic !== undefined) {
    const found = walk(node.dynamic, path, end + 1)
    if (found !== undefined) return found
  }
  // Next fails at startup on `[...x]` beside `[[...x]]` (R11); should both exist, `[...x]` wins here.
  const rest = node.catchAll ?? node.optionalCatchAll
  if (rest !== undefined && (end === length || isValueRest(path, end + 1))) return rest
  return undefined
}

/** Decodes the chosen route's values only (R17: after matching, exactly once). */
function toParams<T>(leaf: Leaf<T>, pathname: string): Params {
  const params: Params = {}
  let index = 0
  let start = pathname.length === 1 ? 2 : 1
  for (const slot of leaf.slots) {
    for (; index < slot.index; index++) start = findSegmentEnd(pathname, start) + 1
    if (slot.kind === 'dynamic') {
      const raw = pathname.slice(start, findSegmentEnd(pathname, start))
      setParam(params, slot.name, decodeValue(raw, pathname))
    } else if (start <= pathname.length) {
      setParam(params, slot.name, decodeRest(pathname.slice(start), pathname))
    }
    // R7: an optional catch-all over zero segments leaves its key absent.
  }
  return params
}

function setParam(params: Params, name: string, value: string | string[]): void {
  // A plain assignment to `__proto__` would replace the prototype instead of adding a key.
  if (name === '__proto__') {
    Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true })
  } else {
    params[name] = value
  }
}
