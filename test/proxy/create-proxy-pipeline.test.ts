import { describe, expect, it } from 'vitest'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { defaultConfig } from '../../src/config/resolved-config.ts'
import { toMatcherRegexp } from '../../src/proxy/build-proxy-matchers.ts'
import { createConfigRoutes } from '../../src/proxy/create-config-routes.ts'
import { createProxyMatcher } from '../../src/proxy/create-proxy-matcher.ts'
import { createProxyPipeline } from '../../src/proxy/create-proxy-pipeline.ts'
import type { LoadedProxy } from '../../src/proxy/load-proxy.ts'
import { buildRouter } from '../../src/router/build-router.ts'
import { resolveRuntimeOptions, type RuntimeApp } from '../../src/runtime/runtime-app.ts'

const logger = { info() {}, warn() {}, error() {} }

function app(extra: Partial<RuntimeApp> = {}): RuntimeApp {
  return { ...resolveRuntimeOptions(), router: buildRouter([]), logger, ...extra }
}

function proxy(source: string, calls: string[]): LoadedProxy {
  return {
    file: 'proxy.ts',
    page: '/proxy',
    fn: (request) => void calls.push(new URL(request.url).pathname),
    matches: createProxyMatcher([{ source, regexp: toMatcherRegexp(source) }]),
  }
}

const req = {
  method: 'GET',
  url: '/x',
  headers: {},
  rawHeaders: [],
  socket: { localPort: 1 },
} as unknown as IncomingMessage
const untouched = new Proxy({} as ServerResponse, {
  get(_target, key) {
    throw new Error(`the response was touched (${String(key)})`)
  },
})

describe('createProxyPipeline', () => {
  it('is undefined without a proxy and without next.config rules: the listener keeps its plain path', () => {
    expect(createProxyPipeline(app())).toBeUndefined()
    expect(createProxyPipeline(app({ configRoutes: createConfigRoutes(defaultConfig()) }))).toBeUndefined()
  })

  it('hands back a request the matcher excludes without running the proxy or touching the response', () => {
    const calls: string[] = []
    const intercept = createProxyPipeline(app({ proxy: proxy('/api/:path*', calls) }))!
    expect(intercept(req, untouched, '/other', '')).toBe(false)
    expect(calls).toEqual([])
  })

  it('hands back a request no config rule covers', () => {
    const configRoutes = createConfigRoutes({
      ...defaultConfig(),
      headers: [{ source: '/api/:path*', headers: [{ key: 'x', value: '1' }] }],
    })
    const intercept = createProxyPipeline(app({ configRoutes }))!
    expect(intercept(req, untouched, '/other', '')).toBe(false)
  })

  it('takes over a request the matcher covers and runs the proxy', () => {
    const calls: string[] = []
    const intercept = createProxyPipeline(app({ proxy: proxy('/api/:path*', calls) }))!
    const written: number[] = []
    const res = {
      writeHead: (status: number) => written.push(status),
      end() {},
      once() {},
      writableFinished: true,
    }
    expect(intercept(req, res as unknown as ServerResponse, '/api/a', '')).toBe(true)
    expect(calls).toEqual(['/api/a'])
    expect(written).toEqual([404])
  })
})
