/**
 * C4 under Cache Components: the clock, randomness and fresh ids make a GET dynamic when the handler itself
 * reads them (Next patches the same APIs). Inside `"use cache"` they are fine: the value is cached. Installed
 * only in the prerender child process, never in a server.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module'

type Report = (expression: string) => void

function wrap<F extends (...args: never[]) => unknown>(fn: F, expression: string, report: Report): F {
  const wrapped = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
    report(expression)
    return fn.apply(this, args) as ReturnType<F>
  }
  Object.defineProperty(wrapped, 'name', { value: fn.name })
  return wrapped as unknown as F
}

/** Makes `Date.now()`, `new Date()`, `Math.random()` and the crypto random APIs call `report` first. */
export function trackPlatformIO(report: Report): void {
  const RealDate = Date
  RealDate.now = wrap(RealDate.now, 'Date.now()', report)
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      if (args.length === 0) report('new Date()')
      return Reflect.construct(target, args, newTarget) as object
    },
    apply(target, self, args) {
      report('Date()')
      return Reflect.apply(target, self, args) as unknown
    },
  })
  Math.random = wrap(Math.random, 'Math.random()', report)
  const web = globalThis.crypto
  web.randomUUID = wrap(web.randomUUID.bind(web), 'crypto.randomUUID()', report)
  web.getRandomValues = wrap(web.getRandomValues.bind(web), 'crypto.getRandomValues()', report)
  // `import { randomUUID } from 'node:crypto'` sees the patched export after syncBuiltinESMExports().
  const node = createRequire(import.meta.url)('node:crypto') as Record<string, unknown>
  for (const name of ['randomUUID', 'randomBytes', 'randomInt', 'randomFillSync', 'randomFill']) {
    const fn = node[name]
    if (typeof fn === 'function') node[name] = wrap(fn as () => unknown, `crypto.${name}()`, report)
  }
  syncBuiltinESMExports()
}
