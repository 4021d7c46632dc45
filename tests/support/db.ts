/**
 * A fresh, migrated SQLite database per test, in its own temporary directory
 * (a file, not `:memory:`, so WAL and every pragma behave as in production).
 *
 * @example
 * let t: TestDatabase
 * beforeEach(() => { t = freshDatabase() })
 * afterEach(() => t.close())
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DatabaseHandle, migrateDatabase, openDatabase } from '../../db/client.ts'

export interface TestDatabase extends DatabaseHandle {
  /** The temporary directory holding the database file. */
  readonly dir: string
  /** Closes the connection (if still open) and deletes the directory. */
  close(): void
}

/** Opens and migrates a new database in a new temporary directory (under `options.under`, default the OS's). */
export function freshDatabase(options: { migrate?: boolean; under?: string } = {}): TestDatabase {
  const dir = mkdtempSync(join(options.under ?? tmpdir(), 'hemvist-test-'))
  const handle = openDatabase(join(dir, 'hemvist.db'))
  if (options.migrate !== false) migrateDatabase(handle)
  return {
    ...handle,
    dir,
    close() {
      if (handle.sqlite.open) handle.sqlite.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
