#!/usr/bin/env node
import { main } from '../dist/cli/main.js'

// Once the command is over, an open IPC channel must not keep the process alive: node:cluster holds one
// open in every `start --workers` worker, so a worker that fails to start would idle instead of exiting.
const done = () => process.channel?.unref()

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code
    done()
  },
  (error) => {
    console.error(error)
    process.exitCode = 1
    done()
  },
)
