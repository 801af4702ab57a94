/**
 * Every error Routekit reports, in one table: a stable code, a message template that names the file,
 * route or limit and the fix, and the HTTP status used when the error reaches a client.
 */

type Template<P> = (params: P) => string

interface ErrorDef<P> {
  /** HTTP status when this error answers a request; build-time errors use 500. */
  status: number
  message: Template<P>
}

function def<P>(status: number, message: Template<P>): ErrorDef<P> {
  return { status, message }
}

const list = (files: readonly string[]): string => files.map((f) => `  - ${f}`).join('\n')

export const ERRORS = {
  // ---- scanner (spec §A) -------------------------------------------------------------------
  RK_APP_DIR_MISSING: def<{ dir: string }>(
    500,
    (p) => `No app directory found in ${p.dir}: create app/ (or src/app/) holding your route.ts files.`,
  ),
  RK_APP_DIR_BOTH: def<{ app: string; srcApp: string }>(
    500,
    (p) =>
      `Both ${p.app} and ${p.srcApp} exist. Next.js silently ignores ${p.srcApp}; Routekit refuses to guess: ` +
      `move your routes into one of them and delete the other.`,
  ),
  RK_PAGE_AND_ROUTE: def<{ route: string; page: string; url: string }>(
    500,
    (p) =>
      `${p.route} and ${p.page} both answer ${p.url}: a URL is served by a route.ts or by a page, ` +
      `not both. Move the route handler into its own folder (e.g. ${p.url === '/' ? '' : p.url}/api).`,
  ),
  RK_DUPLICATE_URL: def<{ url: string; files: readonly string[] }>(
    500,
    (p) =>
      `These route files all resolve to ${p.url}:\n${list(p.files)}\n` +
      `Route groups (name) and @slot folders add nothing to the URL, and one folder holds one route file. ` +
      `Keep one of them, or move the others to a different path.`,
  ),
  RK_PARAM_NAME_MISMATCH: def<{ pattern: string; segments: readonly string[]; files: readonly string[] }>(
    500,
    (p) =>
      `Different names for one dynamic segment (${p.segments.join(', ')}) at ${p.pattern}:\n` +
      `${list(p.files)}\nURLs cannot tell these apart (Next.js rejects this too); rename the folders to one name.`,
  ),
  RK_PARAM_REPEATED: def<{ name: string; file: string }>(
    500,
    (p) => `${p.file} uses the parameter name "${p.name}" twice in one path; rename one of them.`,
  ),
  RK_PARAM_NAMES_SIMILAR: def<{ names: readonly [string, string]; file: string }>(
    500,
    (p) =>
      `${p.file} uses the parameter names "${p.names[0]}" and "${p.names[1]}", which differ only by ` +
      `non-word characters; Next.js cannot tell them apart: rename one of them.`,
  ),
  RK_CATCHALL_AND_OPTIONAL: def<{ files: readonly string[] }>(
    500,
    (p) =>
      `A required and an optional catch-all at the same level:\n${list(p.files)}\n` +
      `Keep one: [[...x]] already matches everything [...x] does, plus the bare path.`,
  ),
  RK_OPTIONAL_CATCHALL_SPECIFICITY: def<{ files: readonly string[]; url: string }>(
    500,
    (p) =>
      `These routes both answer ${p.url}, because an optional catch-all also matches zero segments:\n` +
      `${list(p.files)}\nRemove the route at ${p.url}, or make the catch-all required ([...x]).`,
  ),
  RK_CATCHALL_NOT_LAST: def<{ segment: string; file: string }>(
    500,
    (p) =>
      `${p.file}: the catch-all segment "${p.segment}" must be the last segment of the path; ` +
      `move the folders below it up, or use a dynamic segment [x] instead.`,
  ),
  RK_BAD_SEGMENT: def<{ segment: string; file: string; reason: string }>(
    500,
    (p) => `${p.file}: the folder name "${p.segment}" is not a valid segment: ${p.reason}.`,
  ),
  RK_SEGMENT_CONFIG_CACHE_COMPONENTS: def<{ file: string; name: string; config: string }>(
    500,
    (p) =>
      `${p.file}: Route segment config "${p.name}" is not compatible with \`nextConfig.cacheComponents\`. Please remove it ` +
      `(or turn cacheComponents off in ${p.config}).`,
  ),
  RK_ROUTE_ERRORS: def<{ count: number; messages: readonly string[] }>(
    500,
    (p) => `${p.count} routing error${p.count === 1 ? '' : 's'}:\n\n${p.messages.join('\n\n')}`,
  ),

  // ---- compiler / build output -------------------------------------------------------------
  RK_BUILD_FAILED: def<{ dir: string; detail: string }>(500, (p) => `Build of ${p.dir} failed:\n${p.detail}`),
  RK_NO_BUILD: def<{ dir: string }>(
    500,
    (p) => `No build found in ${p.dir}/.routekit: run \`routekit build ${p.dir}\` before \`routekit start\`.`,
  ),
  RK_BUILD_VERSION: def<{ dir: string; found: number; expected: number }>(
    500,
    (p) =>
      `${p.dir}/.routekit was written by another Routekit version (manifest ${p.found}, expected ${p.expected}); ` +
      `run \`routekit build ${p.dir}\` again.`,
  ),
  RK_PRERENDER_FAILED: def<{ pattern: string; file: string; path: string; detail: string }>(
    500,
    (p) =>
      `Error occurred prerendering route "${p.path}" (${p.file}). Read more: https://nextjs.org/docs/messages/prerender-error\n` +
      `${p.detail}\nExport encountered an error on ${p.pattern === '/' ? '' : p.pattern}/route: ${p.path}, exiting the build. ` +
      `Fix the error, or make the GET dynamic (read the request or await connection()) so it runs per request instead.`,
  ),
  RK_PRERENDER_CRASHED: def<{ detail: string }>(500, (p) => `Prerendering failed: ${p.detail}`),
  RK_MODULE_LOAD: def<{ file: string; detail: string }>(500, (p) => `Loading ${p.file} failed: ${p.detail}`),

  // ---- config --------------------------------------------------------------------------------
  RK_CONFIG_INVALID: def<{ file: string; detail: string }>(500, (p) => `${p.file}: ${p.detail}.`),

  // ---- cli -----------------------------------------------------------------------------------
  RK_BAD_OPTION: def<{ option: string; value: string; expected: string }>(
    500,
    (p) => `Invalid ${p.option} "${p.value}": ${p.expected}.`,
  ),

  // ---- cache (spec caching.md §3–§6) ---------------------------------------------------------
  RK_USE_CACHE_DISABLED: def<{ at: string; directive: string }>(
    500,
    (p) =>
      `${p.at}: "${p.directive}" needs \`cacheComponents: true\` in next.config (C16). ` +
      'Add it to next.config, or remove the directive.',
  ),
  RK_USE_CACHE_NOT_ASYNC: def<{ at: string; directive: string; name: string }>(
    500,
    (p) =>
      `${p.at}: "${p.directive}" functions must be async functions, and ${p.name} is not (C18). ` +
      'Make it `async` (its callers then await it), or remove the directive.',
  ),
  RK_USE_CACHE_GENERATOR: def<{ at: string; directive: string; name: string }>(
    500,
    (p) =>
      `${p.at}: "${p.directive}" cannot cache the generator ${p.name}: an iterator is not data. ` +
      'Collect the items into an array in an async function and cache that.',
  ),
  RK_USE_CACHE_IN_ROUTE_HANDLER: def<{ at: string; directive: string; method: string }>(
    500,
    (p) =>
      `${p.at}: "${p.directive}" cannot cache the route handler ${p.method} itself: a Response is not cacheable ` +
      `data (C19). Move the data work into a helper — \`async function getData() { "use cache"; … }\` — ` +
      `call it from ${p.method}, and build the Response there.`,
  ),
  RK_USE_CACHE_ROUTE_FILE: def<{ at: string; directive: string }>(
    500,
    (p) =>
      `${p.at}: a file-level "${p.directive}" in a route file would cache its handlers, and a Response is not ` +
      'cacheable data (C19). Remove it and put the directive in a helper (here or in lib/) that returns plain data.',
  ),
  RK_USE_CACHE_BAD_EXPORT: def<{ at: string; directive: string; name: string; what: string }>(
    500,
    (p) =>
      `${p.at}: a "${p.directive}" file may only export async functions, and ${p.name} is ${p.what} (C17). ` +
      'Move it to another module, or make it an async function.',
  ),
  RK_USE_CACHE_CLASS_METHOD: def<{ at: string; directive: string; name: string }>(
    500,
    (p) =>
      `${p.at}: "${p.directive}" cannot mark the class method ${p.name}. ` +
      'Move its body into an async function (or an object method) and call that from the method.',
  ),
  RK_USE_CACHE_UNKNOWN_KIND: def<{ at: string; directive: string; kind: string }>(
    500,
    (p) =>
      `${p.at}: unknown cache kind "${p.kind}" in "${p.directive}" (C40). Configure \`cacheHandlers: { "${p.kind}": … }\` ` +
      'in next.config, or use "use cache", "use cache: remote" or "use cache: private".',
  ),
  RK_CACHE_UNSERIALIZABLE: def<{ fn: string; path: string; received: string }>(
    500,
    (p) =>
      `The "use cache" function ${p.fn} returned a value that cannot be cached: ${p.path} is ${p.received} (C24). ` +
      'Return plain objects, arrays, primitives, Date, Map, Set, BigInt or typed arrays, and build the Response ' +
      '(or class instance) outside the cached function.',
  ),
  RK_CACHE_HANDLER_INVALID: def<{ kind: string; file: string; missing: readonly string[] }>(
    500,
    (p) =>
      `cacheHandlers.${p.kind} (${p.file}) does not export a cache handler: ${p.missing.join(', ')} missing (C41). ` +
      'Export (default or module.exports) an object with get, set, refreshTags, getExpiration and updateTags.',
  ),
  RK_CACHE_HANDLER_NOT_BUILT: def<{ kind: string; file: string; expected: string }>(
    500,
    (p) =>
      `cacheHandlers.${p.kind} is a TypeScript file (${p.file}) and its compiled copy ${p.expected} is missing: ` +
      'run `routekit build` again, or write the handler in JavaScript (.js/.mjs/.cjs).',
  ),

  RK_REDIS_URL_INVALID: def<{ source: string; url: string; problem: string }>(
    500,
    (p) =>
      `${p.source}: the Redis URL "${p.url}" is invalid (${p.problem}). ` +
      'Give redis://[user:password@]host[:port][/db] (rediss:// for TLS), e.g. --redis redis://127.0.0.1:6379.',
  ),
  RK_REDIS_URL_MISSING: def<{ kind: string }>(
    500,
    (p) =>
      `cacheHandlers.${p.kind} is routekit/cache-handlers/redis, but no Redis URL is set: pass --redis <url> to ` +
      'routekit start, or set ROUTEKIT_REDIS_URL.',
  ),

  // ---- limits, timeouts, faults and shutdown (docs/deploy.md) --------------------------------
  RK_LIMIT_INVALID: def<{ source: string; key: string; value: string; expected: string }>(
    500,
    (p) => `${p.source}: invalid ${p.key} ${p.value}; ${p.expected}.`,
  ),
  RK_CONFIG_UNKNOWN_KEY: def<{ file: string; key: string; known: readonly string[] }>(
    500,
    (p) =>
      `${p.file}: "${p.key}" is not a Routekit option; use one of ${p.known.join(', ')} ` +
      '(Next.js options belong in next.config).',
  ),
  RK_BODY_TOO_LARGE: def<{ limit: number; path: string }>(
    413,
    (p) =>
      `The request body for ${p.path} is larger than the ${p.limit}-byte bodyLimit; ` +
      `raise \`bodyLimit\` in routekit.config.ts (or \`routekit start --body-limit\`) if this route needs more.`,
  ),
  RK_REQUEST_ABORTED: def<{ path: string }>(
    400,
    (p) =>
      `The client closed the connection before it sent the whole request body for ${p.path}; there is no one to ` +
      'answer, so nothing is logged. A handler that catches this error need not respond.',
  ),
  RK_URL_TOO_LONG: def<{ limit: number; path: string }>(
    414,
    (p) =>
      `A request for ${p.path} had a URL longer than the ${p.limit}-byte maxUrlLength (answered 414); ` +
      'raise `maxUrlLength` in routekit.config.ts (or `routekit start --max-url-length`) if clients need longer URLs.',
  ),
  RK_HEADERS_TOO_LARGE: def<{ limit: number }>(
    431,
    (p) =>
      `A request head (request line + headers) was larger than the ${p.limit}-byte maxHeaderSize (answered 431); ` +
      'raise `maxHeaderSize` in routekit.config.ts (or `routekit start --max-header-size`) if clients send large cookies or tokens.',
  ),
  RK_REQUEST_TIMEOUT: def<{ headersTimeout: number; requestTimeout: number }>(
    408,
    (p) =>
      `A client did not send its request in time: the head within the ${p.headersTimeout} ms headersTimeout, or the ` +
      `whole request within the ${p.requestTimeout} ms requestTimeout (answered 408); raise \`headersTimeout\` or ` +
      '`requestTimeout` in routekit.config.ts (or `routekit start --headers-timeout/--request-timeout`) for slow clients or large uploads.',
  ),
  RK_TOO_MANY_CONNECTIONS: def<{ limit: number }>(
    503,
    (p) =>
      `A connection arrived while ${p.limit} were open, the maxConnections limit (answered 503); ` +
      'raise `maxConnections` in routekit.config.ts (or `routekit start --max-connections`), or add instances.',
  ),
  RK_HANDLER_TIMEOUT: def<{ method: string; url: string; file: string; ms: number; setting: string }>(
    504,
    (p) =>
      `${p.method} ${p.url}: ${p.file} returned no Response within ${p.ms} ms (${p.setting}); answered 504. ` +
      'Make the handler answer sooner, or raise `export const maxDuration` (seconds) in that file, or ' +
      '`handlerTimeout` in routekit.config.ts (`routekit start --handler-timeout`) for every route.',
  ),
  RK_UNHANDLED_REJECTION: def<{ file: string }>(
    500,
    (p) =>
      `A promise rejected and nothing handled it (from ${p.file}); the server keeps serving. ` +
      'Await the promise, or add a .catch() where it is created:',
  ),
  RK_UNCAUGHT_EXCEPTION: def<{ file: string; ms: number }>(
    500,
    (p) =>
      `An exception was thrown outside any request (from ${p.file}), so the process state is unknown: ` +
      `Routekit stops accepting connections, lets in-flight requests finish (drainTimeout ${p.ms} ms) and ` +
      'exits with code 1 for your supervisor to restart it. Catch the error where it is thrown (timer, event listener):',
  ),
  RK_DRAIN_TIMEOUT: def<{ ms: number; open: number }>(
    500,
    (p) =>
      `Shutdown: ${p.open} connection${p.open === 1 ? ' was' : 's were'} still busy after the ${p.ms} ms drainTimeout ` +
      'and were closed; raise `drainTimeout` in routekit.config.ts (or `routekit start --drain-timeout`) ' +
      'if requests or after() callbacks need longer to finish.',
  ),
  RK_SHUTDOWN_HOOK_FAILED: def<{ name: string }>(
    500,
    (p) => `Shutdown: closing ${p.name} failed; the process exits anyway:`,
  ),

  // ---- cluster workers (docs/deploy.md#cluster-workers) --------------------------------------
  RK_WORKER_EXITED: def<{ id: number; pid: number | undefined; how: string; ms: number; restarts: number }>(
    500,
    (p) =>
      `Worker ${p.id} (pid ${p.pid ?? '?'}) exited unexpectedly (${p.how}); restarting it in ${p.ms} ms ` +
      `(restart ${p.restarts} since start). Its own log lines above say why; a worker that keeps exiting is ` +
      'restarted ever more slowly.',
  ),
  RK_WORKER_START_FAILED: def<{ id: number; pid: number | undefined; how: string }>(
    500,
    (p) =>
      `Worker ${p.id} (pid ${p.pid ?? '?'}) exited (${p.how}) before it was listening, so the cluster cannot ` +
      'start: stopping the other workers. Its error is above; fix it (or run without --workers to see it alone) ' +
      'and start again.',
  ),

  // ---- proxy (spec proxy.md) -----------------------------------------------------------------
  RK_PROXY_BOTH_FILES: def<{ middleware: string; proxy: string }>(
    500,
    (p) =>
      `Both middleware file "./${p.middleware}" and proxy file "./${p.proxy}" are detected. ` +
      `Please use "./${p.proxy}" only (P3): move the middleware code into it and delete ${p.middleware}.`,
  ),
  RK_PROXY_DUPLICATE: def<{ files: readonly string[] }>(
    500,
    (p) =>
      `Several proxy files exist:\n${list(p.files)}\nKeep one of them; Next.js would silently use only one.`,
  ),
  RK_PROXY_EXPORT: def<{ file: string; kind: string; name: string; found: string }>(
    500,
    (p) =>
      `${p.file}: ${p.kind} is missing expected function export name. Ensure this file has either a default or ` +
      `"${p.name}" function export (P2; found: ${p.found}).`,
  ),
  RK_PROXY_CONFIG_NOT_STATIC: def<{ at: string; path: string; detail: string }>(
    500,
    (p) =>
      `${p.at}: ${p.path === 'config.matcher' || p.path.startsWith('config.matcher[') ? 'matcher needs to be a static string or array of static strings or array of static objects' : `${p.path} must be a static value`} ` +
      `(${p.detail} at ${p.path}). Write the value inline as a literal in \`export const config = { … }\`: it is read at build, not run (P5).`,
  ),
  RK_PROXY_MATCHER_INVALID: def<{ file: string; path: string; reason: string }>(
    500,
    (p) =>
      `${p.file}: invalid ${p.path}: ${p.reason}. See https://nextjs.org/docs/app/api-reference/file-conventions/proxy#matcher`,
  ),
  RK_PROXY_EDGE_RUNTIME: def<{ file: string }>(
    500,
    (p) =>
      `${p.file}: Next.js can't recognize the exported config field in route. Proxy does not support Edge runtime. ` +
      `Remove \`runtime: 'edge'\` from its config: a proxy always runs on Node.js (P4).`,
  ),
  RK_PROXY_THREW: def<{ file: string; method: string; url: string }>(
    500,
    (p) => `${p.method} ${p.url} failed in the proxy ${p.file}:`,
  ),

  // ---- runtime (spec §B, §F) ---------------------------------------------------------------
  RK_NON_RESPONSE: def<{ file: string; received: string; method: string; url: string }>(
    500,
    (p) =>
      `No response is returned from route handler '${p.file}'. Expected a Response object but received ` +
      `'${p.received}' (method: ${p.method}, url: ${p.url}). Ensure you return a \`Response\` or a ` +
      `\`NextResponse\` in all branches of your handler.`,
  ),
  RK_HANDLER_THREW: def<{ file: string; method: string; url: string }>(
    500,
    (p) => `${p.method} ${p.url} failed in ${p.file}:`,
  ),
  RK_BAD_PERCENT_ENCODING: def<{ path: string }>(
    400,
    (p) => `Malformed percent-encoding in path ${p.path}: escape "%" as "%25".`,
  ),
} as const

