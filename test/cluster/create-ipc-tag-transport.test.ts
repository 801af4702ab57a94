// The worker side of the cluster relay: revalidations go out over IPC, relayed ones are applied (C35).
import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { settleTagUpdates } from '../../src/cache/pending-tag-updates.ts'
import { revalidateTag } from '../../src/cache/revalidate.ts'
import { PROCESS_ORIGIN, type TagEvent } from '../../src/cache/tag-events.ts'
import { createIpcTagTransport, type IpcTagTransport } from '../../src/cluster/create-ipc-tag-transport.ts'
import { freshCache, memory, type FakeClock } from '../cache/_cache-test-kit.ts'

class FakeChannel extends EventEmitter {
  sent: unknown[] = []
  send(message: unknown): boolean {
    this.sent.push(message)
    return true
  }
}

describe('createIpcTagTransport', () => {
  let clock: FakeClock
  let channel: FakeChannel
  let transport: IpcTagTransport
  beforeEach(() => {
    clock = freshCache()
    channel = new FakeChannel()
    transport = createIpcTagTransport(channel)
  })
  afterEach(() => {
    transport.close()
  })

  it('sends a local revalidation to the primary, namespaced, and holds responses until the primary acknowledges it', async () => {
    revalidateTag('products', { expire: 0 })
    expect(channel.sent).toEqual([
      {
        routekit: 'tag-event',
        event: { tags: ['products'], durations: { expire: 0 }, at: clock.now, origin: PROCESS_ORIGIN },
        id: 1,
      },
    ])
    let settled = false
    void settleTagUpdates().then(() => (settled = true))
    await new Promise((r) => setTimeout(r, 20))
    expect(settled).toBe(false)
    channel.emit('message', { routekit: 'tag-ack', id: 1 })
    await new Promise((r) => setTimeout(r, 0))
    expect(settled).toBe(true)
  })

  it('acknowledges a relayed event once it is applied', () => {
    const event: TagEvent = { tags: ['a'], durations: undefined, at: clock.now, origin: 'another-worker' }
    channel.emit('message', { routekit: 'tag-event', event, ack: '7' })
    expect(memory().tags.get('a')).toEqual({ expired: clock.now })
    expect(channel.sent).toEqual([{ routekit: 'tag-ack', ack: '7' }])
  })

  it('applies a relayed event to the memory handler at the sender time, and sends nothing back', () => {
    const event: TagEvent = { tags: ['a'], durations: undefined, at: clock.now - 5, origin: 'another-worker' }
    channel.emit('message', { routekit: 'tag-event', event })
    expect(memory().tags.get('a')).toEqual({ expired: clock.now - 5 })
    expect(channel.sent).toEqual([])
  })

  it('leaves user messages on the channel alone', () => {
    const event: TagEvent = { tags: ['a'], durations: undefined, at: clock.now, origin: 'another-worker' }
    channel.emit('message', { type: 'tag-event', event })
    channel.emit('message', event)
    expect(memory().tags.size).toBe(0)
  })

  it('syncs: asks the primary for earlier revalidations and applies the valid ones from its reply', async () => {
    const synced = transport.sync(5_000)
    expect(channel.sent).toEqual([{ routekit: 'tag-sync' }])
    const good: TagEvent = { tags: ['old'], durations: { expire: 60 }, at: clock.now - 100, origin: 'w1' }
    channel.emit('message', { routekit: 'tag-sync', events: [good, { tags: 7 }] })
    await synced
    expect(memory().tags.get('old')).toBeDefined()
    expect(memory().tags.size).toBe(1)
  })

  it('stops sending and applying once closed', () => {
    transport.close()
    revalidateTag('x', { expire: 0 })
    channel.emit('message', {
      routekit: 'tag-event',
      event: { tags: ['y'], durations: undefined, at: clock.now, origin: 'w' },
    })
    expect(channel.sent).toEqual([])
    expect(memory().tags.has('y')).toBe(false)
  })
})
