/**
 * C22: what a cached function receives in place of a non-serializable argument: an opaque value it can pass
 * along but not look into, with the messages React's temporary references throw.
 */

const kTemporaryReference = Symbol.for('react.temporary.reference')

function noAccess(name: string | symbol): Error {
  return new Error(
    `Cannot access ${String(name)} on the server. You cannot dot into a temporary client reference from a server component. ` +
      'You can only pass the value through to the client.',
  )
}

const handler: ProxyHandler<() => never> = {
  get(target, name) {
    switch (name) {
      case '$$typeof':
        return kTemporaryReference
      // Not a thenable, no JSON form, default conversions: so `await`, JSON and String() reach the errors below.
      case 'then':
      case 'toJSON':
      case 'name':
      case 'displayName':
        return undefined
      case Symbol.toPrimitive:
        return undefined
      case Symbol.toStringTag:
        return undefined
    }
    void target
    throw noAccess(name)
  },
  set() {
    throw new Error('Cannot assign to a temporary client reference from a server module.')
  },
  has(_target, name) {
    throw noAccess(name)
  },
  ownKeys() {
    throw noAccess('keys')
  },
  apply() {
    throw new Error(
      "Attempted to call a temporary Client Reference from the server but it is on the client. It's not possible to invoke a client function from the server, it can only be rendered as a Component or passed to props of a Client Component.",
    )
  },
}

/** A fresh temporary reference. */
export function createTemporaryReference(): unknown {
  return new Proxy(function temporaryReference(): never {
    throw new Error('unreachable')
  }, handler)
}

/** True for a value made by `createTemporaryReference` (the codec refuses to store one). */
export function isTemporaryReference(value: unknown): boolean {
  return typeof value === 'function' && (value as { $$typeof?: unknown }).$$typeof === kTemporaryReference
}
