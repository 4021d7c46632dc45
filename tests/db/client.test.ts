import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { count } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  appliedMigrations,
  type Executor,
  expectedMigrations,
  migrateDatabase,
  openDatabase,
  writeTransaction,
} from '../../db/client.ts'
import { jobs } from '../../db/schema.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

const jobCount = (t: TestDatabase) => t.db.select({ n: count() }).from(jobs).get()?.n
const insertJob = (executor: Executor, task: string) =>
  executor.insert(jobs).values({ task, payload: null, runAt: 0, createdAt: 0, updatedAt: 0 }).run()

describe('openDatabase', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hemvist-client-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('creates the parent directory and sets WAL, foreign keys, busy_timeout and synchronous=FULL', () => {
    const path = join(dir, 'nested', 'deeper', 'hemvist.db')
    const { sqlite } = openDatabase(path)
    try {
      expect(existsSync(path)).toBe(true)
      expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
      expect(sqlite.pragma('synchronous', { simple: true })).toBe(2) // 2 = FULL
    } finally {
      sqlite.close()
    }
  })

  it('applies every shipped migration once; migrating again changes nothing', () => {
    const handle = openDatabase(join(dir, 'hemvist.db'))
    try {
      expect(appliedMigrations(handle)).toBe(0)
      expect(migrateDatabase(handle).applied).toBe(expectedMigrations())
      expect(expectedMigrations()).toBeGreaterThanOrEqual(2)
      expect(migrateDatabase(handle).applied).toBe(expectedMigrations())
      const tables = handle.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all()
      expect(tables).toEqual(
        expect.arrayContaining([
          'applicants',
          'applicant_situation_history',
          'vacancies',
          'policies',
          'jobs',
        ]),
      )
      expect(handle.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      handle.sqlite.close()
    }
  })
})

describe('writeTransaction', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('commits when the callback returns', () => {
    writeTransaction(t.db, (tx) => insertJob(tx, 'a'))
    expect(jobCount(t)).toBe(1)
  })

  it('rolls back every statement when the callback throws', () => {
    expect(() =>
      writeTransaction(t.db, (tx) => {
        insertJob(tx, 'a')
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(jobCount(t)).toBe(0)
  })

  it('refuses an async callback and rolls back what it did before its first await', async () => {
    let late: Promise<void> | undefined
    expect(() =>
      writeTransaction(t.db, (tx) => {
        insertJob(tx, 'a')
        late = Promise.resolve()
        return late
      }),
    ).toThrow(/must be synchronous/)
    await late
    expect(jobCount(t)).toBe(0)
  })

  it('takes the write lock at BEGIN (immediate): a second connection cannot start writing meanwhile', () => {
    const other = openDatabase(join(t.dir, 'hemvist.db'))
    other.sqlite.pragma('busy_timeout = 0')
    try {
      writeTransaction(t.db, () => {
        // Nothing written yet, but BEGIN IMMEDIATE already holds the reserved lock.
        expect(() => other.sqlite.prepare('BEGIN IMMEDIATE').run()).toThrow(/locked|busy/i)
      })
    } finally {
      other.sqlite.close()
    }
  })

  it('nests as a savepoint: an inner failure caught by the outer callback keeps the outer writes', () => {
    writeTransaction(t.db, (tx) => {
      insertJob(tx, 'outer')
      try {
        writeTransaction(tx, (inner) => {
          insertJob(inner, 'inner')
          throw new Error('inner fails')
        })
      } catch {
        // the outer transaction carries on
      }
    })
    expect(t.db.select({ task: jobs.task }).from(jobs).all()).toEqual([{ task: 'outer' }])
  })

  it('nested savepoints nest: an inner failure undoes only the innermost level, and a promise is refused at any depth', () => {
    const tasks = () =>
      t.db
        .select({ task: jobs.task })
        .from(jobs)
        .all()
        .map((j) => j.task)
    writeTransaction(t.db, (tx) => {
      insertJob(tx, 'level-1')
      writeTransaction(tx, (tx2) => {
        insertJob(tx2, 'level-2')
        expect(() =>
          writeTransaction(tx2, (tx3) => {
            insertJob(tx3, 'level-3')
            throw new Error('level 3 fails')
          }),
        ).toThrow('level 3 fails')
        expect(tasks()).toEqual(['level-1', 'level-2'])
        expect(() =>
          writeTransaction(tx2, (tx3) => {
            insertJob(tx3, 'async')
            return Promise.resolve()
          }),
        ).toThrow(/must be synchronous/)
        insertJob(tx2, 'level-2b')
      })
      expect(tasks()).toEqual(['level-1', 'level-2', 'level-2b'])
    })
    expect(tasks()).toEqual(['level-1', 'level-2', 'level-2b'])
    expect(t.sqlite.inTransaction).toBe(false)
  })
})
