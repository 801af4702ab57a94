/** Turns rolldown's logs and errors into Routekit's messages: `file:line:col: problem`, a code frame, no stack. */
import type { RolldownLog } from 'rolldown'
import { createError, type RoutekitError } from '../errors.ts'

/** Absolute path → the path shown to the user (project-relative). */
export type ToDisplayPath = (file: string) => string

// rolldown prefixes messages with `[CODE] ` and draws a box under the first line; the box repeats the frame,
// except for its `Note:`/`Help:` lines, which carry the fix and are kept.
const CODE_PREFIX = /^\[[A-Z_]+\]\s*/
const HINT = /(?:Note|Help): .*/

/** One log as `app/x/route.ts:4:3: Unexpected token` followed by its frame and hints. */
export function formatLog(log: RolldownLog, display: ToDisplayPath): string {
  const lines = log.message.split('\n')
  const problem = (lines[0] ?? '').replace(CODE_PREFIX, '').trim()
  const hints = lines.flatMap((line) => HINT.exec(line)?.[0] ?? [])
  const file = log.loc?.file ?? log.id
  // rolldown's columns are 0-based; editors and `file:line:col` links count from 1.
  const where =
    file === undefined
      ? ''
      : log.loc === undefined
        ? display(file)
        : `${display(file)}:${log.loc.line}:${log.loc.column + 1}`
  const plugin = log.plugin === undefined ? '' : `[${log.plugin}] `
  const head = where === '' ? `${plugin}${problem}` : `${where}: ${plugin}${problem}`
  const frame = log.frame === undefined ? '' : `\n${indent(log.frame)}`
  return `${head}${frame}${hints.map((hint) => `\n  ${hint}`).join('')}`
}

/** A failed bundle as RK_BUILD_FAILED listing every problem: rolldown's errors, then the `extra` logs. */
export function toBuildError(
  error: unknown,
  extra: readonly RolldownLog[],
  dir: string,
  display: ToDisplayPath,
): RoutekitError {
  const logs = [...((error as { errors?: RolldownLog[] } | null)?.errors ?? []), ...extra]
  const detail =
    logs.length > 0
      ? logs.map((log) => formatLog(log, display)).join('\n\n')
      : error instanceof Error
        ? error.message
        : String(error)
  return createError('RK_BUILD_FAILED', { dir, detail })
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')
}
