import { describe, expect, it } from 'vitest'
import type { IncomingMessage } from 'node:http'
import { defaultConfig, type ResolvedConfig } from '../../src/config/resolved-config.ts'
import { applyRewrite, createConfigRoutes } from '../../src/proxy/create-config-routes.ts'

const input = (search = '', headers: Record<string, string> = {}) => ({
  req: { headers } as unknown as IncomingMessage,
  search,
})

function routes(config: Partial<ResolvedConfig>) {
  const compiled = createConfigRoutes({ ...defaultConfig(), ...config })
  if (compiled === undefined) throw new Error('expected rules')
  return compiled
}

describe('createConfigRoutes', () => {
  it('returns undefined without rules, so the server keeps its plain path', () => {
    expect(createConfigRoutes(defaultConfig())).toBeUndefined()
  })

  it('matches headers case-insensitively, with an optional trailing slash, filling params (P6, P20)', () => {
    const r = routes({
      headers: [
        {
          source: '/api/:id',
          headers: [
            { key: 'X-Id', value: 'id-:id' },
            { key: 'set-cookie', value: 'a=1' },
          ],
        },
        { source: '/api/:path*', headers: [{ key: 'set-cookie', value: 'b=2' }] },
      ],
    })
    expect(r.headers('/API/7/', input())).toEqual({ 'x-id': 'id-7', 'set-cookie': ['a=1', 'b=2'] })
    expect(r.headers('/other', input())).toBeUndefined()
  })

  it('redirects with the request query carried over and the status Next picks (P20)', () => {
    const r = routes({
      redirects: [
        { source: '/old/:rest*', destination: '/new/:rest*?via=old', permanent: true },
        { source: '/t', destination: 'https://example.test/x', permanent: false },
        { source: '/s', destination: '/y', statusCode: 301 },
      ],
    })
    expect(r.redirect('/old/a/b', input('?q=a b'))).toEqual({
      status: 308,
      location: '/new/a/b?q=a%20b&via=old',
    })
    expect(r.redirect('/t', input())).toEqual({ status: 307, location: 'https://example.test/x' })
    expect(r.redirect('/s', input())?.status).toBe(301)
  })

  it('never redirects /_next paths, and prefixes the basePath to relative destinations', () => {
    const r = routes({
      basePath: '/base',
      redirects: [{ source: '/:path*', destination: '/moved', permanent: false }],
    })
    expect(r.redirect('/_next/x', input())).toBeUndefined()
    expect(r.redirect('/a', input())?.location).toBe('/base/moved')
  })

  it('applies has conditions and their captures', () => {
    const r = routes({
      redirects: [
        {
          source: '/go',
          destination: '/to/:lang',
          permanent: false,
          has: [{ type: 'header', key: 'accept-language', value: '(?<lang>[a-z]{2}).*' }],
        },
      ],
    })
    expect(r.redirect('/go', input('', { 'accept-language': 'fr-FR' }))?.location).toBe('/to/fr')
    expect(r.redirect('/go', input())).toBeUndefined()
  })

  it('rewrites to a path, an absolute URL, or nothing outside the basePath', () => {
    const r = routes({
      basePath: '/base',
      rewrites: {
        beforeFiles: [{ source: '/a/:x', destination: '/b/:x' }],
        afterFiles: [{ source: '/ext/:x', destination: 'https://up.test/:x?k=1' }],
        fallback: [{ source: '/out', destination: '/elsewhere', basePath: false }],
      },
    })
    expect(applyRewrite(r, r.rewrites.beforeFiles[0]!, '/a/1', input())).toBe('/b/1')
    expect(applyRewrite(r, r.rewrites.beforeFiles[0]!, '/z', input())).toBeUndefined()
    expect(applyRewrite(r, r.rewrites.afterFiles[0]!, '/ext/2', input())).toBe('https://up.test/2?k=1')
    expect(applyRewrite(r, r.rewrites.fallback[0]!, '/x', input())).toBeUndefined()
    expect(r.matchesRewrite('/a/1', input())).toBe(true)
    expect(r.matchesRewrite('/nothing', input())).toBe(false)
  })
})
