/** `routekit/headers` (and `next/headers`). */
export { cookies, draftMode, headers, type DraftMode } from './runtime/next-headers.ts'
