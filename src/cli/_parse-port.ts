/** `--port` / `$PORT` validation shared by `start` and `dev`. */
import { createError } from '../errors.ts'

/** A whole number from 0 to 65535, or RK_BAD_OPTION naming the value and the fix. */
export function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw createError('RK_BAD_OPTION', {
      option: 'port',
      value,
      expected: 'use a whole number from 0 to 65535 (--port or $PORT)',
    })
  }
  return port
}
