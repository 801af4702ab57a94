import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { typegenCommand } from '../../src/cli/typegen.ts'
import { copyFixture } from './_fixture.ts'

/** Runs the command in-process and returns what it printed. */
async function run(dir: string): Promise<{ code: number; out: string }> {
  const lines: string[] = []
  vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line))
  const code = await typegenCommand.run([dir])
  return { code, out: lines.join('\n') }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('routekit typegen', () => {
  it('scans the app and writes .routekit/types/', async () => {
    const dir = copyFixture('typegen-app')
    const { code, out } = await run(dir)
    expect(code).toBe(0)
    expect(out).toMatch(/Types generated for 6 routes in \d+ ms/)
    expect(out).toMatch(/\(\d+ written\)/)
    expect(out).not.toContain('Add ".routekit/types/**/*.ts"')
    const routes = readFileSync(join(dir, '.routekit', 'types', 'routes.d.ts'), 'utf8')
    expect(routes).toContain('"/products/[...slug]": { "slug": string[]; }')
  })

  it('says up to date when nothing changed', async () => {
    const dir = copyFixture('typegen-app')
    await run(dir)
    vi.restoreAllMocks()
    expect((await run(dir)).out).toContain('(up to date)')
  })

  it('prints the tsconfig include line while it is missing', async () => {
    const dir = copyFixture('typegen-app', { 'tsconfig.json': '{ "include": ["**/*.ts"] }' })
    expect((await run(dir)).out).toContain(
      'Add ".routekit/types/**/*.ts" to "include" in tsconfig.json so tsc checks route params and handler signatures.',
    )
  })
})
