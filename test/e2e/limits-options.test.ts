// Where limits come from (routekit.config at build, flags at start), what a mistake in them says,
// and maxConnections (503), which needs a server of its own.
import { describe, expect, it } from 'vitest'
import { makeTree } from '../_helpers/make-tree.ts'
import { runCli, send, startServer } from '../_helpers/server.ts'
import { openSocket, sendRaw, head } from '../_helpers/raw-http.ts'

const ECHO = `export async function POST(request) {
  return Response.json({ length: (await request.text()).length })
}
export function GET() {
  return Response.json({ ok: true })
}
`

/** A built project with one echo route and `config` as routekit.config.mjs (none when undefined). */
function project(config?: string): string {
  const files: Record<string, string> = { 'package.json': '{"type":"module"}', 'app/echo/route.js': ECHO }
  if (config !== undefined) files['routekit.config.mjs'] = config
  return makeTree(files)
}

function build(dir: string): ReturnType<typeof runCli> {
  return runCli(['build', dir])
}

describe('routekit.config and flags', () => {
  it('applies the limits routekit.config sets at build, and a flag overrides one at start', async () => {
    const dir = project('export default { bodyLimit: 100 }\n')
    expect(build(dir).status).toBe(0)
    const body = 'x'.repeat(150)
    const fromConfig = await startServer(dir)
    try {
      expect((await send(fromConfig.port, 'POST', '/echo', { body })).status).toBe(413)
    } finally {
      await fromConfig.stop()
    }
    const fromFlag = await startServer(dir, { args: ['--body-limit', '1kb'] })
    try {
      expect((await send(fromFlag.port, 'POST', '/echo', { body })).json()).toEqual({ length: 150 })
    } finally {
      await fromFlag.stop()
    }
  })

  it('fails the build naming the file and the options it knows for an unknown key', () => {
    const r = build(project('export default { bodylimit: "1mb" }\n'))
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      '[RK_CONFIG_UNKNOWN_KEY] routekit.config.mjs: "bodylimit" is not a Routekit option',
    )
    expect(r.stderr).toContain('use one of bodyLimit, maxHeaderSize, maxUrlLength')
  })

  it('fails the build naming the file, the key and the accepted forms for a bad value', () => {
    const r = build(project('export default { headersTimeout: "soon" }\n'))
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      '[RK_LIMIT_INVALID] routekit.config.mjs: invalid headersTimeout "soon"; use a whole number of milliseconds or a duration such as "500ms", "30s" or "2m".',
    )
  })

  it('fails start naming the flag for a bad flag value', () => {
    const dir = project()
    expect(build(dir).status).toBe(0)
    const r = runCli(['start', dir, '--port', '0', '--max-connections', 'many'])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      '--max-connections: invalid maxConnections "many"; use a whole number (0 for no limit).',
    )
  })

  it('refuses a maxUrlLength above maxHeaderSize, naming where each came from', () => {
    const dir = project('export default { maxHeaderSize: "8kb" }\n')
    expect(build(dir).status).toBe(0)
    const r = runCli(['start', dir, '--port', '0', '--max-url-length', '10kb'])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('--max-url-length: invalid maxUrlLength 10240')
    expect(r.stderr).toContain('maxHeaderSize (8192, from routekit.config.mjs)')
  })

  it('lists every limit flag with its default and status in start --help', () => {
    const r = runCli(['start', '--help'])
    expect(r.stdout).toMatch(/--body-limit <size>\s+bodyLimit \(default 10mb, 413 beyond it\)/)
    for (const flag of ['--max-header-size', '--max-url-length', '--headers-timeout', '--request-timeout']) {
      expect(r.stdout).toContain(flag)
    }
    for (const flag of [
      '--keep-alive-timeout',
      '--max-connections',
      '--handler-timeout',
      '--drain-timeout',
    ]) {
      expect(r.stdout).toContain(flag)
    }
  })
})

describe('maxConnections (503)', () => {
  it('answers a connection past the limit with 503 and Retry-After, and serves again once one closes', async () => {
    const dir = project()
    expect(build(dir).status).toBe(0)
    const server = await startServer(dir, { args: ['--max-connections', '2'] })
    try {
      const held = [await openSocket(server.port), await openSocket(server.port)]
      const refused = await sendRaw(server.port, head('GET', '/echo'))
      expect(refused.text).toBe(
        'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n',
      )
      expect(refused.closed).toBe(true)
      held[0]!.destroy()
      let status: number | undefined
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await sendRaw(server.port, head('GET', '/echo'))).status
        if (status !== 200) await new Promise((r) => setTimeout(r, 20))
      }
      expect(status).toBe(200)
      held[1]!.destroy()
      await new Promise((r) => setTimeout(r, 50))
      expect(server.output()).toContain('[RK_TOO_MANY_CONNECTIONS] A connection arrived while 2 were open')
    } finally {
      await server.stop()
    }
  })
})
