// The load generator: wrk (1 thread) when installed, autocannon otherwise; pinned to the load core.
import { spawn, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { onCpu } from './pin.mjs'

/** `'wrk'` or `'autocannon'`, with the reason. `preference` comes from `--load`. */
export function chooseLoadTool(preference) {
  const hasWrk = spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined
  if (preference === 'autocannon') return { tool: 'autocannon', reason: 'asked for with --load autocannon' }
  if (hasWrk) {
    return {
      tool: 'wrk',
      reason:
        'wrk is installed: one C thread drives the server core to ~100 % CPU, where autocannon (a Node process) ' +
        'is often the bottleneck on a 2-core machine, which would compress every ratio toward 1',
    }
  }
  if (preference === 'wrk') throw new Error('--load wrk: wrk is not installed (apt-get install -y wrk)')
  return {
    tool: 'autocannon',
    reason: 'wrk is not installed (apt-get install -y wrk to use it); autocannon from bench/',
  }
}

function luaString(text) {
  return `[==[${text}]==]`
}

/** Writes the wrk script for `endpoint`: method, body, and a `done` hook that prints one JSON line. */
function wrkScript(workDir, endpoint) {
  const file = join(workDir, `wrk-${endpoint.id}.lua`)
  const lines = [`wrk.method = "${endpoint.method}"`]
  if (endpoint.requestBody !== undefined) {
    lines.push(
      `wrk.body = ${luaString(endpoint.requestBody)}`,
      'wrk.headers["Content-Type"] = "application/json"',
    )
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format(\'\\n{"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50Us":%d,"p99Us":%d}\\n\',',
    '    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,',
    '    latency:percentile(50), latency:percentile(99)))',
    'end',
  )
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

function run(command, args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/**
 * Runs `seconds` of load against `url + endpoint.path` with `connections` connections.
 * Resolves `{ requests, seconds, rps, p50Ms, p99Ms, errors }`; `errors` counts socket errors, timeouts
 * and error statuses (≥ 400).
 */
export async function runLoad({ tool, pinning, url, endpoint, seconds, connections, workDir, benchDir }) {
  const target = url + endpoint.path
  if (tool === 'wrk') {
    const script = wrkScript(workDir, endpoint)
    const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '-s', script, target]
    const { command, args: full } = onCpu(pinning, pinning.loadCpu, 'wrk', args)
    const result = await run(command, full, (seconds + 15) * 1000)
    const line = result.stdout.split('\n').findLast((text) => text.startsWith('{"requests"'))
    if (line === undefined) throw new Error(`wrk failed (${result.code}): ${result.stderr || result.stdout}`)
    const data = JSON.parse(line)
    const elapsed = data.durationUs / 1e6
    return {
      requests: data.requests,
      seconds: elapsed,
      rps: data.requests / elapsed,
      p50Ms: data.p50Us / 1000,
      p99Ms: data.p99Us / 1000,
      errors: data.connect + data.read + data.write + data.status + data.timeout,
    }
  }
  const bin = join(benchDir, 'node_modules', 'autocannon', 'autocannon.js')
  const args = [bin, '--json', '-c', String(connections), '-d', String(seconds), '-m', endpoint.method]
  if (endpoint.requestBody !== undefined)
    args.push('-H', 'content-type=application/json', '-b', endpoint.requestBody)
  args.push(target)
  const { command, args: full } = onCpu(pinning, pinning.loadCpu, process.execPath, args)
  const result = await run(command, full, (seconds + 15) * 1000)
  const data = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')))
  const ok = data['2xx'] ?? data.requests.total
  return {
    requests: ok,
    seconds: data.duration,
    rps: ok / data.duration,
    p50Ms: data.latency.p50,
    p99Ms: data.latency.p99,
    errors: (data.non2xx ?? 0) + (data.errors ?? 0) + (data.timeouts ?? 0),
  }
}
