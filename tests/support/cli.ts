import { PassThrough } from 'node:stream'
import type { Env } from '../../src/main/admin-commands.ts'
import { main } from '../../src/main/cli.ts'

/**
 * Runs the command line in this process, as `npx hemvist …` would, and collects what it writes.
 *
 * @example
 * const { code, out, err } = runCli(['schema', 'round'])
 */
export function runCli(argv: string[], env: Env = process.env): { code: number; out: string; err: string } {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (d) => {
    out += d
  })
  stderr.on('data', (d) => {
    err += d
  })
  const code = main(argv, { stdout, stderr } as never, env)
  return { code, out, err }
}
