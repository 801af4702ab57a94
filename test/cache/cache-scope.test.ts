// What code inside and around a cached function may do: request APIs, cacheLife/cacheTag, arguments (C16, C22–C25, C32, C34).
import { beforeEach, describe, expect, it } from 'vitest'
import { cacheLife, cacheTag } from '../../src/cache.ts'
import { cacheState } from '../../src/cache/cache-state.ts'
import { createCachedFunction } from '../../src/cache/create-cached-function.ts'
import { cookies, headers } from '../../src/runtime/next-headers.ts'
import { connection } from '../../src/runtime/request-apis.ts'
import { freshCache, inRequest } from './_cache-test-kit.ts'

beforeEach(() => {
  freshCache()
})

describe('request-time APIs inside "use cache" (C25)', () => {
  it('refuses headers(), cookies() and connection() inside a cached function', async () => {
    for (const [name, read] of [
      ['headers', () => headers()],
      ['cookies', () => cookies()],
      ['connection', () => connection()],
    ] as const) {
      const fn = createCachedFunction('default', `lib/a.ts#${name}`, async () => {
        await read()
        return 1
      })
      await expect(inRequest('/read', '/read', () => fn())).rejects.toThrow(
        `Route "/read": \`${name}()\` can't be read inside \`"use cache"\``,
      )
    }
  })

  it('still allows headers() around the cached call in the same request', async () => {
    const fn = createCachedFunction('default', 'lib/a.ts#around', async () => 1)
    const who = await inRequest('/read', '/read', async () => {
      await fn()
      return (await headers()).get('x-who')
    })
    expect(who).toBe('tester')
  })

  it('lets "use cache: private" read headers() (C44)', async () => {
    const fn = createCachedFunction('private', 'lib/a.ts#private', async () => (await headers()).get('x-who'))
    expect(await inRequest('/p', '/p', () => fn())).toBe('tester')
  })

  it('refuses "use cache: private" nested in "use cache"', async () => {
    const inner = createCachedFunction('private', 'lib/a.ts#inner', async () => 1)
    const outer = createCachedFunction('default', 'lib/a.ts#outer', async () => inner())
    await expect(inRequest('/x', '/x', () => outer())).rejects.toThrow(
      'Route "/x": `"use cache: private"` can\'t be nested inside `"use cache"`',
    )
  })
})

describe('cacheLife() and cacheTag() outside "use cache" (C32, C34)', () => {
  it("throws Next's message with the route inside a request", () => {
    expect(() => inRequest('/cachelife-outside', '/cachelife-outside', () => cacheLife('hours'))).toThrow(
      'Route "/cachelife-outside": `cacheLife()` can only be called inside a `"use cache"` or `"use cache: private"` function.\n' +
        'Learn more: https://nextjs.org/docs/messages/cache-life-outside-use-cache',
    )
    expect(() => inRequest('/tag-outside', '/tag-outside', () => cacheTag('a'))).toThrow(
      'Route "/tag-outside": `cacheTag()` can only be called inside a `"use cache"` or `"use cache: private"` function.\n' +
        'Learn more: https://nextjs.org/docs/messages/cache-tag-outside-use-cache',
    )
  })

  it('omits the route prefix outside a request', () => {
    expect(() => cacheLife('hours')).toThrow(/^`cacheLife\(\)` can only be called inside/)
  })

  it('throws the cacheComponents message when the flag is off (C16)', async () => {
    cacheState.cacheComponents = false
    const fn = createCachedFunction('default', 'lib/a.ts#off', async () => {
      cacheTag('x')
      return 1
    })
    await expect(fn()).rejects.toThrow('`cacheTag()` is only available with the `cacheComponents` config.')
    expect(() => cacheLife('hours')).toThrow(
      '`cacheLife()` is only available with the `cacheComponents` config.',
    )
  })

  it("throws Next's error for an unknown profile name", async () => {
    const fn = createCachedFunction('default', 'lib/a.ts#unknown', async () => {
      cacheLife('hourly ')
      return 1
    })
    await expect(fn()).rejects.toThrow(
      'Unknown `cacheLife()` profile "hourly " is not configured in next.config.js',
    )
  })
})

describe('arguments and results (C22–C24)', () => {
  it('hands a URL argument over as a string (C23)', async () => {
    const fn = createCachedFunction('default', 'lib/a.ts#url', async (url: unknown) => typeof url)
    expect(await fn(new URL('http://x/y'))).toBe('string')
  })

  it('passes a Request through, failing only when the function reads it (C22)', async () => {
    const passes = createCachedFunction('default', 'lib/a.ts#pass', async (_req: unknown) => 'ok')
    expect(await passes(new Request('http://x/'))).toBe('ok')
    const reads = createCachedFunction('default', 'lib/a.ts#read', async (req: Request) => req.url)
    await expect(reads(new Request('http://x/'))).rejects.toThrow(
      'Cannot access url on the server. You cannot dot into a temporary client reference from a server component.',
    )
  })

  it('keys all non-serializable arguments in one slot (C22)', async () => {
    let runs = 0
    const fn = createCachedFunction('default', 'lib/a.ts#slot', async (_value: unknown) => ++runs)
    await fn(new Request('http://x/a'))
    expect(await fn(() => 1)).toBe(1)
  })

  it('names the function and the value when a result cannot be cached (C24)', async () => {
    const fn = createCachedFunction('default', 'lib/data.ts#getPage', async () => ({
      page: new Response('x'),
    }))
    await expect(fn()).rejects.toMatchObject({
      code: 'RK_CACHE_UNSERIALIZABLE',
      message: expect.stringContaining(
        'lib/data.ts#getPage returned a value that cannot be cached: result.page is a Response',
      ),
    })
  })

  it('stores the tags of cacheTag() and of nested entries on the entry (C34)', async () => {
    const inner = createCachedFunction('default', 'lib/a.ts#tagged-inner', async () => {
      cacheTag('inner', 'shared')
      return 1
    })
    const outer = createCachedFunction('default', 'lib/a.ts#tagged-outer', async () => {
      cacheTag('outer', 'shared', 'é')
      return inner()
    })
    const seen: string[][] = []
    const handler = cacheState.handlers.get('default')!
    const store = (handler as unknown as { store: (k: string, e: { tags: string[] }) => void }).store.bind(
      handler,
    )
    ;(handler as unknown as { store: (k: string, e: { tags: string[] }) => void }).store = (k, e) => {
      seen.push(e.tags)
      store(k, e)
    }
    await outer()
    expect(seen).toEqual([
      ['inner', 'shared'],
      ['outer', 'shared', '%C3%A9', 'inner'],
    ])
  })
})
