/** Runs a request scope's `after()` callbacks once the response is out; their errors are logged only. */
import type { ServerResponse } from 'node:http'
import { runInRequestStore, type RequestStore } from '../runtime/request-store.ts'
import type { RuntimeApp } from '../runtime/runtime-app.ts'

/** Same contract as the listener's: in order, inside `store`, after `res` finished; `where` names the file. */
export function runAfterTasks(
  app: RuntimeApp,
  store: RequestStore | undefined,
  res: ServerResponse,
  where: string,
): void {
  if (store?.after === undefined) return
  const tasks = store.after
  store.after = undefined
  const run = async (): Promise<void> => {
    for (const task of tasks) {
      try {
        await runInRequestStore(store, task)
      } catch (error) {
        app.logger.error(`after() callback failed in ${where}:`, error)
      }
    }
  }
  if (res.writableFinished) void run()
  else res.once('close', () => void run())
}
