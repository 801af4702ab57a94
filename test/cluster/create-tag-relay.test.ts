// The primary's tag relay: every other worker gets the revalidation, the sender hears back once all of them
// applied it, and workers started later get the latest one per tag (docs/deploy.md#cluster-workers).
import { describe, expect, it } from 'vitest'
import type { TagEvent } from '../../src/cache/tag-events.ts'
import type { ClusterMessage } from '../../src/cluster/cluster-message.ts'
import { createTagRelay, type RelayWorker } from '../../src/cluster/create-tag-relay.ts'

interface FakeWorker extends RelayWorker {
  sent: ClusterMessage[]
  connected: boolean
}

function worker(id: number): FakeWorker {
  const w: FakeWorker = {
    id,
    sent: [],
    connected: true,
    send: (message) => w.sent.push(message) > 0,
    isConnected: () => w.connected,
  }
  return w
}

const event = (tags: string[], at = 1): TagEvent => ({ tags, durations: undefined, at, origin: 'w' })

describe('createTagRelay', () => {
  it('acknowledges to the sender once every other worker applied the event', () => {
    const relay = createTagRelay()
    const [a, b, c] = [worker(1), worker(2), worker(3)]
    relay.relay(a, { event: event(['t']), id: 5 }, [a, b, c])
    expect(a.sent).toEqual([])
    expect(b.sent).toEqual([{ routekit: 'tag-event', event: event(['t']), ack: '1' }])
    expect(c.sent).toEqual([{ routekit: 'tag-event', event: event(['t']), ack: '1' }])
    relay.acknowledge(b, '1')
    relay.acknowledge(b, '1') // a duplicate counts once
    expect(a.sent).toEqual([])
    relay.acknowledge(c, '1')
    expect(a.sent).toEqual([{ routekit: 'tag-ack', id: 5 }])
  })

  it('acknowledges at once when no other worker is connected, and counts a worker that exits as done', () => {
    const relay = createTagRelay()
    const [a, b, c] = [worker(1), worker(2), worker(3)]
    b.connected = false
    relay.relay(a, { event: event(['t']), id: 1 }, [a, b])
    expect(a.sent).toEqual([{ routekit: 'tag-ack', id: 1 }])
    b.connected = true
    relay.relay(a, { event: event(['u']), id: 2 }, [a, b, c])
    relay.acknowledge(c, '2')
    relay.forget(b)
    expect(a.sent.at(-1)).toEqual({ routekit: 'tag-ack', id: 2 })
  })

  it('owes nothing to a sender that exited', () => {
    const relay = createTagRelay()
    const [a, b] = [worker(1), worker(2)]
    relay.relay(a, { event: event(['t']), id: 1 }, [a, b])
    relay.forget(a)
    relay.acknowledge(b, '1')
    expect(a.sent).toEqual([])
  })

  it('drops an event of the wrong shape', () => {
    const relay = createTagRelay()
    const [a, b] = [worker(1), worker(2)]
    relay.relay(a, { event: { tags: 'x', at: 1, origin: 'w' }, id: 1 }, [a, b])
    expect(b.sent).toEqual([])
    relay.sync(b)
    expect(b.sent).toEqual([{ routekit: 'tag-sync', events: [] }])
  })

  it('answers a sync with the latest event of each tag, once per event', () => {
    const relay = createTagRelay()
    const [a, b] = [worker(1), worker(2)]
    const first = event(['a', 'b'], 1)
    const second = event(['b'], 2)
    const third = event(['c'], 3)
    relay.relay(a, { event: first }, [a, b])
    relay.relay(b, { event: second }, [a, b])
    relay.relay(b, { event: third }, [a, b])
    relay.sync(b)
    expect(b.sent.at(-1)).toEqual({ routekit: 'tag-sync', events: [first, second, third] })
  })
})
