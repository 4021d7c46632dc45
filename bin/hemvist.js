#!/usr/bin/env node
// Entry point for `npx hemvist`: registers tsx so that the TypeScript sources run as they are.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main/cli.ts')
process.exitCode = main(process.argv.slice(2))
