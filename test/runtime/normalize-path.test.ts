import { describe, expect, it } from 'vitest'
import { normalizePath } from '../../src/runtime/normalize-path.ts'

describe('normalizePath', () => {
  it.each([
    ['/api/hello', false, { pathname: '/api/hello', redirect: undefined }],
    ['/', false, { pathname: '/', redirect: undefined }],
    ['/api/hello/', false, { pathname: '/api/hello', redirect: '/api/hello' }],
    ['//api/hello', false, { pathname: '/api/hello', redirect: '/api/hello' }],
    ['/tree/a//b', false, { pathname: '/tree/a/b', redirect: '/tree/a/b' }],
    ['/echo/x/../y', false, { pathname: '/echo/y', redirect: undefined }],
    ['/echo/./y', false, { pathname: '/echo/y', redirect: undefined }],
    ['/../../x', false, { pathname: '/x', redirect: undefined }],
    ['/echo/%2e%2e', false, { pathname: '/echo/%2e%2e', redirect: undefined }],
    ['/a/.hidden', false, { pathname: '/a/.hidden', redirect: undefined }],
    ['/info', true, { pathname: '/info/', redirect: '/info/' }],
    ['/info/', true, { pathname: '/info/', redirect: undefined }],
    ['/file.json', true, { pathname: '/file.json', redirect: undefined }],
    ['/file.json/', true, { pathname: '/file.json', redirect: '/file.json' }],
    ['/', true, { pathname: '/', redirect: undefined }],
  ] as const)('%s (trailingSlash %s)', (path, trailingSlash, expected) => {
    expect(normalizePath(path, trailingSlash)).toEqual(expected)
  })
})
