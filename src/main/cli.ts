import { accessSync, constants, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { engines } from '../../solver/index.ts'
import { withTexts } from '../domain/match/explanation-texts.ts'
import { renderLetter } from '../domain/match/render-letter.ts'
import { renderText } from '../domain/match/render-text.ts'
import { resultJsonPieces } from '../domain/match/result-json.ts'
import { explainHousehold } from '../domain/match/run-round.ts'
import { roundInputSchema } from '../domain/round.ts'
import { describeIssues, fieldIssues } from '../domain/validation.ts'
import { AdminUsageError, adminUsage, auditCommand, type Env, tokenCommand } from './admin-commands.ts'
import { demoCommand, demoUsage } from './demo-commands.ts'
import { extractCommand, followUpUsage, reportCommand, whatIfCommand } from './follow-up-commands.ts'
import { oboCommand, oboUsage } from './obo-commands.ts'
import { readJsonFile } from './read-json-file.ts'
import { retentionCommand, retentionUsage } from './retention-commands.ts'
import { roundCommand, roundUsage, workerCommand } from './round-commands.ts'
import { solveRoundFile } from './solve-round-file.ts'

/**
 * The `hemvist` command line. Exit codes: 0 done, 1 the round could not be
 * solved (infeasible or timed out; the result is still written), 2 bad usage
 * or bad input (a message names the field).
 */

const usage = `usage:
  hemvist solve --in round.json [--out result.json] [--format json|text|letter] [--applicant ID] [--lang sv|en] [--engine ${engines.join('|')}] [--time-limit-ms N] [--no-explain] [--phases]
  hemvist explain ROUND.json HOUSEHOLD-ID [--engine ${engines.join('|')}] [--time-limit-ms N]
  hemvist schema round
${roundUsage}
${followUpUsage}
${oboUsage}
${adminUsage}
${retentionUsage}
${demoUsage}`

class UsageError extends Error {}

export function main(
  argv: readonly string[],
  io = { stdout: process.stdout, stderr: process.stderr },
  env: Env = process.env,
): number {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'solve':
        return solve(rest, io)
      case 'explain':
        return explain(rest, io)
      case 'schema':
        return schema(rest, io)
      case 'token':
        return tokenCommand(rest, io, env)
      case 'audit':
        return auditCommand(rest, io, env)
      case 'round':
        return roundCommand(rest, io, env)
      case 'report':
        return reportCommand(rest, io, env)
      case 'what-if':
        return whatIfCommand(rest, io, env)
      case 'extract':
        return extractCommand(rest, io, env)
      case 'retention':
        return retentionCommand(rest, io, env)
      case 'demo':
        return demoCommand(rest, io, env)
      case 'obo': {
        const code = oboCommand(rest, io, env)
        if (typeof code !== 'number')
          throw new UsageError(`obo ${rest[0]} runs until stopped: start it from the shell`)
        return code
      }
      case undefined:
      case '--help':
      case 'help':
        io.stdout.write(`${usage}\n`)
        return command === undefined ? 2 : 0
      default:
        throw new UsageError(`unknown command "${command}"`)
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof AdminUsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr.write(`hemvist: ${(error as Error).message}\n${usage}\n`)
      return 2
    }
    throw error
  }
}

