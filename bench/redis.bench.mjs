// What the Redis cache costs (issue #7): `node bench/redis.bench.mjs [--url redis://127.0.0.1:6379] [--n 20000]`.
//
// 1. A "use cache" hit, in process, through: the memory handler; the Redis handler's local layer (the usual
//    hit: no round trip while nothing changed); the Redis handler with its local layer off (one GET per hit).
// 2. Invalidation reach: `updateTags` on one handler instance → the moment another instance (its own two
//    connections, as another process has) sees the new expiration. p50/p95/max over many trials.
// Runs the compiled package (`dist/`, built by `npm install`). Needs a Redis server (`.ci/run` starts one).
import { parseArgs } from 'node:util'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Redis } from 'ioredis'

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.ROUTEKIT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' },
    n: { type: 'string', default: '20000' },
    trials: { type: 'string', default: '200' },
  },
})
const N = Number(values.n)
const TRIALS = Number(values.trials)
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const load = (path) => import(pathToFileURL(join(dist, path)).href)

const { cacheState, resetCacheState } = await load('cache/cache-state.js')
const { createCachedFunction } = await load('cache/create-cached-function.js')
const { createRedisCacheHandler } = await load('cache/handlers/redis.js')

const quiet = { info() {}, warn: (m) => console.error(m), error: (m, e) => console.error(m, e) }
const prefix = `rk-bench-${process.pid}:`
const ROW = { id: 'p-1', name: 'apple', price: 1.25, tags: ['fruit', 'red'] }
const LIST = { products: Array.from({ length: 50 }, (_, i) => ({ ...ROW, id: `p-${i}` })) }

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
const fmt = (us) => `${us.toFixed(1)} µs`

/** Times N sequential awaited hits of `fn` (after a warm-up); returns µs per hit, median of 5 rounds. */
async function timeHits(fn) {
  for (let i = 0; i < Math.min(N, 2_000); i++) await fn()
  const rounds = []
  for (let r = 0; r < 5; r++) {
    const start = performance.now()
    for (let i = 0; i < N / 5; i++) await fn()
    rounds.push(((performance.now() - start) * 1000) / (N / 5))
  }
  return rounds.toSorted((a, b) => a - b)[2]
}

function useHandler(handler) {
  resetCacheState()
  if (handler !== undefined) {
    cacheState.handlers.set('default', handler)
    cacheState.distinct = [handler]
  }
}

const handlers = []
const redisHandler = async (options = {}) => {
  const handler = createRedisCacheHandler({ url: values.url, keyPrefix: prefix, logger: quiet, ...options })
  handlers.push(handler)
  if (!(await handler.connected(5_000))) throw new Error(`cannot reach Redis at ${values.url}`)
  return handler
}

const results = {}
try {
  for (const [name, value] of [
    ['small object', ROW],
    ['50 rows', LIST],
  ]) {
    const row = {}
    useHandler(undefined)
    const memoryFn = createCachedFunction('default', `bench#memory-${name}`, async () => value)
    row.memory = await timeHits(() => memoryFn())

    useHandler(await redisHandler())
    const localFn = createCachedFunction('default', `bench#local-${name}`, async () => value)
    row.redisLocal = await timeHits(() => localFn())

    useHandler(await redisHandler({ localMaxSize: 0 }))
    const remoteFn = createCachedFunction('default', `bench#remote-${name}`, async () => value)
    row.redisRoundTrip = await timeHits(() => remoteFn())
    results[name] = row
  }

  // Invalidation reach between two instances (each with its own command and subscriber connections).
  const a = await redisHandler()
  const b = await redisHandler()
  const reach = []
  for (let i = 0; i < TRIALS; i++) {
    const tag = `reach-${i}`
    const start = performance.now()
    await a.updateTags([tag])
    while ((await b.getExpiration([tag])) === 0) {
      if (performance.now() - start > 2_000) throw new Error(`${tag} never reached the other instance`)
      await new Promise((resolve) => setImmediate(resolve))
    }
    reach.push((performance.now() - start) * 1000)
  }
  const sorted = reach.toSorted((x, y) => x - y)
  results.reach = { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) }
} finally {
  await Promise.all(handlers.map((h) => h.close()))
  const client = new Redis(values.url)
  const keys = await client.keys(`${prefix}*`)
  if (keys.length > 0) await client.del(...keys)
  client.disconnect()
}

console.log(`Node ${process.version}, Redis ${values.url}, ${N} sequential hits per cell (median of 5 rounds)\n`)
console.log('| value | memory handler | Redis, local layer hit | Redis, round trip per hit |')
console.log('| --- | --- | --- | --- |')
for (const [name, row] of Object.entries(results)) {
  if (name === 'reach') continue
  console.log(
    `| ${name} | ${fmt(row.memory)} | ${fmt(row.redisLocal)} (+${fmt(row.redisLocal - row.memory)}) | ` +
      `${fmt(row.redisRoundTrip)} (+${fmt(row.redisRoundTrip - row.memory)}) |`,
  )
}
const { p50, p95, max } = results.reach
console.log(
  `\nrevalidation on one instance → seen by another: p50 ${fmt(p50)}, p95 ${fmt(p95)}, max ${fmt(max)} (${TRIALS} trials)`,
)
