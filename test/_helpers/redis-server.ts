/**
 * Redis for tests. `REDIS_URL` is the shared server on 127.0.0.1:6379 (.ci/run starts one); tests isolate
 * themselves with a random key prefix. Tests that stop Redis start a private `redis-server` on a free port,
 * so they never disturb the shared one.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'

/** The shared test Redis. */
export const REDIS_URL = process.env.ROUTEKIT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A key prefix no other test uses. */
export function uniquePrefix(): string {
  return `rk-test-${randomUUID().slice(0, 8)}:`
}

/** Deletes every key under `prefix` on the shared server. */
export async function dropPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await client.connect()
    const keys = await client.keys(`${prefix}*`)
    if (keys.length > 0) await client.del(...keys)
  } finally {
    client.disconnect()
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

/** A private redis-server that a test may stop and start again on the same port. */
export interface PrivateRedis {
  port: number
  url: string
  stop(): Promise<void>
  start(): Promise<void>
}

async function waitForPing(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    client.on('error', () => {})
    try {
      await client.connect()
      if ((await client.ping()) === 'PONG') return
    } catch (error) {
      if (Date.now() > deadline) throw error
    } finally {
      client.disconnect()
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Starts `redis-server` on a free port (nothing on disk). */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}`
  let child: ChildProcess | undefined
  const start = async (): Promise<void> => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    )
    await waitForPing(url, 10_000)
  }
  const stop = async (): Promise<void> => {
    const running = child
    child = undefined
    if (running === undefined || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGKILL')
    await exited
  }
  await start()
  return { port, url, start, stop }
}
