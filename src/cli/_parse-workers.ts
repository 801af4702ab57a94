/** `--workers` / `$ROUTEKIT_WORKERS` validation for `start`. */
import { availableParallelism } from 'node:os'
import { createError } from '../errors.ts'

/**
 * How many worker processes to run: `auto` is one per core the process may use, a whole number is taken as
 * is, absent is 1 (a single process, no cluster). A bad value throws RK_BAD_OPTION naming where it came from.
 */
export function parseWorkers(flag: string | undefined, env: string | undefined): number {
  const from = flag !== undefined ? '--workers' : '$ROUTEKIT_WORKERS'
  // An empty $ROUTEKIT_WORKERS is as good as unset; an empty --workers is a mistake.
  if (flag === undefined && (env === undefined || env.trim() === '')) return 1
  const value = (flag ?? env ?? '').trim()
  if (value === 'auto') return availableParallelism()
  const workers = Number(value)
  if (!/^\d+$/.test(value) || workers < 1 || workers > 1024) {
    throw createError('RK_BAD_OPTION', {
      option: from,
      value,
      expected:
        `use a whole number from 1 to 1024, or "auto" for one per CPU core (${availableParallelism()} here); ` +
        '1 runs a single process',
    })
  }
  return workers
}
