// Graceful shutdown over real HTTP: SIGTERM/SIGINT stop accepting, let in-flight work finish within
// drainTimeout (1500 ms in the fixture) and exit 0; a second signal exits at once (docs/deploy.md).
import { beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { ROOT, runCli, send, startServer, waitFor, type RunningServer } from '../_helpers/server.ts'
import { head, sendRaw } from '../_helpers/raw-http.ts'

const app = join(ROOT, 'test', 'fixtures', 'hardening-shutdown')

beforeAll(() => {
  const build = runCli(['build', app])
  expect(build.status, build.stderr + build.stdout).toBe(0)
})

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const get = (path: string): string => head('GET', path, [], false)

/** Resolves with the exit code once the server process ends (10 s at most, then null). */
function exitCode(server: RunningServer): Promise<number | null> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve(server.child.exitCode)
    const timer = setTimeout(() => resolve(null), 10_000)
    server.child.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

/** 'refused' when nothing accepts connections on `port` any more. */
function tryConnect(port: number): Promise<'refused' | 'accepted'> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy()
      resolve('accepted')
    })
    socket.on('error', () => resolve('refused'))
  })
}

describe.each(['SIGTERM', 'SIGINT'] as const)('on %s', (signal) => {
  it('finishes the request in flight, refuses new connections, and exits 0', async () => {
    const server = await startServer(app)
    try {
      const slow = send(server.port, 'GET', '/slow?ms=500')
      await settle(100)
      server.child.kill(signal)
      await waitFor(() => server.output().includes(`${signal}: finishing in-flight requests`))
      expect(await tryConnect(server.port)).toBe('refused')
      expect((await slow).json()).toEqual({ slept: 500 })
      expect(await exitCode(server)).toBe(0)
    } finally {
      await server.stop()
    }
  })
})

describe('draining', () => {
  it('lets a streamed response run to its end', async () => {
    const server = await startServer(app)
    try {
      const body = new Promise<string>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: server.port, path: '/stream', agent: false },
          (res) => {
            let text = ''
            res.on('data', (chunk: Buffer) => {
              if (text === '') server.child.kill('SIGTERM')
              text += chunk.toString()
            })
            res.on('end', () => resolve(text))
            res.on('error', reject)
          },
        )
        req.on('error', reject)
        req.end()
      })
      expect(await body).toBe('part0\npart1\npart2\npart3\npart4\n')
      expect(await exitCode(server)).toBe(0)
    } finally {
      await server.stop()
    }
  })

  it('answers a request that arrives on an open connection with Connection: close', async () => {
    const server = await startServer(app)
    try {
      // The first request is in flight when the signal comes; the second arrives during the drain.
      const raw = sendRaw(server.port, get('/slow?ms=400'), { more: [[250, get('/hello')]] })
      await settle(100)
      server.child.kill('SIGTERM')
      const r = await raw
      const second = r.text.slice(r.text.lastIndexOf('HTTP/1.1 '))
      expect(r.text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2)
      expect(second).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Connection: close\r\n/i)
      expect(r.closed).toBe(true)
      expect(await exitCode(server)).toBe(0)
    } finally {
      await server.stop()
    }
  })

  it('cuts what is still running at drainTimeout, says so, and exits', async () => {
    const server = await startServer(app)
    try {
      const hung = sendRaw(server.port, head('GET', '/hang'), { timeoutMs: 8_000 })
      await settle(100)
      server.child.kill('SIGTERM')
      const r = await hung
      expect(r.closed).toBe(true)
      expect(r.status).toBeUndefined()
      expect(await exitCode(server)).toBe(0)
      expect(server.output()).toContain(
        '[RK_DRAIN_TIMEOUT] Shutdown: 1 connection was still busy after the 1500 ms drainTimeout',
      )
    } finally {
      await server.stop()
    }
  })

  it('exits at once with code 1 on a second signal', async () => {
    const server = await startServer(app, { args: ['--drain-timeout', '60s'] })
    try {
      const hung = sendRaw(server.port, head('GET', '/hang'), { timeoutMs: 8_000 })
      await settle(100)
      server.child.kill('SIGTERM')
      await waitFor(() => server.output().includes('SIGTERM: finishing in-flight requests (up to 60000 ms)'))
      server.child.kill('SIGINT')
      expect(await exitCode(server)).toBe(1)
      expect(server.output()).toContain('SIGINT again: exiting now')
      expect((await hung).closed).toBe(true)
    } finally {
      await server.stop()
    }
  })

  it('waits for after() callbacks that are still running', async () => {
    const server = await startServer(app)
    try {
      expect((await send(server.port, 'GET', '/after-slow')).json()).toEqual({ answered: true })
      server.child.kill('SIGTERM')
      expect(await exitCode(server)).toBe(0)
      expect(server.output()).toContain('after callback finished (no agent)')
    } finally {
      await server.stop()
    }
  })
})
