// Module versions of the dev output (src/dev/_version-modules.ts).
import { describe, expect, it } from 'vitest'
import { versionModules, type VersionNode } from '../../src/dev/_version-modules.ts'

const graph = (nodes: Record<string, [hash: string, deps: string[]]>): Map<string, VersionNode> =>
  new Map(Object.entries(nodes).map(([id, [hash, deps]]) => [id, { hash, deps }]))

describe('versionModules', () => {
  it('changes the version of a module and of everything that imports it, directly or not', () => {
    const before = versionModules(
      graph({ route: ['r', ['lib']], lib: ['l', ['leaf']], leaf: ['1', []], other: ['o', []] }),
    )
    const after = versionModules(
      graph({ route: ['r', ['lib']], lib: ['l', ['leaf']], leaf: ['2', []], other: ['o', []] }),
    )
    expect(after.get('leaf')).not.toBe(before.get('leaf'))
    expect(after.get('lib')).not.toBe(before.get('lib'))
    expect(after.get('route')).not.toBe(before.get('route'))
    expect(after.get('other')).toBe(before.get('other'))
  })

  it('keeps the versions of modules a changed module imports', () => {
    const before = versionModules(graph({ route: ['r1', ['lib']], lib: ['l', []] }))
    const after = versionModules(graph({ route: ['r2', ['lib']], lib: ['l', []] }))
    expect(after.get('lib')).toBe(before.get('lib'))
    expect(after.get('route')).not.toBe(before.get('route'))
  })

  it('gives the modules of a cycle one version that follows any member', () => {
    const nodes = { route: ['r', ['a']], a: ['a', ['b']], b: ['b1', ['a', 'leaf']], leaf: ['x', []] } as const
    const before = versionModules(graph(structuredClone(nodes) as never))
    expect(before.get('a')).toBe(before.get('b'))
    const after = versionModules(graph({ ...structuredClone(nodes), b: ['b2', ['a', 'leaf']] } as never))
    expect(after.get('a')).not.toBe(before.get('a'))
    expect(after.get('route')).not.toBe(before.get('route'))
    expect(after.get('leaf')).toBe(before.get('leaf'))
  })

  it('handles an import chain deeper than the call stack', () => {
    const nodes = new Map<string, VersionNode>()
    for (let i = 0; i < 12_000; i++)
      nodes.set(`m${i}`, { hash: String(i), deps: i === 11_999 ? [] : [`m${i + 1}`] })
    expect(versionModules(nodes).size).toBe(12_000)
  })
})
