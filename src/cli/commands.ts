/** The table of CLI commands; each lives in its own file. */
import { buildCommand } from './build.ts'
import { devCommand } from './dev.ts'
import { routesCommand } from './routes.ts'
import { startCommand } from './start.ts'
import { typegenCommand } from './typegen.ts'

/** One `routekit` sub-command. */
export interface Command {
  summary: string
  help: string
  run(argv: string[]): Promise<number>
}

export const commands: Record<string, Command> = {
  dev: devCommand,
  build: buildCommand,
  start: startCommand,
  routes: routesCommand,
  typegen: typegenCommand,
}
