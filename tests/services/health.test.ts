import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectedMigrations } from '../../db/client.ts'
import { insertApplicant } from '../../db/repo/applicants.ts'
import { checkHealth } from '../../src/services/health.ts'
import { sampleApplicant } from '../db/samples.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

describe('checkHealth', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('reports WAL, all migrations and the counts', () => {
    insertApplicant(t.db, sampleApplicant())
    const r = checkHealth({ database: t, expectedMigrations: expectedMigrations(), includeCounts: true })
    expect(r).toEqual({
      ok: true,
      value: {
        status: 'ok',
        database: {
          reachable: true,
          journalMode: 'wal',
          migrations: { applied: expectedMigrations(), expected: expectedMigrations() },
          writable: true,
          applicants: 1,
          vacancies: 0,
        },
      },
    })
  })

  it('is not healthy when the build ships migrations the database lacks', () => {
    const r = checkHealth({ database: t, expectedMigrations: expectedMigrations() + 1 })
    expect(!r.ok && r.error.code).toBe('DB_NOT_MIGRATED')
  })

  it('is not healthy when the connection is closed', () => {
    t.sqlite.close()
    const r = checkHealth({ database: t, expectedMigrations: expectedMigrations() })
    expect(!r.ok && r.error.code).toBe('DB_UNREACHABLE')
  })

  it('is not healthy outside WAL mode', () => {
    t.sqlite.pragma('journal_mode = DELETE')
    const r = checkHealth({ database: t, expectedMigrations: expectedMigrations() })
    expect(r).toEqual({
      ok: false,
      error: { code: 'DB_NOT_WAL', detail: 'The database is in delete journal mode, not WAL.' },
    })
  })

  it('is not healthy when a table is unreadable, and says so without SQL', () => {
    t.sqlite.prepare('DROP TABLE applicant_situation_history').run()
    t.sqlite.prepare('DROP TABLE applicants').run()
    const r = checkHealth({ database: t, expectedMigrations: expectedMigrations() })
    expect(r).toEqual({
      ok: false,
      error: { code: 'DB_UNREACHABLE', detail: 'The database cannot be read.' },
    })
  })
})
