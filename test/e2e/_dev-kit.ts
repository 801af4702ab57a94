/** Helpers for the `routekit dev` end-to-end tests: poll until a change shows over HTTP or in the output. */
import { send, type HttpResult, type RunningServer } from '../_helpers/server.ts'

/** A route module answering `text` to GET. */
export const textRoute = (text: string): string =>
  `export function GET() {\n  return new Response(${JSON.stringify(text)})\n}\n`

/**
 * Polls GET `path` until it answers `status` (and `body`, when given); returns that response. The watcher
 * sees a save a few milliseconds after it, so the first request may still get the previous build.
 */
export async function eventually(
  server: RunningServer,
  path: string,
  status: number,
  body?: string,
): Promise<HttpResult> {
  const end = Date.now() + 15_000
  let last = ''
  while (Date.now() < end) {
    try {
      const r = await send(server.port, 'GET', path)
      last = `${r.status} ${r.body}`
      if (r.status === status && (body === undefined || r.body === body)) return r
    } catch (error) {
      last = String(error)
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`GET ${path} never answered ${status} ${body ?? ''}; last: ${last}`)
}

/** Waits until the server's output matches `pattern`; throws when it never does. */
export async function expectPrinted(server: RunningServer, pattern: RegExp): Promise<void> {
  const end = Date.now() + 15_000
  while (!pattern.test(server.output())) {
    if (Date.now() > end) throw new Error(`never printed ${pattern}:\n${server.output()}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** How often `text` occurs in the server's output. */
export function countPrinted(server: RunningServer, text: string): number {
  return server.output().split(text).length - 1
}
