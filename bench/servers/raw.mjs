// The ceiling: hand-written node:http, same bodies and headers (content-type + content-length) as the others.
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { exitOnSignals, isMain, listenOptions } from '../lib/main-module.mjs'
import { getProducts } from '../lib/products.mjs'

export const contender = {
  id: 'raw',
  label: 'node:http',
  /** Packages it needs from bench/node_modules (for the installed-size column). */
  packages: [],
  spawn: ({ port, host }) => ({
    command: process.execPath,
    args: [fileURLToPath(import.meta.url)],
    env: { PORT: String(port), HOST: host },
  }),
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

function readJson(req, res, then) {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    let value
    try {
      value = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return send(res, 400, '{"error":"Bad JSON"}')
    }
    then(value)
  })
}

function onRequest(req, res) {
  const url = req.url
  const q = url.indexOf('?')
  const path = q === -1 ? url : url.slice(0, q)
  const method = req.method
  if (path === '/api/hello' && method === 'GET') return send(res, 200, JSON.stringify({ message: 'Hello!' }))
  if (path === '/api/search') {
    if (method === 'GET') {
      const query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1)).get('q')
      return send(res, 200, JSON.stringify({ query }))
    }
    if (method === 'POST')
      return readJson(req, res, (received) => send(res, 201, JSON.stringify({ received })))
  }
  if (path.startsWith('/users/') && method === 'GET' && path.indexOf('/', 7) === -1 && path.length > 7) {
    return send(res, 200, JSON.stringify({ id: decodeURIComponent(path.slice(7)) }))
  }
  if (path === '/api/products' && method === 'GET') {
    return void getProducts().then((rows) => send(res, 200, JSON.stringify(rows)))
  }
  send(res, 404, '{"error":"Not Found"}')
}

if (isMain(import.meta.url)) {
  exitOnSignals()
  const { port, host } = listenOptions()
  createServer(onRequest).listen(port, host, () => console.log(`ready on http://${host}:${port}`))
}
