/** `routekit`: the programmatic API — load a build and serve it, or build a request listener. */
export { loadApp, type LoadAppOptions } from './runtime/load-app.ts'
export { createRequestListener } from './runtime/node/request-listener.ts'
export { serve, type ServeOptions } from './runtime/node/serve.ts'
export type { RuntimeApp, RuntimeOptions } from './runtime/runtime-app.ts'
export { RoutekitError, type ErrorCode } from './errors.ts'
export type { RoutekitConfig, ServerLimits } from './config/server-limits.ts'
