// Hono on @hono/node-server, the routes written the way its docs show.
import { fileURLToPath } from 'node:url'
import { exitOnSignals, isMain, listenOptions } from '../lib/main-module.mjs'

export const contender = {
  id: 'hono',
  label: 'Hono',
  packages: ['hono', '@hono/node-server'],
  spawn: ({ port, host }) => ({
    command: process.execPath,
    args: [fileURLToPath(import.meta.url)],
    env: { PORT: String(port), HOST: host },
  }),
}

if (isMain(import.meta.url)) {
  exitOnSignals()
  const { Hono } = await import('hono')
  const { serve } = await import('@hono/node-server')
  const { getProducts } = await import('../lib/products.mjs')
  const app = new Hono()
  app.get('/api/hello', (c) => c.json({ message: 'Hello!' }))
  app.get('/api/search', (c) => c.json({ query: c.req.query('q') ?? null }))
  app.post('/api/search', async (c) => c.json({ received: await c.req.json() }, 201))
  app.get('/users/:id', (c) => c.json({ id: c.req.param('id') }))
  app.get('/api/products', async (c) => c.json(await getProducts()))
  const { port, host } = listenOptions()
  serve({ fetch: app.fetch, port, hostname: host }, () => console.log(`ready on http://${host}:${port}`))
}
