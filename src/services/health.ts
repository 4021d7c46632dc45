/**
 * The service's health, as the database sees it: can we read it, is it in WAL
 * mode, are all shipped migrations applied, can we write, and (for an
 * administrator only) how much is in it.
 */
import { appliedMigrations, type DatabaseHandle, writeLockAvailable } from '../../db/client.ts'
import { countApplicants } from '../../db/repo/applicants.ts'
import { countVacancies } from '../../db/repo/vacancies.ts'
import { err, ok, type Result } from '../domain/validation.ts'
import { hasDemoData } from './demo-data.ts'

export interface HealthReport {
  /** `degraded`: reads are answered, but writes wait for a lock another process holds. */
  status: 'ok' | 'degraded'
  /**
   * Present (and true) only while the database holds demo data (`hemvist demo remove` takes it
   * out): said on every answer, so that nobody mistakes a demo for a service in use.
   */
  demoData?: true
  database: {
    reachable: true
    journalMode: string
    migrations: { applied: number; expected: number }
    /** False while another process holds the write lock: writes wait, then answer 503. */
    writable: boolean
    /** Only when asked for (an administrator's request): how many households and vacancies are stored. */
    applicants?: number
    vacancies?: number
  }
}

export interface HealthProblem {
  code: 'DB_UNREACHABLE' | 'DB_NOT_MIGRATED' | 'DB_NOT_WAL' | 'DB_DURABILITY_LOST' | 'DB_STORAGE_FAILED'
  /** Plain words for the operator; no paths, SQL or data. */
  detail: string
}

/**
 * Checks the database. Errors are values: a broken database is an answer
 * (503), not an exception.
 *
 * @example
 * const r = checkHealth({ database, expectedMigrations: 7, includeCounts: true })
 * if (r.ok) r.value.database.applicants // 300
 */
export function checkHealth(ctx: {
  database: DatabaseHandle
  expectedMigrations: number
  /** Set when the group commit could not sync the WAL: nothing more is acknowledged until a restart. */
  durabilityLost?: boolean
  /** Set while the last write failed for lack of room or an I/O error (disk full, unwritable file). */
  storageFailed?: boolean
  /** Set while the API's writes are waiting for a lock another process holds. */
  writesWaiting?: boolean
  /** Include the counts of households and vacancies (for an administrator only: they are not public). */
  includeCounts?: boolean
}): Result<HealthReport, HealthProblem> {
  const { database, expectedMigrations } = ctx
  if (ctx.durabilityLost === true) {
    return err({
      code: 'DB_DURABILITY_LOST',
      detail: 'A write could not be synced to disk; restart the service after checking the disk.',
    })
  }
  if (ctx.storageFailed === true) {
    return err({
      code: 'DB_STORAGE_FAILED',
      detail:
        'The last write could not be stored (the disk may be full or the file unwritable); ' +
        'nothing of it was kept. This clears by itself once a write succeeds again.',
    })
  }
  let journalMode: string
  let applied: number
  let writable: boolean
  let counts: { applicants: number; vacancies: number }
  let demo: boolean
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
    writable = ctx.writesWaiting !== true && writeLockAvailable(database.sqlite)
    // Counted always (it shows the tables can be read), reported only when asked for.
    counts = { applicants: countApplicants(database.db), vacancies: countVacancies(database.db) }
    demo = hasDemoData(database.db)
  } catch {
    // The error itself may name paths or SQL; the operator finds it in the database, not here.
    return err({ code: 'DB_UNREACHABLE', detail: 'The database cannot be read.' })
  }
  if (journalMode !== 'wal') {
    return err({ code: 'DB_NOT_WAL', detail: `The database is in ${journalMode} journal mode, not WAL.` })
  }
  return ok({
    status: writable ? 'ok' : 'degraded',
    ...(demo ? { demoData: true as const } : {}),
    database: {
      reachable: true,
      journalMode,
      migrations: { applied, expected: expectedMigrations },
      writable,
      ...(ctx.includeCounts === true ? counts : {}),
    },
  })
}
