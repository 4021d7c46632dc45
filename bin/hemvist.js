#!/usr/bin/env node
// Entry point for `npx hemvist`: registers tsx so that the TypeScript sources run as they are.
import { register } from 'tsx/esm/api'

register()
const { main, runWorker } = await import('../src/main/cli.ts')
const argv = process.argv.slice(2)
// `hemvist worker` runs until SIGINT/SIGTERM; every other command answers at once.
process.exitCode = argv[0] === 'worker' ? await runWorker(argv.slice(1)) : main(argv)