function solve(
  args: readonly string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): number {
  const { values } = parseArgs({
    args: [...args],
    options: {
      in: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string', default: 'json' },
      lang: { type: 'string', default: 'sv' },
      applicant: { type: 'string' },
      engine: { type: 'string' },
      'time-limit-ms': { type: 'string' },
      'no-explain': { type: 'boolean', default: false },
      phases: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (!values.in) throw new UsageError('solve needs --in <round.json>')
  if (values['no-explain'] && values.format === 'letter')
    throw new UsageError('--format letter needs the explanations: leave out --no-explain')
  if (values.format !== 'json' && values.format !== 'text' && values.format !== 'letter')
    throw new UsageError('--format must be json, text or letter')
  if (values.format === 'letter' && !values.applicant)
    throw new UsageError('--format letter needs --applicant <id>: a letter is to one household')
  if (values.lang !== 'sv' && values.lang !== 'en') throw new UsageError('--lang must be sv or en')
  const engine = values.engine
  if (engine !== undefined && !(engines as readonly string[]).includes(engine)) {
    throw new UsageError(`--engine must be one of ${engines.join(', ')}`)
  }
  const timeLimit = values['time-limit-ms'] === undefined ? undefined : Number(values['time-limit-ms'])
  if (timeLimit !== undefined && !(Number.isInteger(timeLimit) && timeLimit > 0)) {
    throw new UsageError('--time-limit-ms must be a positive whole number')
  }

  // The result file's place is checked before the solve, which may take a while.
  if (values.out !== undefined) {
    const problem = outPathProblem(values.out)
    if (problem !== undefined) {
      io.stderr.write(`hemvist: --out ${problem}\n`)
      return 2
    }
  }
  const solved = solveRoundFile(values.in, {
    engine: engine as (typeof engines)[number] | undefined,
    timeLimitMs: timeLimit,
    explain: !values['no-explain'],
    ...(values.out !== undefined ? { out: values.out } : {}),
  })
  if (!solved.ok) {
    io.stderr.write(`hemvist: ${solved.problem}\n`)
    return 2
  }
  const { result: coded } = solved
  if (values.phases) {
    const parts = Object.entries(solved.phasesMs).map(([phase, ms]) => `${phase} ${Math.round(ms)} ms`)
    io.stderr.write(`hemvist: ${parts.join(', ')}\n`)
  }
  if (values.format === 'letter') {
    const letter = renderLetter(withTexts(coded), values.applicant as string, values.lang)
    if (letter === undefined) {
      io.stderr.write(`hemvist: no household with id "${values.applicant}" in ${values.in}\n`)
      return 2
    }
    io.stdout.write(letter)
    return coded.status === 'optimal' ? 0 : 1
  }
  if (values.out || values.format === 'text') io.stdout.write(renderText(withTexts(coded), values.lang))
  else for (const piece of resultJsonPieces(coded)) io.stdout.write(piece)
  return coded.status === 'optimal' ? 0 : 1
}

/** `hemvist explain ROUND HOUSEHOLD`: one household's explanation in full, as JSON. */
function explain(
  args: readonly string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { engine: { type: 'string' }, 'time-limit-ms': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length !== 2)
    throw new UsageError('explain takes two arguments: the round file and the household id')
  const [file, applicantId] = positionals as [string, string]
  const engine = values.engine
  if (engine !== undefined && !(engines as readonly string[]).includes(engine)) {
    throw new UsageError(`--engine must be one of ${engines.join(', ')}`)
  }
  const timeLimit = values['time-limit-ms'] === undefined ? undefined : Number(values['time-limit-ms'])
  if (timeLimit !== undefined && !(Number.isInteger(timeLimit) && timeLimit > 0)) {
    throw new UsageError('--time-limit-ms must be a positive whole number')
  }
  const read = readJsonFile(file)
  if (!read.ok) {
    io.stderr.write(`hemvist: ${read.error}\n`)
    return 2
  }
  const parsed = roundInputSchema.safeParse(read.value)
  if (!parsed.success) {
    io.stderr.write(
      `hemvist: ${file} is not a valid round:\n${describeIssues(fieldIssues(parsed.error, read.value))}\n`,
    )
    return 2
  }
  const one = explainHousehold(parsed.data, applicantId, {
    engine: engine as (typeof engines)[number] | undefined,
    timeLimitMs: timeLimit,
  })
  if (one === undefined) {
    io.stderr.write(`hemvist: no household with id "${applicantId}" in ${file}\n`)
    return 2
  }
  io.stdout.write(`${JSON.stringify(one, null, 2)}\n`)
  return 0
}

function schema(args: readonly string[], io: { stdout: NodeJS.WritableStream }): number {
  if (args[0] !== 'round' || args.length !== 1) throw new UsageError('schema takes one argument: round')
  io.stdout.write(`${JSON.stringify(z.toJSONSchema(roundInputSchema, { io: 'input' }), null, 2)}\n`)
  return 0
}

/** `hemvist worker` runs until stopped; every other command answers at once. */
export function runWorker(
  argv: readonly string[],
  io = { stdout: process.stdout, stderr: process.stderr },
  env: Env = process.env,
): Promise<number> {
  try {
    return workerCommand(argv, io, env)
  } catch (error) {
    if (error instanceof AdminUsageError) {
      io.stderr.write(`hemvist: ${error.message}\n${usage}\n`)
      return Promise.resolve(2)
    }
    throw error
  }
}

/** `hemvist obo relay` and `hemvist obo mock` run until stopped. */
export function runObo(
  argv: readonly string[],
  io = { stdout: process.stdout, stderr: process.stderr },
  env: Env = process.env,
): Promise<number> {
  try {
    return Promise.resolve(oboCommand(argv, io, env))
  } catch (error) {
    if (error instanceof AdminUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`hemvist: ${(error as Error).message}\n${usage}\n`)
      return Promise.resolve(2)
    }
    throw error
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2)
  if (argv[0] === 'obo' && (argv[1] === 'relay' || argv[1] === 'mock')) {
    void runObo(argv.slice(1)).then((code) => {
      process.exitCode = code
    })
  } else if (argv[0] === 'worker') {
    void runWorker(argv.slice(1)).then((code) => {
      process.exitCode = code
    })
  } else process.exitCode = main(argv)
}

/** Why a result file cannot be written at `path`, in words; undefined when it can (as far as can be told). */
function outPathProblem(path: string): string | undefined {
  try {
    if (statSync(path).isDirectory())
      return `${path} is a directory: give a file name, e.g. ${path.replace(/\/$/, '')}/result.json`
  } catch {
    // Not there yet: the usual case.
  }
  const dir = dirname(path)
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a directory`
  } catch {
    return `the directory ${dir} does not exist: create it first`
  }
  try {
    accessSync(dir, constants.W_OK)
  } catch {
    return `${dir} cannot be written to`
  }
  return undefined
}
