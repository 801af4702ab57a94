// Fastify with its defaults (no logger, no response schemas: the same JSON.stringify work as the others).
import { fileURLToPath } from 'node:url'
import { exitOnSignals, isMain, listenOptions } from '../lib/main-module.mjs'

export const contender = {
  id: 'fastify',
  label: 'Fastify',
  packages: ['fastify'],
  spawn: ({ port, host }) => ({
    command: process.execPath,
    args: [fileURLToPath(import.meta.url)],
    env: { PORT: String(port), HOST: host },
  }),
}

if (isMain(import.meta.url)) {
  exitOnSignals()
  const { default: Fastify } = await import('fastify')
  const { getProducts } = await import('../lib/products.mjs')
  const app = Fastify({ logger: false })
  app.get('/api/hello', (request, reply) => reply.send({ message: 'Hello!' }))
  app.get('/api/search', (request, reply) => reply.send({ query: request.query.q ?? null }))
  app.post('/api/search', (request, reply) => reply.code(201).send({ received: request.body }))
  app.get('/users/:id', (request, reply) => reply.send({ id: request.params.id }))
  app.get('/api/products', async () => getProducts())
  const { port, host } = listenOptions()
  await app.listen({ port, host })
  console.log(`ready on http://${host}:${port}`)
}