export type ErrorCode = keyof typeof ERRORS
type ParamsOf<C extends ErrorCode> = Parameters<(typeof ERRORS)[C]['message']>[0]

/** An error from the table above: `code` is stable, `message` is for humans. */
export class RoutekitError extends Error {
  readonly code: ErrorCode
  readonly status: number
  /** Nested problems, for errors that report several at once (all routing conflicts of a build). */
  readonly problems: readonly RoutekitError[]

  constructor(code: ErrorCode, message: string, status: number, problems: readonly RoutekitError[] = []) {
    super(message)
    this.name = 'RoutekitError'
    this.code = code
    this.status = status
    this.problems = problems
  }
}

/** Builds the error `code` with its message filled from `params`. */
export function createError<C extends ErrorCode>(code: C, params: ParamsOf<C>): RoutekitError {
  const entry = ERRORS[code] as ErrorDef<ParamsOf<C>>
  return new RoutekitError(code, `[${code}] ${entry.message(params)}`, entry.status)
}

/** Folds several problems into one error that lists them all, so a build reports every conflict at once. */
export function combineErrors(problems: readonly RoutekitError[]): RoutekitError {
  if (problems.length === 1) return problems[0]!
  const entry = ERRORS.RK_ROUTE_ERRORS
  const message = entry.message({ count: problems.length, messages: problems.map((p) => p.message) })
  return new RoutekitError('RK_ROUTE_ERRORS', `[RK_ROUTE_ERRORS] ${message}`, entry.status, problems)
}
