/** `routekit <command>`: parses the command line and runs one command. */
import pc from 'picocolors'
import { RoutekitError } from '../errors.ts'
import { commands } from './commands.ts'

const VERSION = '0.1.0'

function usage(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${pc.cyan(name.padEnd(8))} ${c.summary}`)
  return [
    `${pc.bold('routekit')} ${pc.dim(VERSION)} — serve Next.js route handlers on plain Node`,
    '',
    `${pc.bold('Usage:')} routekit <command> [dir] [options]`,
    '',
    `${pc.bold('Commands:')}`,
    ...rows,
    '',
    `Run ${pc.cyan('routekit <command> --help')} for a command's options.`,
  ].join('\n')
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage())
    return name === undefined ? 1 : 0
  }
  if (name === '--version' || name === '-v') {
    console.log(VERSION)
    return 0
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (entry === undefined) {
    console.error(`${pc.red('⨯')} Unknown command "${name}".\n\n${usage()}`)
    return 1
  }
  const command = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help)
    return 0
  }
  try {
    return await command.run(rest)
  } catch (error) {
    if (error instanceof RoutekitError) {
      console.error(`${pc.red('⨯')} ${error.message}`)
      return 1
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${pc.red('⨯')} ${error.message}\n\n${command.help}`)
      return 1
    }
    throw error
  }
}
