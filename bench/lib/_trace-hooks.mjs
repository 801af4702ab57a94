// Module hooks (runs on Node's loader thread): appends every resolved node_modules URL to $ROUTEKIT_BENCH_TRACE.
import { appendFileSync } from 'node:fs'

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context)
  const file = process.env.ROUTEKIT_BENCH_TRACE
  if (file !== undefined && result.url.includes('/node_modules/')) appendFileSync(file, `${result.url}\n`)
  return result
}
