/** One warning per limit per process: enough for an operator to learn a limit bites, too little to flood the log. */
import type { Logger } from '../../_internal/logger.ts'

const warned = new Set<string>()

/** Logs `message()` the first time `key` is seen; the message is only built then. */
export function warnOnce(logger: Logger, key: string, message: () => string): void {
  if (warned.has(key)) return
  warned.add(key)
  logger.warn(`${message()} (Logged once; later requests that cross this limit are answered the same way.)`)
}
