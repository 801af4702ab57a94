// `npm run demo`: build examples/basic and serve it on 127.0.0.1:3000.
import { spawnSync, spawn } from 'node:child_process'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const bin = join(root, 'bin', 'routekit.mjs')
const app = join(root, 'examples', 'basic')
const port = process.env.PORT ?? '3000'
const built = spawnSync(process.execPath, [bin, 'build', app], { stdio: 'inherit' })
if (built.status !== 0) process.exit(built.status ?? 1)
const server = spawn(process.execPath, [bin, 'start', app, '--port', port, '--hostname', '127.0.0.1'], {
  stdio: 'inherit',
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
