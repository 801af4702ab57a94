// Tag events: revalidations cross processes through transports and are applied once, at their own time (C35).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { revalidateTag } from '../../src/cache/revalidate.ts'
import {
  PROCESS_ORIGIN,
  addTagTransport,
  isTagEvent,
  onTagUpdate,
  receiveTagEvent,
  type TagEvent,
} from '../../src/cache/tag-events.ts'
import { freshCache, memory, type FakeClock } from './_cache-test-kit.ts'

describe('tag events', () => {
  let clock: FakeClock
  const cleanups: (() => void)[] = []
  beforeEach(() => {
    clock = freshCache()
  })
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup()
  })

  it('hands a local revalidation to every transport with this process as origin', () => {
    const sent: TagEvent[] = []
    cleanups.push(addTagTransport({ publish: (event) => sent.push(event) }))
    revalidateTag('products', 'max')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ tags: ['products'], origin: PROCESS_ORIGIN, at: clock.now })
    expect(sent[0]!.durations).toEqual({ expire: 365 * 24 * 60 * 60 })
  })

  it('applies a received event to listeners and the memory handler at the sender time, without resending', () => {
    const sent: TagEvent[] = []
    const heard: [readonly string[], number][] = []
    cleanups.push(addTagTransport({ publish: (event) => sent.push(event) }))
    cleanups.push(onTagUpdate((tags, _durations, at) => heard.push([tags, at])))
    const at = clock.now - 5
    receiveTagEvent({ tags: ['a'], durations: undefined, at, origin: 'another-process' })
    expect(heard).toEqual([[['a'], at]])
    expect(memory().tags.get('a')).toEqual({ expired: at })
    expect(sent).toEqual([])
  })

  it('ignores its own events coming back and messages of the wrong shape', () => {
    const heard: unknown[] = []
    cleanups.push(onTagUpdate((tags) => heard.push(tags)))
    receiveTagEvent({ tags: ['a'], durations: undefined, at: 1, origin: PROCESS_ORIGIN })
    receiveTagEvent({ tags: 'a', at: 1, origin: 'x' } as unknown as TagEvent)
    expect(heard).toEqual([])
    expect(memory().tags.size).toBe(0)
    expect(isTagEvent({ tags: ['a'], at: Number.NaN, origin: 'x' })).toBe(false)
    expect(isTagEvent({ tags: ['a'], durations: { expire: '1' }, at: 1, origin: 'x' })).toBe(false)
    expect(isTagEvent({ tags: ['a'], durations: { expire: 60 }, at: 1, origin: 'x' })).toBe(true)
  })

  it('gives the same manifest when an event arrives twice (IPC and Redis)', () => {
    const event: TagEvent = { tags: ['t'], durations: { expire: 60 }, at: clock.now, origin: 'other' }
    receiveTagEvent(event)
    const once = structuredClone(memory().tags.get('t'))
    receiveTagEvent(event)
    expect(memory().tags.get('t')).toEqual(once)
  })
})
