// Runs a build-type command to completion, capturing its output (bounded in time).
import { spawn } from 'node:child_process'

/** Resolves with `{ code, output, seconds }`; never rejects. Kills the child (by its pid) after `timeoutMs`. */
export function runCommand(command, args, { cwd, env, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    const done = (code) => {
      clearTimeout(timer)
      resolve({ code, output, seconds: (performance.now() - started) / 1000 })
    }
    child.on('error', (error) => {
      output += String(error)
      done(-1)
    })
    child.on('close', (code) => done(code ?? -1))
  })
}
