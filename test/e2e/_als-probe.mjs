// Preloaded with `node --import` by request-scope.test.ts: records, in the file named by ROUTEKIT_ALS_PROBE, the
// moment the process first enables an AsyncLocalStorage. On Node 20 that happens on its first `run()` or
// `enterWith()` (construction alone installs no hooks); from then on async_hooks run for every promise.
// At exit it also writes `<file>.exit`: whether Node ever loaded its bundled undici (fetch, Request, Response),
// and whether ioredis was loaded (only `--redis` may load it).
import { AsyncLocalStorage } from 'node:async_hooks'
import { appendFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const file = process.env.ROUTEKIT_ALS_PROBE
let recorded = false

function record(method) {
  if (recorded || file === undefined) return
  recorded = true
  // Synchronous, so the line is on disk before the response that follows it is written.
  appendFileSync(file, `${method}\n${new Error().stack}\n`)
}

process.on('exit', () => {
  if (file === undefined) return
  const undici = process.moduleLoadList.some((entry) => entry.endsWith('internal/deps/undici/undici'))
  // ioredis is CommonJS: imported from ESM, it still lands in the CommonJS cache.
  const ioredis = Object.keys(createRequire(import.meta.url).cache).some((path) =>
    /[\\/]node_modules[\\/]ioredis[\\/]/.test(path),
  )
  appendFileSync(`${file}.exit`, `${JSON.stringify({ undici, ioredis })}\n`)
})

for (const method of ['run', 'enterWith']) {
  const original = AsyncLocalStorage.prototype[method]
  AsyncLocalStorage.prototype[method] = function (...args) {
    record(method)
    return original.apply(this, args)
  }
}
