/** Cache tags: `cacheTag` validation, implicit (soft) tags of a route, and the tag-state checks (C34, C38, C42). */
import { logger } from '../_internal/logger.ts'

/** C34: a tag longer than this is dropped (`NEXT_CACHE_TAG_MAX_LENGTH`). */
export const TAG_MAX_LENGTH = 256
/** C34: at most this many tags are kept per call (`NEXT_CACHE_TAG_MAX_ITEMS`). */
export const TAG_MAX_ITEMS = 128
/** C38: a path longer than this only warns in `revalidatePath` (`NEXT_CACHE_SOFT_TAG_MAX_LENGTH`). */
export const SOFT_TAG_MAX_LENGTH = 1024
/** C38: the prefix of implicit tags (`NEXT_CACHE_IMPLICIT_TAG_ID`). */
export const IMPLICIT_TAG_PREFIX = '_N_T_'

const OUT_OF_CLASS_CHAR = /[^\t\x20-\x7e]/
const OUT_OF_CLASS_RUN = /[^\t\x20-\x7e]+/g

/** C34: tags go into headers, so non-ASCII runs are percent-encoded (Next's `encodeHeaderSafe`). */
export function encodeHeaderSafe(value: string): string {
  return OUT_OF_CLASS_CHAR.test(value)
    ? value.replace(OUT_OF_CLASS_RUN, (run) => encodeURIComponent(run))
    : value
}

/** C34: keeps string tags up to 256 chars and 128 items, warning with Next's texts about the rest. */
export function validateTags(tags: readonly unknown[], description: string): string[] {
  const valid: string[] = []
  const invalid: { tag: unknown; reason: string }[] = []
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]
    if (typeof tag !== 'string') invalid.push({ tag, reason: 'invalid type, must be a string' })
    else if (tag.length > TAG_MAX_LENGTH)
      invalid.push({ tag, reason: `exceeded max length of ${TAG_MAX_LENGTH}` })
    else valid.push(tag)
    if (valid.length > TAG_MAX_ITEMS) {
      logger.warn(
        `Warning: exceeded max tag count for ${description}, dropped tags: ${tags.slice(i).join(', ')}`,
      )
      valid.pop()
      break
    }
  }
  if (invalid.length > 0) {
    const lines = invalid.map(({ tag, reason }) => `tag: "${String(tag)}" ${reason}`)
    logger.warn(`Warning: invalid tags passed to ${description}: \n${lines.join('\n')}`)
  }
  return valid.map(encodeHeaderSafe)
}

/** Next's `getDerivedTags`: `/layout` plus each folder's layout and the page/route itself. */
function derivedTags(page: string): string[] {
  const tags = ['/layout']
  const parts = page.split('/')
  for (let i = 1; i <= parts.length; i++) {
    let current = parts.slice(0, i).join('/')
    if (current === '') continue
    if (!current.endsWith('/page') && !current.endsWith('/route')) {
      current = `${current}${current.endsWith('/') ? '' : '/'}layout`
    }
    tags.push(current)
  }
  return tags
}

/**
 * C38/C41: the soft tags of a request to the route `pattern` at `pathname`, e.g. for `/static-t`:
 * `_N_T_/layout, _N_T_/static-t/layout, _N_T_/static-t/route, _N_T_/static-t`.
 * Route groups are not in Routekit's pattern, so their `(group)/layout` tags are not produced.
 */
export function buildSoftTags(pattern: string, pathname: string): string[] {
  const page = pattern === '/' ? '/route' : `${pattern}/route`
  const tags = derivedTags(page).map((tag) => IMPLICIT_TAG_PREFIX + tag)
  if (pathname !== '') tags.push(IMPLICIT_TAG_PREFIX + pathname)
  return tags
}

/** C38: the implicit tags `revalidatePath(path, type)` revalidates, warning as Next does. */
export function toPathTags(path: string, type: 'layout' | 'page' | undefined): string[] {
  if (path.length > SOFT_TAG_MAX_LENGTH) {
    logger.warn(
      `Warning: revalidatePath received "${path}" which exceeded max length of ${SOFT_TAG_MAX_LENGTH}. ` +
        'See more info here https://nextjs.org/docs/app/api-reference/functions/revalidatePath',
    )
    return []
  }
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
  let tag = `${IMPLICIT_TAG_PREFIX}${encodeHeaderSafe(trimmed)}`
  if (type !== undefined) tag += `${tag.endsWith('/') ? '' : '/'}${type}`
  else if (/\[[^\]]+\]/.test(path)) {
    logger.warn(
      `Warning: a dynamic page path "${path}" was passed to "revalidatePath", but the "type" parameter is missing. ` +
        'This has no effect by default, see more info here https://nextjs.org/docs/app/api-reference/functions/revalidatePath',
    )
  }
  const tags = [tag]
  if (tag === `${IMPLICIT_TAG_PREFIX}/`) tags.push(`${IMPLICIT_TAG_PREFIX}/index`)
  else if (tag === `${IMPLICIT_TAG_PREFIX}/index`) tags.push(`${IMPLICIT_TAG_PREFIX}/`)
  return tags
}

/** What `updateTags` recorded about one tag, ms timestamps (C42). */
export interface TagState {
  /** Entries older than this are served stale once while they refresh. */
  stale?: number
  /** Entries older than this are gone once this moment has passed. */
  expired?: number
}

/** C42 `areTagsExpired`: a tag expired after the entry was made, and that moment has passed. */
export function areTagsExpired(
  manifest: ReadonlyMap<string, TagState>,
  tags: readonly string[],
  timestamp: number,
  now: number,
): boolean {
  for (const tag of tags) {
    const expired = manifest.get(tag)?.expired
    if (expired !== undefined && expired <= now && expired > timestamp) return true
  }
  return false
}

/** C42 `areTagsStale`: a tag was marked stale after the entry was made. */
export function areTagsStale(
  manifest: ReadonlyMap<string, TagState>,
  tags: readonly string[],
  timestamp: number,
): boolean {
  for (const tag of tags) {
    const stale = manifest.get(tag)?.stale
    if (stale !== undefined && stale > timestamp) return true
  }
  return false
}

/** C42 `updateTags`: with durations the tags go stale now and expire after `expire`; without, they expire now. */
export function applyTagUpdate(
  manifest: Map<string, TagState>,
  tags: readonly string[],
  durations: { expire?: number } | undefined,
  now: number,
): void {
  for (const tag of tags) {
    const next: TagState = { ...manifest.get(tag) }
    if (durations === undefined) next.expired = now
    else {
      next.stale = now
      if (durations.expire !== undefined) next.expired = now + durations.expire * 1000
    }
    manifest.set(tag, next)
  }
}

/** C41 `getExpiration` of the default handler: the latest `expired` among `tags`, 0 when none. */
export function maxExpiration(manifest: ReadonlyMap<string, TagState>, tags: readonly string[]): number {
  let max = 0
  for (const tag of tags) {
    const expired = manifest.get(tag)?.expired
    if (expired !== undefined && expired > max) max = expired
  }
  return max
}
