/**
 * Cache keys (C20–C23): `["<function id>",[<args>],["<build id>"]]`, where arguments encode with the rules of
 * React's reply encoding that Next uses: object key order counts, Date/undefined/Map/Set/BigInt/typed arrays
 * have markers, anything with `toJSON` (URL) encodes as its JSON form, and every non-serializable value
 * (class instance, function, Request, unregistered Symbol) is a temporary reference `"$T"`: it passes through
 * to the function but fails when read (C22), and all such values share one key slot.
 */
import { createTemporaryReference } from './_temporary-reference.ts'

const TEMP = '"$T"'
const OBJECT_PROTO = Object.prototype

/** Builds the key of one call; `bound` are the closed-over values of an inline function (C20). */
export function encodeCacheKey(
  buildId: string,
  id: string,
  args: readonly unknown[],
  bound?: readonly unknown[],
): string {
  const stack: object[] = []
  let out = `[${JSON.stringify(id)},[`
  if (bound !== undefined) out += encodeArray(bound, stack) + (args.length > 0 ? ',' : '')
  for (let i = 0; i < args.length; i++) out += (i === 0 ? '' : ',') + encode(args[i], stack)
  return `${out}],[${JSON.stringify(buildId)}]]`
}

function encodeString(value: string): string {
  // A leading "$" is doubled so no user string can look like a marker (React does the same).
  return JSON.stringify(value.charCodeAt(0) === 36 ? `$${value}` : value)
}

function encodeArray(items: readonly unknown[], stack: object[]): string {
  let out = '['
  for (let i = 0; i < items.length; i++) out += (i === 0 ? '' : ',') + encode(items[i], stack)
  return `${out}]`
}

function toBase64(view: ArrayBufferView | ArrayBuffer): string {
  const bytes =
    view instanceof ArrayBuffer
      ? Buffer.from(view)
      : Buffer.from(view.buffer, view.byteOffset, view.byteLength)
  return bytes.toString('base64')
}

function encode(value: unknown, stack: object[]): string {
  switch (typeof value) {
    case 'string':
      return encodeString(value)
    case 'number':
      if (Number.isFinite(value)) return Object.is(value, -0) ? '"$-0"' : String(value)
      return Number.isNaN(value) ? '"$NaN"' : value > 0 ? '"$Infinity"' : '"$-Infinity"'
    case 'boolean':
      return value ? 'true' : 'false'
    case 'undefined':
      return '"$undefined"'
    case 'bigint':
      return `"$n${value}"`
    case 'symbol': {
      const key = Symbol.keyFor(value)
      return key === undefined ? TEMP : JSON.stringify(`$S${key}`)
    }
    case 'function':
      return TEMP
  }
  if (value === null) return 'null'
  const object = value as object
  const cycle = stack.indexOf(object)
  if (cycle !== -1) return `"$C${cycle}"`
  stack.push(object)
  try {
    return encodeObject(object, stack)
  } finally {
    stack.pop()
  }
}

function encodeObject(object: object, stack: object[]): string {
  if (Array.isArray(object)) return encodeArray(object, stack)
  if (object instanceof Date) {
    return JSON.stringify(`$D${Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString()}`)
  }
  const proto = Object.getPrototypeOf(object) as unknown
  if (proto === OBJECT_PROTO) {
    const record = object as Record<string, unknown>
    if (typeof record.toJSON === 'function') return encode((record.toJSON as () => unknown)(), stack)
    let out = '{'
    let first = true
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue
      out += `${first ? '' : ','}${JSON.stringify(key)}:${encode(record[key], stack)}`
      first = false
    }
    return `${out}}`
  }
  if (object instanceof Map) {
    let out = '["$Q"'
    for (const [k, v] of object) out += `,[${encode(k, stack)},${encode(v, stack)}]`
    return `${out}]`
  }
  if (object instanceof Set) {
    let out = '["$W"'
    for (const v of object) out += `,${encode(v, stack)}`
    return `${out}]`
  }
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
    return JSON.stringify(`$A${object.constructor.name}:${toBase64(object)}`)
  }
  // C23: URL (and anything else with toJSON) is encoded, and received, as its JSON form.
  const toJSON = (object as { toJSON?: unknown }).toJSON
  if (typeof toJSON === 'function') return encode((toJSON as () => unknown).call(object), stack)
  return TEMP
}

/**
 * The arguments as the cached function receives them (C22, C23): values with `toJSON` replaced by their JSON
 * form, non-serializable values by temporary references. Returns `args` itself when nothing changes.
 */
export function reviveArgs(args: unknown[]): unknown[] {
  let out: unknown[] | undefined
  for (let i = 0; i < args.length; i++) {
    const value = args[i]
    const revived = revive(value, [])
    if (revived !== value) (out ??= [...args])[i] = revived
  }
  return out ?? args
}

function revive(value: unknown, stack: object[]): unknown {
  if (typeof value === 'function') return createTemporaryReference()
  if (typeof value === 'symbol')
    return Symbol.keyFor(value) === undefined ? createTemporaryReference() : value
  if (typeof value !== 'object' || value === null || stack.includes(value)) return value
  if (value instanceof Date || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value
  stack.push(value)
  try {
    return reviveObject(value, stack)
  } finally {
    stack.pop()
  }
}

function reviveObject(object: object, stack: object[]): unknown {
  if (Array.isArray(object)) {
    const copy = object.map((item) => revive(item, stack))
    return copy.every((item, i) => item === object[i]) ? object : copy
  }
  if (object instanceof Map) {
    let changed = false
    const entries = [...object].map(([k, v]): [unknown, unknown] => {
      const entry: [unknown, unknown] = [revive(k, stack), revive(v, stack)]
      changed ||= entry[0] !== k || entry[1] !== v
      return entry
    })
    return changed ? new Map(entries) : object
  }
  if (object instanceof Set) {
    const items = [...object].map((item) => revive(item, stack))
    return items.every((item) => object.has(item)) ? object : new Set(items)
  }
  const toJSON = (object as { toJSON?: unknown }).toJSON
  if (typeof toJSON === 'function') return revive((toJSON as () => unknown).call(object), stack)
  if (Object.getPrototypeOf(object) !== OBJECT_PROTO) return createTemporaryReference()
  const record = object as Record<string, unknown>
  let copy: Record<string, unknown> | undefined
  for (const key of Object.keys(record)) {
    const revived = revive(record[key], stack)
    if (revived !== record[key]) (copy ??= { ...record })[key] = revived
  }
  return copy ?? object
}
