import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createToken, revokeToken } from '../../src/services/tokens.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

/** What the database itself enforces on api_tokens and audit_log, whatever code writes to it. */
describe('api_tokens and audit_log constraints', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  const tokenId = () => {
    const r = createToken(t.db, { role: 'allocator', label: 'x', person: 'Test Person' })
    if (!r.ok) throw new Error('token')
    return r.value.id
  }
  const genesis = '0'.repeat(64)
  const insertAudit = (id: number, prevHash: string, hash = `h${id}`) =>
    t.sqlite
      .prepare(
        `INSERT INTO audit_log (id, at, token_id, role, action, object_type, object_id, request_id, prev_hash, hash)
         VALUES (?, '2026-01-01T00:00:00.000Z', 't', 'admin', 'applicant.read', 'applicant', 'a-1', 'r', ?, ?)`,
      )
      .run(id, prevHash, hash)

  it('CHECK refuses a token role outside the vocabulary and a hash that is not 64 characters', () => {
    const raw = (role: string, hash: string) =>
      t.sqlite
        .prepare(`INSERT INTO api_tokens (id, secret_hash, role, caseloads) VALUES (?, ?, ?, '[]')`)
        .run(`${role}-${hash.length}`, hash, role)
    expect(() => raw('root', 'a'.repeat(64))).toThrow(/api_tokens_role_check/)
    expect(() => raw('admin', 'abc')).toThrow(/api_tokens_secret_hash_check/)
    expect(() => raw('admin', 'a'.repeat(64))).not.toThrow()
  })

  it('a token is never deleted, and only revocation (once) and last use may change', () => {
    const id = tokenId()
    expect(() => t.sqlite.prepare('DELETE FROM api_tokens WHERE id = ?').run(id)).toThrow(
      /revoked, not deleted/,
    )
    expect(() => t.sqlite.prepare("UPDATE api_tokens SET role = 'admin' WHERE id = ?").run(id)).toThrow(
      /can only be revoked/,
    )
    expect(() =>
      t.sqlite.prepare('UPDATE api_tokens SET caseloads = \'["x"]\' WHERE id = ?').run(id),
    ).toThrow(/can only be revoked/)
    expect(() =>
      t.sqlite.prepare(`UPDATE api_tokens SET secret_hash = '${'b'.repeat(64)}' WHERE id = ?`).run(id),
    ).toThrow(/can only be revoked/)
    expect(() =>
      t.sqlite
        .prepare("UPDATE api_tokens SET last_used_at = '2026-01-01T00:00:00.000Z' WHERE id = ?")
        .run(id),
    ).not.toThrow()
    expect(revokeToken(t.db, id)).toEqual({ outcome: 'revoked' })
    expect(() => t.sqlite.prepare('UPDATE api_tokens SET revoked_at = NULL WHERE id = ?').run(id)).toThrow(
      /can only be revoked/,
    )
    expect(() =>
      t.sqlite.prepare("UPDATE api_tokens SET revoked_at = '2099-01-01T00:00:00.000Z' WHERE id = ?").run(id),
    ).toThrow(/can only be revoked/)
  })

  it('audit rows are append-only: UPDATE and DELETE are refused by triggers, even for one column', () => {
    insertAudit(1, genesis)
    for (const statement of [
      "UPDATE audit_log SET action = 'applicant.list'",
      "UPDATE audit_log SET hash = 'x'",
      'DELETE FROM audit_log',
      'DELETE FROM audit_log WHERE id = 1',
    ]) {
      expect(() => t.sqlite.prepare(statement).run(), statement).toThrow(/audit_log is append-only/)
    }
    expect(t.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 })
  })

  it('a row must extend the chain: the next id and the last hash, so it can neither fork, skip nor relink', () => {
    const chainError = /audit_log: a row must extend the chain/
    expect(() => insertAudit(1, 'not-genesis')).toThrow(chainError)
    expect(() => insertAudit(2, genesis)).toThrow(chainError) // the first row is 1
    insertAudit(1, genesis)
    expect(() => insertAudit(2, genesis)).toThrow(chainError) // a fork from the genesis
    expect(() => insertAudit(3, 'h1')).toThrow(chainError) // a gap
    expect(() => insertAudit(1, genesis)).toThrow(chainError) // a second row 1
    insertAudit(2, 'h1')
    expect(() => insertAudit(3, 'h1')).toThrow(chainError) // links to the row before the last
    insertAudit(3, 'h2')
    expect(t.sqlite.prepare('SELECT id, prev_hash AS prev FROM audit_log ORDER BY id').all()).toEqual([
      { id: 1, prev: genesis },
      { id: 2, prev: 'h1' },
      { id: 3, prev: 'h2' },
    ])
  })

  it('AUTOINCREMENT records the highest id ever written (what lets the verifier see a cut-off end)', () => {
    insertAudit(1, genesis)
    insertAudit(2, 'h1')
    expect(t.sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get()).toEqual({
      seq: 2,
    })
  })
})
