/** `next/navigation` in route handlers: thrown control-flow errors and the responses they become (R63, R65, R66). */
import { addThrownResponseResolver } from './thrown-response.ts'
import { runtimeFlags } from './runtime-flags.ts'

/** `redirect()`'s history mode; it changes nothing for route handlers (R65). */
export const RedirectType = { push: 'push', replace: 'replace' } as const
export type RedirectType = (typeof RedirectType)[keyof typeof RedirectType]

const REDIRECT = 'NEXT_REDIRECT'
const HTTP_FALLBACK = 'NEXT_HTTP_ERROR_FALLBACK'

/** Next's error shape: the `digest` carries what to answer. */
interface DigestError extends Error {
  digest: string
}

function digestError(message: string, digest: string): never {
  const error = new Error(message) as DigestError
  error.digest = digest
  throw error
}

/** 307 to `url`, verbatim (R65: relative stays relative, basePath is not added). */
export function redirect(url: string, type: RedirectType = RedirectType.replace): never {
  digestError(REDIRECT, `${REDIRECT};${type};${url};307;`)
}

/** 308 to `url`, verbatim (R65). */
export function permanentRedirect(url: string, type: RedirectType = RedirectType.replace): never {
  digestError(REDIRECT, `${REDIRECT};${type};${url};308;`)
}

/** An empty 404 (R63). */
export function notFound(): never {
  digestError(HTTP_FALLBACK, `${HTTP_FALLBACK};404`)
}

/** An empty 403 with `experimental.authInterrupts`; otherwise Next's error → 500 (R66). */
export function forbidden(): never {
  if (!runtimeFlags.authInterrupts) {
    throw new Error(
      '`forbidden()` is experimental and only allowed to be enabled when `experimental.authInterrupts` is enabled.',
    )
  }
  digestError(HTTP_FALLBACK, `${HTTP_FALLBACK};403`)
}

/** An empty 401 with `experimental.authInterrupts`; otherwise Next's error → 500 (R66). */
export function unauthorized(): never {
  if (!runtimeFlags.authInterrupts) {
    throw new Error(
      '`unauthorized()` is experimental and only allowed to be used when `experimental.authInterrupts` is enabled.',
    )
  }
  digestError(HTTP_FALLBACK, `${HTTP_FALLBACK};401`)
}

/** Re-throws Next's control-flow errors so a `try/catch` in user code does not swallow them. */
export function unstable_rethrow(error: unknown): void {
  if (toResponse(error) !== undefined) throw error
}

/** The response a control-flow error stands for. */
function toResponse(error: unknown): Response | undefined {
  const digest = (error as Partial<DigestError> | null)?.digest
  if (typeof digest !== 'string') return undefined
  if (digest.startsWith(`${REDIRECT};`)) {
    const parts = digest.split(';')
    const status = Number(parts.at(-2))
    const location = parts.slice(2, -2).join(';')
    return new Response(null, { status, headers: { location } })
  }
  if (digest.startsWith(`${HTTP_FALLBACK};`)) {
    return new Response(null, { status: Number(digest.slice(HTTP_FALLBACK.length + 1)) })
  }
  return undefined
}

addThrownResponseResolver(toResponse)
