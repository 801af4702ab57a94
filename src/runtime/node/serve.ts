/** Starts a `node:http` server for a RuntimeApp. */
import { createServer, type Server } from 'node:http'
import type { RuntimeApp } from '../runtime-app.ts'
import { createRequestListener } from './request-listener.ts'

export interface ServeOptions {
  port: number
  hostname: string
}

/** Listens on `hostname:port` and resolves once the socket is bound. */
export function serve(app: RuntimeApp, options: ServeOptions): Promise<Server> {
  const server = createServer({ keepAliveTimeout: 5_000 }, createRequestListener(app))
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.hostname, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}
