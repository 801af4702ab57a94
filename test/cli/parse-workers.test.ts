// `routekit start --workers` / $ROUTEKIT_WORKERS (docs/deploy.md#cluster-workers).
import { availableParallelism } from 'node:os'
import { describe, expect, it } from 'vitest'
import { parseWorkers } from '../../src/cli/_parse-workers.ts'

describe('parseWorkers', () => {
  it('is 1 (a single process) when neither the flag nor the variable is set, or the variable is empty', () => {
    expect(parseWorkers(undefined, undefined)).toBe(1)
    expect(parseWorkers(undefined, ' ')).toBe(1)
  })

  it('takes a whole number, and "auto" as one worker per available core', () => {
    expect(parseWorkers('4', undefined)).toBe(4)
    expect(parseWorkers('1', undefined)).toBe(1)
    expect(parseWorkers('auto', undefined)).toBe(availableParallelism())
  })

  it('prefers the flag over $ROUTEKIT_WORKERS', () => {
    expect(parseWorkers('2', '8')).toBe(2)
    expect(parseWorkers(undefined, '3')).toBe(3)
  })

  it.each(['0', '-1', '1.5', 'two', '', '1e2', '0x2', '1025'])(
    'refuses --workers %j, naming the flag and the fix',
    (value) => {
      expect(() => parseWorkers(value, undefined)).toThrow(
        `[RK_BAD_OPTION] Invalid --workers "${value}": use a whole number from 1 to 1024, or "auto" for one per CPU core`,
      )
    },
  )

  it('names $ROUTEKIT_WORKERS when the bad value came from it', () => {
    expect(() => parseWorkers(undefined, 'many')).toThrow('Invalid $ROUTEKIT_WORKERS "many"')
  })
})
