/**
 * The value codec: `node:v8` serialization (full fidelity for Date, Map, Set, BigInt, typed arrays, `undefined`,
 * cycles) behind a 3-byte header — a magic byte, the codec version and the Node major — so bytes written by
 * another codec or another Node line read as a miss instead of as garbage. Only values React can send from a
 * cached function are accepted (C24): a Response or class instance is a clear error naming the function.
 */
import { deserialize, serialize } from 'node:v8'
import { createError } from '../errors.ts'

const MAGIC = 0x52 // "R"
const CODEC_VERSION = 1
const NODE_MAJOR = Number(process.versions.node.split('.')[0]) & 0xff
const HEADER = 3

/** Returned by `decodeValue` for bytes it cannot read: the caller treats the entry as missing. */
export const UNREADABLE: unique symbol = Symbol('routekit.cache.unreadable')

const OBJECT_PROTO = Object.prototype

/** Serializes what `fn` returned; throws RK_CACHE_UNSERIALIZABLE naming `fn` and the offending path (C24). */
export function encodeValue(value: unknown, fn: string): Uint8Array {
  const problem = findUnserializable(value, 'result', [])
  if (problem !== undefined) throw createError('RK_CACHE_UNSERIALIZABLE', { fn, ...problem })
  const body = serialize(value)
  const out = Buffer.allocUnsafe(body.byteLength + HEADER)
  out[0] = MAGIC
  out[1] = CODEC_VERSION
  out[2] = NODE_MAJOR
  body.copy(out, HEADER)
  return out
}

/** The value in `bytes`, or UNREADABLE when they were not written by this codec on this Node major. */
export function decodeValue(bytes: Uint8Array): unknown {
  if (
    bytes.byteLength < HEADER ||
    bytes[0] !== MAGIC ||
    bytes[1] !== CODEC_VERSION ||
    bytes[2] !== NODE_MAJOR
  ) {
    return UNREADABLE
  }
  return deserialize(bytes.subarray(HEADER))
}

function describe(value: unknown): string {
  if (typeof value === 'function') return value.name === '' ? 'a function' : `the function ${value.name}`
  if (typeof value === 'symbol') return 'a Symbol'
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null
  if (proto === null) return 'an object with a null prototype'
  const name = proto.constructor?.name
  return name === undefined || name === '' ? 'a class instance' : `a ${name}`
}

function findUnserializable(
  value: unknown,
  path: string,
  stack: object[],
): { path: string; received: string } | undefined {
  const type = typeof value
  if (type === 'function' || type === 'symbol') return { path, received: describe(value) }
  if (type !== 'object' || value === null) return undefined
  const object = value as object
  if (stack.includes(object)) return undefined
  if (object instanceof Date || ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return undefined
  stack.push(object)
  try {
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        const found = findUnserializable(object[i], `${path}[${i}]`, stack)
        if (found !== undefined) return found
      }
      return undefined
    }
    if (object instanceof Map) {
      for (const [k, v] of object) {
        const found =
          findUnserializable(k, `${path} key`, stack) ??
          findUnserializable(v, `${path}.get(${String(k)})`, stack)
        if (found !== undefined) return found
      }
      return undefined
    }
    if (object instanceof Set) {
      for (const v of object) {
        const found = findUnserializable(v, `${path} item`, stack)
        if (found !== undefined) return found
      }
      return undefined
    }
    // C24: only plain objects; classes (Response, URL, RegExp, Error…) and null prototypes are refused.
    if (Object.getPrototypeOf(object) !== OBJECT_PROTO) return { path, received: describe(object) }
    const record = object as Record<string, unknown>
    for (const key of Object.keys(record)) {
      const found = findUnserializable(record[key], `${path}.${key}`, stack)
      if (found !== undefined) return found
    }
    return undefined
  } finally {
    stack.pop()
  }
}
