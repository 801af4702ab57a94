/**
 * The prerendered answers of one route, by URL path, with Next's ISR rules (C8, C9, C35–C38):
 * - fresh → `HIT`;
 * - past `revalidate` (counted from the build), or a tag revalidated with a profile → the old body once more
 *   as `STALE`, and one background regeneration;
 * - past `expire`, a tag expired (`{ expire: 0 }`, `revalidatePath`), or never rendered (an unlisted param,
 *   R74) → rendered now, `MISS`; concurrent requests share that render.
 * A render that fails is never stored (deviation d): a blocking one answers 500, a background one keeps
 * the old body.
 */
import type { Logger } from '../_internal/logger.ts'
import { cacheState } from '../cache/cache-state.ts'
import { areTagsExpired, areTagsStale } from '../cache/tags.ts'
import { Response } from '../runtime/response.ts'
import type { LoadedRoute } from '../runtime/route-handlers.ts'
import { toCacheControl } from './cache-control.ts'
import type { ParamValue, PrerenderedRoute } from './prerender-manifest.ts'
import { renderEntry, type RenderedEntry } from './render-entry.ts'
import { tagStates, watchTagStates } from './_tag-states.ts'

type CacheState = 'HIT' | 'STALE' | 'MISS'

/** URLs one route keeps at most, so arbitrary params cannot fill the memory. */
const MAX_ENTRIES = 10_000

/** One URL's current answer, with its three header sets built once. */
interface LiveEntry {
  body: string | Uint8Array<ArrayBuffer> | null
  revalidate: number | false
  expire: number
  tags: string[]
  timestamp: number
  init: Record<CacheState, ResponseInit>
  regenerating: boolean
}

/** Answers the GETs of one prerendered route. */
export interface RouteCache {
  /** The answer for `path` (a Response at once when it is stored, a promise when it must render). */
  answer(path: string, params: Record<string, ParamValue> | undefined): Response | Promise<Response>
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
// Up to this size a text body is kept as a string: Node then sends head and body in one write.
const STRING_BODY_LIMIT = 64 * 1024

/** The body as the server writes it fastest: a string when it is text it can re-encode to the same bytes. */
function toBody(
  bytes: Uint8Array,
  headers: RenderedEntry['headers'],
): string | Uint8Array<ArrayBuffer> | null {
  if (bytes.byteLength === 0) return null
  // Without a content-type a string body would gain text/plain; keep the bytes then.
  if (bytes.byteLength <= STRING_BODY_LIMIT && headers['content-type'] !== undefined) {
    try {
      return utf8.decode(bytes)
    } catch {
      // Not UTF-8: bytes it is.
    }
  }
  return bytes as Uint8Array<ArrayBuffer>
}

function toLive(rendered: RenderedEntry): LiveEntry {
  const cacheControl = toCacheControl(rendered.revalidate, rendered.expire)
  const length = String(rendered.body.byteLength)
  // A plain object is the writer's fast path; `set-cookie` lines need a list of pairs to stay apart.
  const cookies = Object.values(rendered.headers).some((value) => Array.isArray(value))
  const init = (state: CacheState): ResponseInit => {
    // C8: the handler's headers, then Next's; a handler's own cache-control is replaced.
    const headers = {
      ...rendered.headers,
      'x-nextjs-cache': state,
      'cache-control': cacheControl,
      'content-length': length,
    }
    return {
      status: rendered.status,
      headers: cookies
        ? Object.entries(headers).flatMap(([name, value]): [string, string][] =>
            Array.isArray(value) ? value.map((line): [string, string] => [name, line]) : [[name, value]],
          )
        : (headers as Record<string, string>),
    }
  }
  return {
    body: toBody(rendered.body, rendered.headers),
    revalidate: rendered.revalidate,
    expire: rendered.expire,
    tags: rendered.tags,
    timestamp: rendered.timestamp,
    init: { HIT: init('HIT'), STALE: init('STALE'), MISS: init('MISS') },
    regenerating: false,
  }
}

/** What a request gets from `entry` at `now`. */
function stateOf(entry: LiveEntry, now: number): CacheState {
  const tagged = tagStates.size > 0
  if (tagged && areTagsExpired(tagStates, entry.tags, entry.timestamp, now)) return 'MISS'
  if (entry.revalidate !== false) {
    if (now > entry.timestamp + entry.expire * 1000) return 'MISS'
    if (now > entry.timestamp + entry.revalidate * 1000) return 'STALE'
  }
  return tagged && areTagsStale(tagStates, entry.tags, entry.timestamp) ? 'STALE' : 'HIT'
}

/** Builds the cache of `route` from its build record; `bodies` maps each prerendered path to its bytes. */
export function createRouteCache(
  route: LoadedRoute,
  record: PrerenderedRoute,
  bodies: ReadonlyMap<string, Uint8Array>,
  logger: Logger,
): RouteCache {
  watchTagStates()
  const entries = new Map<string, LiveEntry>()
  for (const entry of record.entries) {
    entries.set(entry.path, toLive({ ...entry, body: bodies.get(entry.path)!, timestamp: entry.builtAt }))
  }
  const renders = new Map<string, Promise<LiveEntry>>()
  const render = (path: string, params: Record<string, ParamValue> | undefined): Promise<LiveEntry> => {
    let pending = renders.get(path)
    if (pending === undefined) {
      pending = renderEntry(route, path, params, record.revalidate).then(toLive)
      renders.set(path, pending)
      pending.then(
        (live) => {
          // Unlisted params are the client's choice: past the cap they render every time instead (R74).
          if (entries.has(path) || entries.size < MAX_ENTRIES) entries.set(path, live)
          renders.delete(path)
        },
        () => renders.delete(path),
      )
    }
    return pending
  }
  return {
    answer(path, params) {
      const entry = entries.get(path)
      const state = entry === undefined ? 'MISS' : stateOf(entry, cacheState.now())
      if (state === 'HIT') return new Response(entry!.body, entry!.init.HIT)
      if (state === 'STALE') {
        if (!entry!.regenerating) {
          entry!.regenerating = true
          render(path, params).catch((error: unknown) => {
            entry!.regenerating = false
            logger.error(
              `Regenerating ${path} (${route.file}) failed; the previous response is served meanwhile:`,
              error,
            )
          })
        }
        return new Response(entry!.body, entry!.init.STALE)
      }
      return render(path, params).then((live) => new Response(live.body, live.init.MISS))
    },
  }
}
