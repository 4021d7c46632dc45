/**
 * Reading SQLite errors without leaking them. drizzle wraps driver errors in a
 * DrizzleQueryError whose message holds the SQL AND its bound parameters, i.e.
 * personal data: never log or return `error.message` of a database error.
 * Classify it with these helpers instead.
 */

/** The SQLite extended result code (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_BUSY` …) of an error or its cause, if any. */
export function sqliteErrorCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** A uniqueness or primary-key violation: the row already exists. */
export function isUniqueViolation(error: unknown): boolean {
  const code = sqliteErrorCode(error)
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE'
}

/** The database is locked by another writer beyond busy_timeout: a retry later can succeed. */
export function isBusy(error: unknown): boolean {
  const code = sqliteErrorCode(error)
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
}

/**
 * The database could not store what it was given: the disk is full (SQLITE_FULL), a read or write
 * of the file failed (SQLITE_IOERR_*: also ENOSPC on some paths), or the file or its WAL cannot be
 * written (SQLITE_READONLY_*, SQLITE_CANTOPEN_*). Nothing of the failed transaction is stored; a
 * retry can succeed once the operator has made room, so the API answers 503, not 500.
 */
export function isStorageFailure(error: unknown): boolean {
  const code = sqliteErrorCode(error)
  if (code === undefined) return false
  return (
    code === 'SQLITE_FULL' ||
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN')
  )
}

/**
 * A stored row no longer matches the domain schema (a migration forgot data, or
 * someone edited the file). Names the table, row id and field paths, never values.
 */
export class StoredDataError extends Error {
  override readonly name = 'StoredDataError'
  constructor(
    readonly table: string,
    readonly rowId: string,
    readonly paths: readonly string[],
  ) {
    super(`${table} row "${rowId}" does not match the schema at: ${paths.join(', ') || '(document)'}`)
  }
}
