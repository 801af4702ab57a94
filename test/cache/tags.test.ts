// Tags: cacheTag limits, soft tags of a request, revalidatePath's implicit tags (C34, C38, C41).
import { describe, expect, it } from 'vitest'
import { buildSoftTags, encodeHeaderSafe, toPathTags, validateTags } from '../../src/cache/tags.ts'

describe('tags', () => {
  it('derives the soft tags Next passes to get() (C41)', () => {
    expect(buildSoftTags('/static-t', '/static-t')).toEqual([
      '_N_T_/layout',
      '_N_T_/static-t/layout',
      '_N_T_/static-t/route',
      '_N_T_/static-t',
    ])
    expect(buildSoftTags('/items/[slug]', '/items/a')).toEqual([
      '_N_T_/layout',
      '_N_T_/items/layout',
      '_N_T_/items/[slug]/layout',
      '_N_T_/items/[slug]/route',
      '_N_T_/items/a',
    ])
    expect(buildSoftTags('/', '/')).toEqual(['_N_T_/layout', '_N_T_/route', '_N_T_/'])
  })

  it('drops tags that are not strings or longer than 256, and keeps at most 128 (C34)', () => {
    const long = 'x'.repeat(257)
    expect(validateTags(['a', 1, long, 'b'], '`cacheTag()`')).toEqual(['a', 'b'])
    const many = Array.from({ length: 130 }, (_, i) => `tag-${i}`)
    expect(validateTags(many, '`cacheTag()`')).toHaveLength(128)
  })

  it('encodes non-ASCII runs so tags fit in headers (C34)', () => {
    expect(encodeHeaderSafe('café 🍰,a')).toBe('caf%C3%A9 %F0%9F%8D%B0,a')
    expect(encodeHeaderSafe('plain/_N_T_')).toBe('plain/_N_T_')
  })

  it("maps revalidatePath to Next's implicit tags (C38)", () => {
    expect(toPathTags('/tagged', undefined)).toEqual(['_N_T_/tagged'])
    expect(toPathTags('/tagged/', undefined)).toEqual(['_N_T_/tagged'])
    expect(toPathTags('/', 'layout')).toEqual(['_N_T_/layout'])
    expect(toPathTags('/', undefined)).toEqual(['_N_T_/', '_N_T_/index'])
    expect(toPathTags('/items/[slug]', 'page')).toEqual(['_N_T_/items/[slug]/page'])
    expect(toPathTags(`/${'a'.repeat(1100)}`, undefined)).toEqual([])
  })
})
