// Spawns a contender's server pinned to the server core, waits for its first 200, stops it by pid.
import { spawn } from 'node:child_process'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import { onCpu } from './pin.mjs'

const live = new Set()

/** Kills every server this process started and has not stopped yet (on exit or Ctrl-C). */
export function killAllStarted() {
  for (const child of live) {
    try {
      process.kill(child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  live.clear()
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

/** One HTTP request without keep-alive: `{ status, body }`, or `{ error }`. */
export function fetchOnce(url, { method = 'GET', body, timeoutMs = 5_000 } = {}) {
  return new Promise((resolve) => {
    const headers =
      body === undefined
        ? {}
        : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
    const req = httpRequest(url, { method, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks = []
      res.on('data', (chunk) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', (error) => resolve({ error }))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (error) => resolve({ error }))
    req.end(body)
  })
}

/**
 * Starts `spec` (`{ command, args, cwd, env }`) on the server core. Returns `{ pid, url, output(), stop() }`;
 * `output()` is what the server printed so far (for error messages).
 */
export function startServer(spec, { pinning, port, host }) {
  const { command, args } = onCpu(pinning, pinning.serverCpu, spec.command, spec.args)
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  live.add(child)
  let output = ''
  const keep = (chunk) => {
    if (output.length < 20_000) output += chunk
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return {
    pid: child.pid,
    url: `http://${host}:${port}`,
    output: () => output,
    exited,
    /** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000)
        await exited
        clearTimeout(timer)
      }
      live.delete(child)
    },
  }
}

/**
 * Polls `url` every 2 ms until it answers 200; resolves with the ms since `startedAt`, or undefined when
 * the process exits or `timeoutMs` passes.
 */
export async function waitFor200(server, path, startedAt, timeoutMs = 30_000) {
  const state = { gone: false }
  server.exited.then(() => (state.gone = true))
  while (!state.gone && performance.now() - startedAt < timeoutMs) {
    const result = await fetchOnce(server.url + path, { timeoutMs: 2_000 })
    if (result.status === 200) return performance.now() - startedAt
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return undefined
}
