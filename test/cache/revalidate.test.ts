// On-demand invalidation: revalidateTag with a profile or expire 0, revalidatePath, updateTag (C35–C39).
import { beforeEach, describe, expect, it } from 'vitest'
import { cacheLife, cacheTag, revalidatePath, revalidateTag, updateTag } from '../../src/cache.ts'
import { createCachedFunction } from '../../src/cache/create-cached-function.ts'
import { freshCache, inRequest, memory, settle, type FakeClock } from './_cache-test-kit.ts'

let clock: FakeClock
let runs: number
let products: () => Promise<unknown>
beforeEach(() => {
  clock = freshCache()
  runs = 0
  products = createCachedFunction('default', 'lib/data.ts#productList', async () => {
    cacheLife('hours')
    cacheTag('products')
    return ++runs
  })
})

describe('revalidateTag', () => {
  it("serves the old value once with 'max', then the refreshed one (C35, C36)", async () => {
    expect(await products()).toBe(1)
    clock.advance(0.001)
    revalidateTag('products', 'max')
    expect(await products()).toBe(1)
    await settle()
    expect(await products()).toBe(2)
    expect(await products()).toBe(2)
  })

  it('makes the next read a blocking miss with { expire: 0 } (C35, C36)', async () => {
    await products()
    clock.advance(0.001)
    revalidateTag('products', { expire: 0 })
    expect(await products()).toBe(2)
    expect(await products()).toBe(2)
  })

  it('expires at once without a profile, and warns that this form is deprecated', async () => {
    await products()
    clock.advance(0.001)
    revalidateTag('products')
    expect(await products()).toBe(2)
  })

  it('leaves entries with other tags alone', async () => {
    await products()
    revalidateTag('unrelated', 'max')
    expect(await products()).toBe(1)
    await settle()
    expect(runs).toBe(1)
  })

  it("records 'max' as stale now and expired in a year (C41: updateTags([tag], { expire: 31536000 }))", () => {
    revalidateTag('items', 'max')
    expect(memory().tags.get('items')).toEqual({ stale: clock.now, expired: clock.now + 31536000 * 1000 })
  })

  it("throws Next's error for a profile that is not configured", () => {
    expect(() => revalidateTag('x', 'nope')).toThrow(
      'Invalid profile provided "nope" must be configured under cacheLife in next.config or be "max"',
    )
  })

  it('refuses to run inside a cached function (C39)', async () => {
    const fn = createCachedFunction('default', 'lib/a.ts#bad', async () => {
      revalidateTag('x', 'max')
      return 1
    })
    await expect(inRequest('/r', '/r', () => fn())).rejects.toThrow(
      'Route "/r": `revalidateTag("x")` can\'t be called inside a cached function. Call it from a Server Action or Route Handler instead.',
    )
  })
})

describe('revalidatePath', () => {
  it('makes entries read by that path a blocking miss through its implicit tag (C38)', async () => {
    await inRequest('/tagged', '/tagged', () => products())
    clock.advance(0.001)
    revalidatePath('/tagged')
    expect(await inRequest('/tagged', '/tagged', () => products())).toBe(2)
  })

  it('leaves entries read under another path alone (C38)', async () => {
    await inRequest('/tagged', '/tagged', () => products())
    clock.advance(0.001)
    revalidatePath('/elsewhere')
    expect(await inRequest('/tagged', '/tagged', () => products())).toBe(1)
  })

  it("revalidates everything with ('/', 'layout') (C38)", async () => {
    await inRequest('/items/[slug]', '/items/a', () => products())
    clock.advance(0.001)
    revalidatePath('/', 'layout')
    expect(await inRequest('/items/[slug]', '/items/a', () => products())).toBe(2)
  })
})

describe('updateTag', () => {
  it("throws Next's Server-Action-only error in a route handler (C37)", () => {
    expect(() => updateTag('items')).toThrow(
      'updateTag can only be called from within a Server Action. To invalidate cache tags in Route Handlers or other contexts, use revalidateTag instead.',
    )
  })
})
