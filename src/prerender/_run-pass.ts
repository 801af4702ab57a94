/** The two ways a prerender waits for a handler: within two macrotasks (C3), or until it finishes (C11–C13). */
import { NativeResponse } from '../runtime/response.ts'

/** How one run of a handler ended. */
export type PassResult =
  | { kind: 'response'; response: Response; body: Uint8Array }
  /** It returned something that is not a Response. */
  | { kind: 'value'; value: unknown }
  | { kind: 'error'; error: unknown }
  /** C3: the Response, or its body, was not ready before the deadline. */
  | { kind: 'late'; what: 'response' | 'body' }

/** The previous model's limit for one URL (Next's `staticPageGenerationTimeout`, 60 s). */
const TIMEOUT_MS = 60_000

/**
 * C3's final pass: `run` starts inside a fresh macrotask and must produce its Response before the next
 * `setImmediate` fires, which leaves it microtasks and already-filled cache reads only; reading the body gets
 * one more immediate. Uncached I/O, timers and request data all miss the deadline.
 */
export function runFinalPass(run: () => unknown): Promise<PassResult> {
  return new Promise((resolve) => {
    let settled = false
    let responded = false
    const finish = (result: PassResult): void => {
      if (settled) return
      settled = true
      resolve(result)
    }
    setImmediate(() => {
      let result: unknown
      try {
        result = run()
      } catch (error) {
        return finish({ kind: 'error', error })
      }
      Promise.resolve(result).then(
        (value) => {
          if (settled) return
          responded = true
          if (!(value instanceof NativeResponse)) return finish({ kind: 'value', value })
          readBody(value).then(
            (body) => finish({ kind: 'response', response: value, body }),
            (error: unknown) => finish({ kind: 'error', error }),
          )
          setImmediate(() => finish({ kind: 'late', what: 'body' }))
        },
        (error: unknown) => finish({ kind: 'error', error }),
      )
    })
    // Queued right behind the handler's macrotask: only microtasks run in between.
    setImmediate(() => {
      if (!responded) finish({ kind: 'late', what: 'response' })
    })
  })
}

/** The previous model: waits for the handler and its body, up to 60 s. */
export async function runToCompletion(run: () => unknown): Promise<PassResult> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<PassResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          kind: 'error',
          error: new Error(`The handler did not finish within ${TIMEOUT_MS / 1000} seconds.`),
        }),
      TIMEOUT_MS,
    )
  })
  const finished = (async (): Promise<PassResult> => {
    try {
      const value = await run()
      if (!(value instanceof NativeResponse)) return { kind: 'value', value }
      return { kind: 'response', response: value, body: await readBody(value) }
    } catch (error) {
      return { kind: 'error', error }
    }
  })()
  try {
    return await Promise.race([finished, timeout])
  } finally {
    clearTimeout(timer)
  }
}

async function readBody(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer())
}
