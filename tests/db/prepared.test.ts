import { eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, writeTransaction } from '../../db/client.ts'
import { connectionOf, prepared } from '../../db/prepared.ts'
import { apiTokens } from '../../db/schema.ts'
import { createToken } from '../../src/services/tokens.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

describe('prepared queries per connection', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  const byId = (executor: Parameters<typeof prepared>[0]) =>
    prepared(executor, 'test.tokenRole', (db) =>
      db
        .select({ role: apiTokens.role })
        .from(apiTokens)
        .where(eq(apiTokens.id, sql.placeholder('id')))
        .prepare(),
    )

  it('connectionOf finds the better-sqlite3 connection under the database and under a transaction (pinned drizzle internals)', () => {
    expect(connectionOf(t.db)).toBe(t.sqlite)
    writeTransaction(t.db, (tx) => expect(connectionOf(tx)).toBe(t.sqlite))
    expect(() => connectionOf({} as never)).toThrow(/not a drizzle better-sqlite3/)
  })

  it('builds a query once per connection, and the same query runs inside a transaction and sees its writes', () => {
    const q = byId(t.db)
    expect(byId(t.db)).toBe(q)
    const other = openDatabase(t.path)
    try {
      expect(byId(other.db)).not.toBe(q)
    } finally {
      other.sqlite.close()
    }
    writeTransaction(t.db, (tx) => {
      expect(byId(tx)).toBe(q)
      const created = createToken(tx, { role: 'analyst', label: 'in tx', person: 'Test Person' })
      if (!created.ok) throw new Error('token')
      expect(byId(tx).get({ id: created.value.id })).toEqual({ role: 'analyst' })
    })
    expect(q.get({ id: 'no-such-token' })).toBeUndefined()
  })
})
