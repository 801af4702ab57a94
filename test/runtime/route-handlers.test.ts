import { describe, expect, it } from 'vitest'
import { allowHeader, resolveDispatch, toLoadedRoute } from '../../src/runtime/route-handlers.ts'

const fn = (): Response => new Response('x')
const head = (): Response => new Response(null)

describe('allowHeader', () => {
  it.each([
    [{ GET: fn, POST: fn, PUT: fn, DELETE: fn, PATCH: fn }, 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT'],
    [{ GET: fn }, 'GET, HEAD, OPTIONS'],
    [{ POST: fn }, 'OPTIONS, POST'],
    [{}, 'OPTIONS'],
  ])('lists %o as Next does (R23)', (handlers, expected) => {
    expect(allowHeader(handlers)).toBe(expected)
  })
})

describe('resolveDispatch', () => {
  const getOnly = toLoadedRoute('/x', 'app/x/route.ts', { GET: fn, get: fn, default: fn, PROPFIND: fn })
  it('calls the export named like the method', () => {
    expect(resolveDispatch(getOnly, 'GET')).toMatchObject({ kind: 'call', handler: fn, head: false })
  })
  it('runs GET for HEAD without a body when HEAD is not exported (R22)', () => {
    expect(resolveDispatch(getOnly, 'HEAD')).toMatchObject({ kind: 'call', handler: fn, head: true })
  })
  it('prefers an exported HEAD (R22)', () => {
    const route = toLoadedRoute('/x', 'f', { GET: fn, HEAD: head })
    expect(resolveDispatch(route, 'HEAD')).toMatchObject({ kind: 'call', handler: head, head: true })
  })
  it('answers OPTIONS automatically (R23)', () => {
    expect(resolveDispatch(getOnly, 'OPTIONS')).toEqual({ kind: 'options' })
  })
  it('refuses methods without an export with 405 (R21)', () => {
    expect(resolveDispatch(getOnly, 'POST')).toEqual({ kind: 'not-allowed' })
    expect(resolveDispatch(toLoadedRoute('/x', 'f', { POST: fn }), 'HEAD')).toEqual({ kind: 'not-allowed' })
  })
  it('ignores lower-case and default exports (R24, R25)', () => {
    expect(getOnly.handlers).toEqual({ GET: fn })
    expect(getOnly.allow).toBe('GET, HEAD, OPTIONS')
  })
  it('answers non-standard tokens with 400 even when exported (R26), TRACE with 500 (R27)', () => {
    expect(resolveDispatch(getOnly, 'PROPFIND')).toEqual({ kind: 'bad-method' })
    expect(resolveDispatch(getOnly, 'QUERY')).toEqual({ kind: 'bad-method' })
    expect(resolveDispatch(getOnly, 'TRACE')).toEqual({ kind: 'trace' })
  })
})
