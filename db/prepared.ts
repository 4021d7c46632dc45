/**
 * Prepared queries kept per connection. drizzle's query builders compile SQL
 * and ask SQLite to prepare a statement on every call (tens of microseconds
 * each); the queries that run on every request (token lookup, one household,
 * the audit chain's head and insert) are built once per connection with
 * `sql.placeholder` parameters and reused, inside transactions too (a drizzle
 * transaction runs on the same better-sqlite3 connection as its database).
 *
 * SQLite re-prepares a statement by itself when the schema changes
 * (sqlite3_prepare_v2), so a cached query stays valid across migrations.
 */
import type Database from 'better-sqlite3'
import type { Executor } from './client.ts'

const caches = new WeakMap<Database.Database, Map<string, unknown>>()

/**
 * The better-sqlite3 connection under a drizzle database or transaction.
 * drizzle keeps it on the session (`session.client`) for both; drizzle-orm is
 * pinned exactly, and a test fails if this ever stops holding.
 */
export function connectionOf(executor: Executor): Database.Database {
  const client = (executor as unknown as { session?: { client?: unknown } }).session?.client
  if (
    typeof client !== 'object' ||
    client === null ||
    typeof (client as Database.Database).prepare !== 'function'
  )
    throw new TypeError('connectionOf: not a drizzle better-sqlite3 database or transaction')
  return client as Database.Database
}

/**
 * The query named `key`, built by `build` the first time it is asked for on
 * this connection, then reused. `build` must not capture anything that varies
 * between calls: parameters go through `sql.placeholder` and are passed at
 * execution (`.get({ id })`).
 *
 * @example
 * const q = prepared(tx, 'applicant.byId', (db) =>
 *   db.select().from(applicants).where(eq(applicants.id, sql.placeholder('id'))).prepare())
 * const row = q.get({ id })
 */
export function prepared<T>(executor: Executor, key: string, build: (db: Executor) => T): T {
  const client = connectionOf(executor)
  let cache = caches.get(client)
  if (cache === undefined) {
    cache = new Map()
    caches.set(client, cache)
  }
  let query = cache.get(key) as T | undefined
  if (query === undefined) {
    query = build(executor)
    cache.set(key, query)
  }
  return query
}
