/**
 * The table of CLI commands; each lives in its own file and is imported only when it runs, so
 * `routekit start` never loads the compiler (rolldown, oxc): a faster cold start and a smaller
 * production footprint.
 */

import { loadWithBuildTools } from './_build-tools.ts'

/** One `routekit` sub-command. */
export interface Command {
  summary: string
  help: string
  run(argv: string[]): Promise<number>
}

/** A command's one-line summary and how to load it. */
export interface CommandEntry {
  summary: string
  load(): Promise<Command>
}

export const commands: Record<string, CommandEntry> = {
  dev: {
    summary: 'build and serve, reloading on every change',
    load: () => loadWithBuildTools('dev', () => import('./dev.ts').then((m) => m.devCommand)),
  },
  build: {
    summary: 'compile app/**/route.ts into .routekit/ for `routekit start`',
    load: () => loadWithBuildTools('build', () => import('./build.ts').then((m) => m.buildCommand)),
  },
  start: {
    summary: 'serve the build in .routekit/',
    load: () => import('./start.ts').then((m) => m.startCommand),
  },
  routes: {
    summary: 'print the route table (URL pattern, methods, file)',
    load: () => loadWithBuildTools('routes', () => import('./routes.ts').then((m) => m.routesCommand)),
  },
  typegen: {
    summary: 'write .routekit/types/ for RouteContext and next/* types',
    load: () => import('./typegen.ts').then((m) => m.typegenCommand),
  },
}
