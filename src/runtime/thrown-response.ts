/** Errors that handlers throw on purpose (`notFound()`, `redirect()`…) and the responses they stand for. */

type Resolver = (error: unknown) => Response | undefined

const resolvers: Resolver[] = []

/** Registers a resolver; `next/navigation` adds its own when it loads, so apps that never use it pay nothing. */
export function addThrownResponseResolver(resolver: Resolver): void {
  resolvers.push(resolver)
}

/** The response a thrown value stands for, or `undefined` when it is an ordinary error. */
export function resolveThrownResponse(error: unknown): Response | undefined {
  for (const resolve of resolvers) {
    const response = resolve(error)
    if (response !== undefined) return response
  }
  return undefined
}
