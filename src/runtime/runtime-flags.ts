/** Config switches that runtime APIs read at call time, set once by the loader from the build. */
export const runtimeFlags = {
  /** next.config `experimental.authInterrupts` (R66). */
  authInterrupts: false,
}
