/**
 * `hemvist demo remove`: removes every demo record (src/services/demo-data.ts) and only those.
 *
 * Exit codes: 0 done (or no demo data); 1 refused or could not be made (real records tied to demo
 * ones, the worker solving a demo round, the database locked, a full disk): nothing was removed;
 * 2 bad usage.
 */
import { randomUUID } from 'node:crypto'
import { isBusy, isStorageFailure, sqliteErrorCode } from '../../db/errors.ts'
import { removeDemo } from '../services/demo-data.ts'
import { AdminUsageError, type CommandIo, type Env, operator, withDatabase } from './admin-commands.ts'

export const demoUsage = `  hemvist demo remove`

export function demoCommand(args: readonly string[], io: CommandIo, env: Env): number {
  const [sub, ...rest] = args
  if (sub !== 'remove') {
    throw new AdminUsageError(
      sub === undefined ? 'demo needs a subcommand: remove' : `unknown demo subcommand "${sub}"`,
    )
  }
  if (rest.length > 0) throw new AdminUsageError('demo remove takes no arguments')
  try {
    const r = withDatabase(env, ({ db }) => removeDemo(db, { principal: operator, requestId: randomUUID() }))
    if (!r.ok) {
      io.stderr.write(`hemvist: ${r.error.detail}\n`)
      return 1
    }
    const { removed } = r.value
    if (Object.values(removed).every((n) => n === 0)) {
      io.stdout.write('no demo data in the database\n')
      return 0
    }
    io.stdout.write(
      `demo data removed: ${removed.applicant} households, ${removed.vacancy} vacancies, ${removed.round} rounds, ` +
        `${removed.proposal} proposals, ${removed.decision} decisions, ${removed.offer} offers, ${removed.placement} placements, ` +
        `${removed.obo_priority_decision + removed.obo_outbox + removed.obo_inbox} ÖBO records; ` +
        `${removed.api_token} demo tokens revoked; ${r.value.daysRecounted} stored days recounted\n`,
    )
    return 0
  } catch (error) {
    if (isBusy(error)) {
      io.stderr.write(
        'hemvist: the database is locked by another process past the wait; nothing was removed: try again when it is free\n',
      )
      return 1
    }
    if (isStorageFailure(error)) {
      io.stderr.write(
        `hemvist: the database could not be written (${sqliteErrorCode(error)}, e.g. a full disk); nothing was removed\n`,
      )
      return 1
    }
    throw error
  }
}
