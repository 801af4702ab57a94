// Lets a servers/*.mjs file be both a contender description (imported) and the server itself (run).
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** True when the module at `url` is the script node was started with. */
export function isMain(url) {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(url))
  } catch {
    return false
  }
}

/** Port and host a server script was given by the orchestrator. */
export function listenOptions() {
  return { port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' }
}

/** Exits cleanly on SIGTERM/SIGINT, so `node --cpu-prof` gets to write its profile (bench/profile.mjs). */
export function exitOnSignals() {
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0))
}
