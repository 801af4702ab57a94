/**
 * R11: the dynamic-segment rules of Next's route trie (`UrlNode` in
 * `shared/lib/router/utils/sorted-routes.ts`), checked across all routes at once.
 */
import { createError, type RoutekitError } from '../errors.ts'
import { compare } from './_compare.ts'
import type { RouteFile, SegmentKind } from './route-file.ts'
import { toSegmentText } from './to-pattern.ts'

type DynamicKind = Exclude<SegmentKind, 'static'>

/** Everything below one dynamic position of a node: the names used there and the files using each. */
interface Slot {
  node: TrieNode
  names: Map<string, string[]>
}

/** One position in the URL tree; dynamic children are keyed by kind only, as in Next's `UrlNode`. */
interface TrieNode {
  /** The path to this node, each dynamic segment shown as `[*]`, `[...*]` or `[[...*]]`. */
  path: string
  /** Routes whose last segment is this node. */
  routes: RouteFile[]
  statics: Map<string, TrieNode>
  slots: Partial<Record<DynamicKind, Slot>>
}

const WILDCARD: Record<DynamicKind, string> = {
  dynamic: '[*]',
  'catch-all': '[...*]',
  'optional-catch-all': '[[...*]]',
}

/**
 * Conflicts Next's trie rejects: two names at one dynamic position (also for catch-alls and at
 * positions that are not the last), `[...x]` beside `[[...y]]`, and a route at the same level as an
 * optional catch-all.
 */
export function findTrieConflicts(routes: readonly RouteFile[]): RoutekitError[] {
  const root = createNode('')
  for (const route of routes) insert(root, route)
  const problems: RoutekitError[] = []
  visit(root, problems)
  return problems
}

function createNode(path: string): TrieNode {
  return { path, routes: [], statics: new Map(), slots: {} }
}

function insert(root: TrieNode, route: RouteFile): void {
  let node = root
  for (const segment of route.segments) {
    if (segment.kind === 'static') {
      let child = node.statics.get(segment.value)
      if (child === undefined) {
        child = createNode(`${node.path}/${segment.value}`)
        node.statics.set(segment.value, child)
      }
      node = child
      continue
    }
    let slot = node.slots[segment.kind]
    if (slot === undefined) {
      slot = { node: createNode(`${node.path}/${WILDCARD[segment.kind]}`), names: new Map() }
      node.slots[segment.kind] = slot
    }
    const files = slot.names.get(segment.name)
    if (files === undefined) slot.names.set(segment.name, [route.file])
    else files.push(route.file)
    node = slot.node
  }
  node.routes.push(route)
}

function visit(node: TrieNode, problems: RoutekitError[]): void {
  const { slots } = node
  for (const kind of ['dynamic', 'catch-all', 'optional-catch-all'] as const) {
    const slot = slots[kind]
    // Next: "You cannot use different slug names for the same dynamic path ('id' !== 'slug')"; at the
    // last segment Next 16 words it "Ambiguous route pattern "/a/[*]" matches multiple routes".
    if (slot !== undefined && slot.names.size > 1) {
      const names = [...slot.names.keys()].toSorted(compare)
      problems.push(
        createError('RK_PARAM_NAME_MISMATCH', {
          pattern: slot.node.path,
          segments: names.map((name) => toSegmentText({ kind, name })),
          files: filesOf(slot),
        }),
      )
    }
  }
  const { 'catch-all': catchAll, 'optional-catch-all': optional } = slots
  if (catchAll !== undefined && optional !== undefined) {
    // Next only throws "You cannot use both an required and optional catch-all route at the same
    // level" when `next start` boots (R11, verified); Routekit fails the build instead.
    problems.push(
      createError('RK_CATCHALL_AND_OPTIONAL', { files: [...filesOf(catchAll), ...filesOf(optional)] }),
    )
  }
  if (optional !== undefined && node.routes.length > 0) {
    // Next: "You cannot define a route with the same specificity as a optional catch-all route".
    problems.push(
      createError('RK_OPTIONAL_CATCHALL_SPECIFICITY', {
        url: node.routes[0]!.pattern,
        files: [...node.routes.map((r) => r.file), ...filesOf(optional)],
      }),
    )
  }
  for (const key of [...node.statics.keys()].toSorted(compare)) visit(node.statics.get(key)!, problems)
  for (const kind of ['dynamic', 'catch-all', 'optional-catch-all'] as const) {
    const slot = slots[kind]
    if (slot !== undefined) visit(slot.node, problems)
  }
}

/** Every file below a slot, sorted, each once. */
function filesOf(slot: Slot): string[] {
  return [...new Set([...slot.names.values()].flat())].toSorted(compare)
}
