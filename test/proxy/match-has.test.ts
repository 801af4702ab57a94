import { describe, expect, it } from 'vitest'
import type { IncomingMessage } from 'node:http'
import { compileHas, matchHas } from '../../src/proxy/match-has.ts'

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage

describe('matchHas (P7)', () => {
  it('needs a present, non-empty value when a condition has no value', () => {
    const has = compileHas([{ type: 'query', key: 'force' }])
    expect(matchHas({ req: req({}), search: '?force=1' }, has, undefined)).toEqual({ force: '1' })
    expect(matchHas({ req: req({}), search: '?force' }, has, undefined)).toBeUndefined()
    expect(matchHas({ req: req({}), search: '?force=' }, has, undefined)).toBeUndefined()
  })

  it('anchors a value regex at both ends and captures its named groups', () => {
    const has = compileHas([{ type: 'header', key: 'X-Gate', value: '(?<state>open|ajar)' }])
    expect(matchHas({ req: req({ 'x-gate': 'open' }), search: '' }, has, undefined)).toEqual({
      state: 'open',
    })
    expect(matchHas({ req: req({ 'x-gate': 'opened' }), search: '' }, has, undefined)).toBeUndefined()
  })

  it('reads cookies as the cookie package does: first wins, decoded, bare names skipped', () => {
    const has = compileHas([{ type: 'cookie', key: 'c', value: 'a b' }])
    expect(matchHas({ req: req({ cookie: 'x=1; c=a%20b; c=z' }), search: '' }, has, undefined)).toEqual({})
    expect(
      matchHas(
        { req: req({ cookie: 'c' }), search: '' },
        compileHas([{ type: 'cookie', key: 'c' }]),
        undefined,
      ),
    ).toBeUndefined()
  })

  it('compares the host without its port, lower-cased', () => {
    const has = compileHas([{ type: 'host', value: 'example\\.test' }])
    expect(matchHas({ req: req({ host: 'Example.TEST:3000' }), search: '' }, has, undefined)).toEqual({
      host: 'example.test',
    })
  })

  it('fails when a missing condition holds', () => {
    const missing = compileHas([{ type: 'cookie', key: 'skip' }])
    expect(matchHas({ req: req({ cookie: 'skip=1' }), search: '' }, undefined, missing)).toBeUndefined()
    expect(matchHas({ req: req({}), search: '' }, undefined, missing)).toEqual({})
  })

  it('uses the last value of a repeated query key', () => {
    const has = compileHas([{ type: 'query', key: 'a', value: '2' }])
    expect(matchHas({ req: req({}), search: '?a=1&a=2' }, has, undefined)).toEqual({})
  })
})
