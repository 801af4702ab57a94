import { describe, expect, it } from 'vitest'
import type { OutputChunk } from 'rolldown'
import { usesRequestScope } from '../../src/compiler/_request-scope.ts'

const aliases = { 'next/server': '/rk/dist/server.js', 'next/headers': '/rk/dist/headers.js' }
const chunk = (code: string): OutputChunk => ({ type: 'chunk', code }) as OutputChunk

describe('usesRequestScope', () => {
  it('is off for apps that only use NextResponse', () => {
    expect(
      usesRequestScope([chunk('import { NextResponse } from "file:///rk/dist/server.js";')], aliases),
    ).toBe(false)
  })
  it('turns on for after() imported through a file URL', () => {
    expect(
      usesRequestScope([chunk('import { NextResponse, after } from "file:///rk/dist/server.js";')], aliases),
    ).toBe(true)
  })
  it('turns on for after() imported by path, renamed', () => {
    expect(usesRequestScope([chunk("import { after as later } from '/rk/dist/server.js';")], aliases)).toBe(
      true,
    )
  })
  it('turns on for any next/headers import', () => {
    expect(usesRequestScope([chunk('import { cookies } from "file:///rk/dist/headers.js";')], aliases)).toBe(
      true,
    )
  })
  it('turns on for a namespace import of next/server', () => {
    expect(usesRequestScope([chunk('import * as server from "file:///rk/dist/server.js";')], aliases)).toBe(
      true,
    )
  })
})
