import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { emitNextModules, scanNextModules } from '../../src/typegen/emit-next-modules.ts'
import { tempDir } from './_fixture.ts'

describe('emitNextModules', () => {
  it('re-exports each Routekit entry by absolute path and declares next/* as it (snapshot)', async () => {
    const files = emitNextModules(['server', 'headers', 'navigation', 'cache'], '/opt/routekit/dist/')
    const text = [...files].map(([name, content]) => `// ==== ${name}\n${content}`).join('\n')
    await expect(text).toMatchFileSnapshot('./__snapshots__/next-modules.snap')
  })

  it('declares only the modules it is given, with and without the .js extension', () => {
    const ambient = emitNextModules(['server'], '/d').get('next-modules.d.cts') ?? ''
    expect(ambient).toContain('declare module "next/server" {')
    expect(ambient).toContain('declare module "next/server.js" {')
    expect(ambient).not.toContain('next/cache')
  })

  it('writes forward slashes for a Windows dist path', () => {
    const files = emitNextModules(['server'], 'C:\\rk\\dist')
    expect(files.get('next-server.d.mts')).toContain('export * from "C:/rk/dist/server.js"')
  })
})

describe('scanNextModules', () => {
  it('lists the entries whose declarations the dist folder holds', () => {
    const dist = tempDir('rk-dist-')
    mkdirSync(dist, { recursive: true })
    writeFileSync(join(dist, 'server.d.ts'), '')
    writeFileSync(join(dist, 'navigation.d.ts'), '')
    expect(scanNextModules(dist)).toEqual(['server', 'navigation'])
  })
})
