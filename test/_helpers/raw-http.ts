/** Raw TCP requests for limit tests: bytes exactly as written, partial heads, stalls, several per socket. */
import { connect, type Socket } from 'node:net'

/** What came back on one socket. */
export interface RawResult {
  /** Everything the server wrote, as latin1 text. */
  text: string
  /** The status of the first response, if any arrived. */
  status: number | undefined
  /** The server closed the connection (rather than the test giving up after `timeoutMs`). */
  closed: boolean
  /** Milliseconds from the first write until the socket closed or the test gave up. */
  ms: number
}

export interface RawOptions {
  /** More writes, each after a delay from the previous one. */
  more?: readonly (readonly [delayMs: number, data: string | Buffer])[]
  /** Give up (and destroy the socket) after this long; `closed` is then false. */
  timeoutMs?: number
}

/** Writes `data`, then each of `more`, and collects the reply until the server closes or time runs out. */
export function sendRaw(port: number, data: string | Buffer, options: RawOptions = {}): Promise<RawResult> {
  const { more = [], timeoutMs = 5_000 } = options
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const started = Date.now()
    let gaveUp = false
    const timers: NodeJS.Timeout[] = []
    const done = (): void => {
      timers.forEach(clearTimeout)
      const text = Buffer.concat(chunks).toString('latin1')
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text)
      const status = m === null ? undefined : Number(m[1])
      resolve({ text, status, closed: !gaveUp, ms: Date.now() - started })
    }
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    // A reset after the server answered still counts as the server closing.
    socket.on('error', () => undefined)
    socket.on('close', done)
    socket.write(data)
    let at = 0
    for (const [delay, chunk] of more) {
      at += delay
      timers.push(setTimeout(() => socket.writable && socket.write(chunk), at))
    }
    timers.push(
      setTimeout(() => {
        gaveUp = true
        socket.destroy()
      }, timeoutMs),
    )
  })
}

/** Opens a socket and resolves once connected; the caller writes and closes it. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket))
    socket.once('error', reject)
  })
}

/** A GET request head with `extra` header lines. */
export function head(method: string, path: string, extra: readonly string[] = [], close = true): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...extra]
  if (close) lines.push('Connection: close')
  return `${lines.join('\r\n')}\r\n\r\n`
}
