/** The one place Routekit writes log lines; everything else calls this. */
import pc from 'picocolors'

export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

function format(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`
  return String(error)
}

/** Writes to stderr (errors, warnings) and stdout (info), coloured when the terminal allows it. */
export const logger: Logger = {
  info(message) {
    process.stdout.write(`${message}\n`)
  },
  warn(message) {
    process.stderr.write(`${pc.yellow('⚠')} ${message}\n`)
  },
  error(message, error) {
    process.stderr.write(`${pc.red('⨯')} ${message}${error === undefined ? '' : `\n${format(error)}`}\n`)
  },
}
