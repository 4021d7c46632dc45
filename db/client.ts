/**
 * Opening the SQLite database: connection pragmas, migrations, and the one
 * way to write (`writeTransaction`). Everything that touches the database
 * gets a `Db` (or a transaction, `Executor`) passed in; nothing opens its own.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RunResult } from 'better-sqlite3'
import Database from 'better-sqlite3'
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { type BaseSQLiteDatabase, SQLiteTransaction } from 'drizzle-orm/sqlite-core'
import { normaliseDistrict } from '../src/domain/match/household-facts.ts'
import { isBusy } from './errors.ts'
import { connectionOf, prepared } from './prepared.ts'
import * as schema from './schema.ts'

export type Schema = typeof schema
/** The drizzle database. */
export type Db = BetterSQLite3Database<Schema>
/** The database or a transaction on it: what repository functions take. */
export type Executor = BaseSQLiteDatabase<'sync', RunResult, Schema>

/** An open database: the raw better-sqlite3 connection (pragmas, backup, close) and drizzle on top. */
export interface DatabaseHandle {
  readonly sqlite: Database.Database
  readonly db: Db
  /** The file path, or `:memory:`. */
  readonly path: string
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

export interface OpenOptions {
  /**
   * How long (ms) one statement waits for a lock held by another connection before it fails with
   * SQLITE_BUSY (default 5,000). better-sqlite3 waits synchronously, so a connection used on the
   * server's event loop takes `eventLoopBusyTimeoutMs` and leaves the longer wait to the group
   * commit's retries (`db/group-commit.ts`), which wait on timers.
   */
  busyTimeoutMs?: number
}

/**
 * The busy_timeout of a connection used on the server's event loop: a lock held elsewhere stalls
 * every request for at most this long per attempt.
 */
export const eventLoopBusyTimeoutMs = 5

/**
 * Opens (creating if needed, with its parent directory) the database at `path`
 * and sets the connection pragmas. Does not migrate: call `migrateDatabase`.
 *
 * @example
 * const handle = openDatabase('./data/hemvist.db')
 * migrateDatabase(handle)
 */
export function openDatabase(path: string, options: OpenOptions = {}): DatabaseHandle {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path)
  try {
    // WAL: readers (health, lists) never block the writer, and the writer never blocks them.
    sqlite.pragma('journal_mode = WAL')
    // SQLite ships with foreign keys off; every connection must turn them on.
    sqlite.pragma('foreign_keys = ON')
    // Wait (by default up to 5 s) for another writer instead of failing at once with SQLITE_BUSY.
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`)
    // FULL, not WAL's usual NORMAL: NORMAL may lose the last commits on power loss, and an
    // acknowledged placement decision (or a registered household) must survive power loss.
    // The cost is one fsync per commit, which our write rate (people, not machines) easily carries.
    sqlite.pragma('synchronous = FULL')
    // district_key(name): the engine's district comparison (no case, accents or extra spaces), so
    // a list filtered on "vaster" finds what a round would treat as "Väster".
    sqlite.function('district_key', { deterministic: true }, (name: unknown) =>
      typeof name === 'string' ? normaliseDistrict(name) : null,
    )
  } catch (error) {
    sqlite.close()
    throw error
  }
  return { sqlite, db: drizzle(sqlite, { schema }), path }
}

/**
 * Applies the committed migrations in `db/migrations` that the database has
 * not seen yet, in one transaction. Returns how many are applied in total.
 */
export function migrateDatabase(handle: DatabaseHandle): { applied: number } {
  // A migration may rebuild a table others refer to (SQLite's documented way to change a column's
  // constraints: new table, copy, drop, rename, as 0014 does for `applicants`). Dropping the old
  // table would trip the references while foreign keys are on, and the pragma cannot change inside
  // the migrator's transaction, so they are off while it runs; every reference is then checked
  // before they are on again, and a dangling one stops start-up naming the table.
  handle.sqlite.pragma('foreign_keys = OFF')
  try {
    migrate(handle.db, { migrationsFolder })
    const dangling = handle.sqlite.pragma('foreign_key_check') as { table: string; parent: string }[]
    const first = dangling[0]
    if (first !== undefined) {
      throw new Error(
        `migrations left ${dangling.length} reference(s) without a row, first in ${first.table} to ${first.parent}`,
      )
    }
  } finally {
    handle.sqlite.pragma('foreign_keys = ON')
  }
  return { applied: appliedMigrations(handle) }
}

/** How many migrations the database has applied (0 before the first migrate). */
export function appliedMigrations(handle: Pick<DatabaseHandle, 'sqlite'>): number {
  const table = handle.sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get()
  if (table === undefined) return 0
  const row = handle.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }
  return row.n
}

let expected: number | undefined
/** How many migrations this build ships (entries in the drizzle-kit journal); read once. */
export function expectedMigrations(): number {
  if (expected === undefined) {
    const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
      entries: unknown[]
    }
    expected = journal.entries.length
  }
  return expected
}

/**
 * Runs `fn` in a write transaction: `BEGIN IMMEDIATE` on the database (takes the
 * write lock up front, so two writers never deadlock upgrading a read lock), a
 * savepoint when `executor` is already a transaction. Commits when `fn` returns,
 * rolls back when it throws.
 *
 * `fn` must be synchronous: better-sqlite3 transactions cannot span an `await`,
 * and drizzle silently commits before an async callback's statements run
 * (drizzle issues #1472, #2275). A callback that returns a promise is refused
 * and the transaction rolled back.
 *
 * @example
 * writeTransaction(db, (tx) => { insertApplicant(tx, a); insertVacancy(tx, v) })
 */
export function writeTransaction<T>(executor: Executor, fn: (tx: Executor) => T): T {
  const guarded = (tx: Executor): T => {
    const result = fn(tx)
    if (isThenable(result)) {
      throw new TypeError(
        'writeTransaction: the callback returned a promise; transaction callbacks must be synchronous',
      )
    }
    return result
  }
  if (isTransaction(executor)) return nested(executor, guarded)
  return executor.transaction(guarded, { behavior: 'immediate' })
}

function isTransaction(executor: Executor): boolean {
  return executor instanceof SQLiteTransaction
}

/**
 * A savepoint inside `tx`, as drizzle's nested transaction makes, but with
 * statements prepared once per connection (drizzle prepares SAVEPOINT and
 * RELEASE anew on every call; every audited read nests one). Savepoints of the
 * same name nest in SQLite: RELEASE and ROLLBACK TO act on the innermost.
 */
function nested<T>(tx: Executor, fn: (tx: Executor) => T): T {
  const sqlite = connectionOf(tx)
  const s = prepared(tx, 'writeTransaction.nested', () => ({
    savepoint: sqlite.prepare('SAVEPOINT hemvist_nested'),
    release: sqlite.prepare('RELEASE hemvist_nested'),
    rollbackTo: sqlite.prepare('ROLLBACK TO hemvist_nested'),
  }))
  s.savepoint.run()
  let result: T
  try {
    result = fn(tx)
  } catch (error) {
    // If SQLite already ended the transaction (SQLITE_FULL and the like), there is nothing to undo.
    if (sqlite.inTransaction) {
      s.rollbackTo.run()
      s.release.run()
    }
    throw error
  }
  s.release.run()
  return result
}

/** A promise or anything else with a `then`: what a synchronous transaction body must not return. */
export function isThenable(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  )
}

/**
 * Whether this connection could take the write lock right now: `BEGIN IMMEDIATE` and at once
 * `ROLLBACK`, with busy_timeout 0 for the attempt, so it never waits. False while another
 * connection holds the lock (a write transaction, a backup, a migration elsewhere). Writes nothing.
 * True without trying when this connection is itself inside a transaction.
 *
 * @example
 * if (!writeLockAvailable(handle.sqlite)) // writes would wait: report degraded
 */
export function writeLockAvailable(sqlite: Database.Database): boolean {
  if (sqlite.inTransaction) return true
  const previous = sqlite.pragma('busy_timeout', { simple: true }) as number
  sqlite.pragma('busy_timeout = 0')
  try {
    sqlite.exec('BEGIN IMMEDIATE')
    sqlite.exec('ROLLBACK')
    return true
  } catch (error) {
    if (isBusy(error)) return false
    throw error
  } finally {
    sqlite.pragma(`busy_timeout = ${Math.trunc(previous)}`)
  }
}
