/**
 * The service's health, as the database sees it: can we read it, is it in WAL
 * mode, are all shipped migrations applied, and how much is in it.
 */
import { appliedMigrations, type DatabaseHandle } from '../../db/client.ts'
import { countApplicants } from '../../db/repo/applicants.ts'
import { countVacancies } from '../../db/repo/vacancies.ts'
import { err, ok, type Result } from '../domain/validation.ts'

export interface HealthReport {
  status: 'ok'
  database: {
    reachable: true
    journalMode: string
    migrations: { applied: number; expected: number }
    applicants: number
    vacancies: number
  }
}

export interface HealthProblem {
  code: 'DB_UNREACHABLE' | 'DB_NOT_MIGRATED' | 'DB_NOT_WAL' | 'DB_DURABILITY_LOST'
  /** Plain words for the operator; no paths, SQL or data. */
  detail: string
}

/**
 * Checks the database. Errors are values: a broken database is an answer
 * (503), not an exception.
 *
 * @example
 * const r = checkHealth({ database, expectedMigrations: 2 })
 * if (r.ok) r.value.database.applicants // 300
 */
export function checkHealth(ctx: {
  database: DatabaseHandle
  expectedMigrations: number
  /** Set when the group commit could not sync the WAL: nothing more is acknowledged until a restart. */
  durabilityLost?: boolean
}): Result<HealthReport, HealthProblem> {
  const { database, expectedMigrations } = ctx
  if (ctx.durabilityLost === true) {
    return err({
      code: 'DB_DURABILITY_LOST',
      detail: 'A write could not be synced to disk; restart the service after checking the disk.',
    })
  }
  let journalMode: string
  let applied: number
  let applicants: number
  let vacancies: number
  try {
    if (!database.sqlite.open)
      return err({ code: 'DB_UNREACHABLE', detail: 'The database connection is closed.' })
    journalMode = String(database.sqlite.pragma('journal_mode', { simple: true }))
    applied = appliedMigrations(database)
    if (applied < expectedMigrations) {
      return err({
        code: 'DB_NOT_MIGRATED',
        detail: `The database has ${applied} of ${expectedMigrations} migrations applied.`,
      })
    }
    applicants = countApplicants(database.db)
    vacancies = countVacancies(database.db)
  } catch {
    // The error itself may name paths or SQL; the operator finds it in the database, not here.
    return err({ code: 'DB_UNREACHABLE', detail: 'The database cannot be read.' })
  }
  if (journalMode !== 'wal') {
    return err({ code: 'DB_NOT_WAL', detail: `The database is in ${journalMode} journal mode, not WAL.` })
  }
  return ok({
    status: 'ok',
    database: {
      reachable: true,
      journalMode,
      migrations: { applied, expected: expectedMigrations },
      applicants,
      vacancies,
    },
  })
}
