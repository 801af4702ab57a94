// `node --import ./trace-packages.mjs …`: records which packages a process loads (see _trace-hooks.mjs).
import { register } from 'node:module'

register('./_trace-hooks.mjs', import.meta.url)
