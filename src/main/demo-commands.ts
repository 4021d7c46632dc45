/**
 * `hemvist demo remove`: removes every demo record (src/services/demo-data.ts) and only those.
 *
 * Exit codes: 0 done (or no demo data); 1 refused or could not be made (real records tied to demo
 * ones, the worker solving a demo round, the database locked, a full disk): nothing was removed;
 * 2 bad usage.
 */

import { randomUUID } from 'node:crypto'
import { removeDemo } from '../services/demo-data.ts'
import { AdminUsageError, type CommandIo, type Env, operator, withDatabase } from './admin-commands.ts'
import { writeRefused } from './write-refused.ts'

export const demoUsage = `  hemvist demo remove`

const counted = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

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
    const oboRecords = removed.obo_priority_decision + removed.obo_outbox + removed.obo_inbox
    io.stdout.write(
      `demo data removed: ${[
        counted(removed.applicant, 'household'),
        counted(removed.vacancy, 'vacancy', 'vacancies'),
        counted(removed.round, 'round'),
        counted(removed.proposal, 'proposal'),
        counted(removed.decision, 'decision'),
        counted(removed.offer, 'offer'),
        counted(removed.placement, 'placement'),
        counted(oboRecords, 'ÖBO record'),
      ].join(', ')}; ${counted(removed.api_token, 'demo token')} revoked; ` +
        `${counted(r.value.daysRecounted, 'stored day')} recounted\n`,
    )
    return 0
  } catch (error) {
    const refused = writeRefused(error, 'nothing was removed')
    if (refused === undefined) throw error
    io.stderr.write(refused)
    return 1
  }
}
