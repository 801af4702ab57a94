/** End-to-end helpers: build a project with the real CLI, start `routekit start` on an ephemeral port, speak HTTP. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { join } from 'node:path'

export const ROOT = join(import.meta.dirname, '..', '..')
export const BIN = join(ROOT, 'bin', 'routekit.mjs')

/** The result of running the CLI to completion. */
export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs `routekit <args>` synchronously. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** A running server process. */
export interface RunningServer {
  port: number
  origin: string
  child: ChildProcess
  /** Everything the process wrote so far (stdout + stderr). */
  output(): string
  stop(): Promise<void>
}

/** Starts `routekit <command> <dir> --port 0 --hostname 127.0.0.1` and waits for its "ready on" line. */
export function startServer(
  dir: string,
  { command = 'start', args = [] as string[], timeoutMs = 20_000, env = {} as NodeJS.ProcessEnv } = {},
): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    [BIN, command, dir, '--port', '0', '--hostname', '127.0.0.1', ...args],
    {
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', PORT: '', HOSTNAME: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  const collect = (chunk: Buffer): void => {
    out += chunk.toString()
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref()
    })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`))
    }, timeoutMs)
    const onData = (): void => {
      const m = /ready on http:\/\/[^:]+:(\d+)/.exec(out)
      if (m === null) return
      clearTimeout(timer)
      child.stdout!.off('data', onData)
      const port = Number(m[1])
      resolve({ port, origin: `http://127.0.0.1:${port}`, child, output: () => out, stop })
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before it was ready:\n${out}`))
    })
  })
}

/** A response as the tests look at it. */
export interface HttpResult {
  status: number
  statusText: string
  headers: IncomingHttpHeaders
  body: string
  json(): unknown
}

/** Sends one request with the path verbatim (no client-side normalisation, unlike fetch). */
export function send(
  port: number,
  method: string,
  path: string,
  { headers = {} as Record<string, string | string[]>, body = undefined as string | Buffer | undefined } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({
          status: res.statusCode!,
          statusText: res.statusMessage ?? '',
          headers: res.headers,
          body: text,
          json: () => JSON.parse(text),
        })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Retries `assertion` (which throws while it does not hold) every 10 ms until it passes or `timeoutMs` passes. */
export async function expectEventually(
  assertion: () => unknown | Promise<unknown>,
  timeoutMs = 5_000,
): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    try {
      await assertion()
      return
    } catch (error) {
      if (Date.now() > end) throw error
    }
    await new Promise((r) => setTimeout(r, 10))
  }
}
