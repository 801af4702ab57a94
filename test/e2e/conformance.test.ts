// The public Next.js conformance suite (../shared/conformance), one vitest test per recorded case.
// Cases another issue still owns are listed in PENDING and expected to fail, so they flip loudly when done.
import { beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../_helpers/server.ts'

const SUITE = process.env.ROUTEKIT_CONFORMANCE ?? join(ROOT, '..', 'shared', 'conformance')
const APPS = ['routing', 'http', 'proxy', 'caching']
/** case name → the issue that owns it. */
const PENDING: Record<string, string> = {}

interface CaseResult {
  app: string
  name: string
  status: 'pass' | 'fail' | 'skip'
  errors?: string[]
}

const available = existsSync(join(SUITE, 'run.mjs'))

describe.runIf(available)('conformance', () => {
  describe.each(APPS)('%s', (app) => {
    const results = new Map<string, CaseResult>()
    beforeAll(() => {
      const run = spawnSync(
        process.execPath,
        [join(ROOT, 'scripts', 'conformance.mjs'), '--only', app, '--json'],
        {
          encoding: 'utf8',
          env: { ...process.env, ROUTEKIT_CONFORMANCE: SUITE },
          timeout: 240_000,
        },
      )
      const report = JSON.parse(run.stdout) as { results: CaseResult[] }
      for (const r of report.results) results.set(r.name, r)
    }, 250_000)
    const cases = JSON.parse(readFileSync(join(SUITE, 'public', app, 'cases.json'), 'utf8')) as {
      name: string
    }[]
    for (const { name } of cases) {
      const pending = PENDING[`${app} › ${name}`]
      const test = pending === undefined ? it : it.fails
      test(`${name}${pending === undefined ? '' : ` (pending: ${pending})`}`, () => {
        const result = results.get(name)
        expect(result?.errors ?? [], `${app} › ${name}`).toEqual([])
        expect(result?.status).toBe('pass')
      })
    }
  })
})
