/** Runs a request scope's `after()` callbacks once the response is out; their errors are logged only. */
import type { ServerResponse } from 'node:http'
import { runInRequestStore, type RequestStore } from '../request-store.ts'
import type { RuntimeApp } from '../runtime-app.ts'
import { trackBackgroundTask } from './track-pending-work.ts'

/**
 * In order, inside `store`, after `res` finished; `where` names the file in the log. Graceful shutdown waits
 * for them (track-pending-work.ts).
 */
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
  if (res.writableFinished) trackBackgroundTask(run())
  else res.once('close', () => trackBackgroundTask(run()))
}
