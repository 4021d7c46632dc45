/**
 * `hemvist retention run [--dry-run]`: culls what is past its time (docs/domain.md, "Gallring och
 * personuppgifter"), or with `--dry-run` lists it: counts per kind and the households by id.
 *
 * Exit codes: 0 done (or nothing to do); 1 the run could not be made (the database locked by
 * another process, a full disk, a marker left by hand): nothing was culled; 2 bad usage.
 */

import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { type RetentionKind, retentionKindCodes, retentionKinds } from '../domain/retention.ts'
import { describeIssues } from '../domain/validation.ts'
import { type RetentionReport, runRetention } from '../services/retention/run-retention.ts'
import { AdminUsageError, type CommandIo, type Env, operator, withDatabase } from './admin-commands.ts'
import { writeRefused } from './write-refused.ts'

export const retentionUsage = `  hemvist retention run [--dry-run]`

const unitWord = (kind: RetentionKind, n: number) =>
  retentionKinds[kind].unit === 'years' ? (n === 1 ? 'year' : 'years') : n === 1 ? 'day' : 'days'

/** The report as lines: ids and counts only, never a household's data. */
export function retentionLines(report: RetentionReport): string {
  const head = report.dryRun
    ? report.runId === null && retentionKindCodes.every((k) => report.counts[k] === 0)
      ? `retention as of ${report.now}: nothing is past its time`
      : `retention as of ${report.now} (dry run: nothing changed)`
    : `retention run ${report.runId} as of ${report.now}: culled in one transaction`
  const lines = [head]
  for (const kind of retentionKindCodes) {
    const period = report.periods[kind]
    const ids =
      kind === 'household'
        ? report.households
        : kind === 'round'
          ? report.rounds
          : kind === 'audit'
            ? report.auditHouseholds
            : []
    lines.push(
      `${kind.padEnd(14)}${String(report.counts[kind]).padStart(7)}  older than ${period} ${unitWord(kind, period)}${ids.length > 0 ? `  ${kind === 'audit' ? 'naming ' : ''}${ids.join(', ')}` : ''}`,
    )
  }
  return `${lines.join('\n')}\n`
}

export function retentionCommand(args: readonly string[], io: CommandIo, env: Env): number {
  const [sub, ...rest] = args
  if (sub !== 'run') {
    throw new AdminUsageError(
      sub === undefined ? 'retention needs a subcommand: run' : `unknown retention subcommand "${sub}"`,
    )
  }
  const { values, positionals } = parseArgs({
    args: [...rest],
    options: { 'dry-run': { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length > 0) throw new AdminUsageError('retention run takes no arguments besides --dry-run')
  const config = loadConfig(env)
  if (!config.ok) throw new AdminUsageError(`invalid configuration: ${describeIssues(config.error)}`)
  const periods = config.value.retention.periods
  try {
    const report = withDatabase(env, ({ db }) =>
      runRetention(db, { periods, principal: operator, dryRun: values['dry-run'] }),
    )
    if (!report.ok) {
      io.stderr.write(`hemvist: ${report.error.detail}; nothing was culled\n`)
      return 1
    }
    io.stdout.write(retentionLines(report.value))
    return 0
  } catch (error) {
    const refused = writeRefused(error, 'nothing was culled')
    if (refused === undefined) throw error
    io.stderr.write(refused)
    return 1
  }
}
