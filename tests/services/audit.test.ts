import { spawn } from 'node:child_process'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeTransaction } from '../../db/client.ts'
import { insertApplicant } from '../../db/repo/applicants.ts'
import { applicants } from '../../db/schema.ts'
import type { Principal } from '../../src/domain/roles.ts'
import {
  type AuditEntry,
  appendAudit,
  auditHash,
  auditTrail,
  genesisHash,
  readApplicantTrail,
  verifyAuditChain,
} from '../../src/services/audit.ts'
import { sampleApplicant } from '../db/samples.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

const allocator: Principal = { tokenId: '00000000000000a1', role: 'allocator', caseloads: [] }
const caseworker: Principal = { tokenId: '00000000000000c1', role: 'caseworker', caseloads: ['c-1'] }

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  principal: allocator,
  action: 'applicant.read',
  objectType: 'applicant',
  objectId: 'a-1',
  requestId: 'req-1',
  ...overrides,
})

/** Appends `n` rows, each in its own transaction, on objects a-1 … a-3. */
function appendRows(t: TestDatabase, n: number): void {
  for (let i = 1; i <= n; i++) {
    writeTransaction(t.db, (tx) =>
      appendAudit(tx, entry({ objectId: `a-${(i % 3) + 1}`, requestId: `req-${i}` })),
    )
  }
}

/** Runs SQL on a second, raw connection with the append-only triggers dropped: what an intruder with the file can do. */
function tamper(t: TestDatabase, ...statements: string[]): void {
  const raw = new Database(t.path)
  try {
    raw.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete')
    for (const s of statements) raw.exec(s)
  } finally {
    raw.close()
  }
}

describe('audit trail', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('rows chain from the genesis hash, ids consecutive, and the chain verifies', () => {
    appendRows(t, 5)
    const rows = t.sqlite
      .prepare('SELECT id, prev_hash AS prevHash, hash FROM audit_log ORDER BY id')
      .all() as {
      id: number
      prevHash: string
      hash: string
    }[]
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5])
    expect(rows[0]?.prevHash).toBe(genesisHash)
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash)
    expect(verifyAuditChain(t.db)).toEqual({ ok: true, rows: 5, headHash: rows[4]?.hash, culled: 0 })
  })

  it('an empty log verifies', () => {
    expect(verifyAuditChain(t.db)).toEqual({ ok: true, rows: 0, headHash: genesisHash, culled: 0 })
  })

  it('records who, role, action, object and request, with the time', () => {
    const row = writeTransaction(t.db, (tx) =>
      appendAudit(
        tx,
        entry({ principal: caseworker, action: 'applicant.update' }),
        new Date('2026-02-03T04:05:06Z'),
      ),
    )
    expect(row).toMatchObject({
      id: 1,
      at: '2026-02-03T04:05:06.000Z',
      tokenId: caseworker.tokenId,
      role: 'caseworker',
      action: 'applicant.update',
      objectType: 'applicant',
      objectId: 'a-1',
      requestId: 'req-1',
    })
    expect(row.hash).toBe(auditHash(row))
  })

  it('refuses to append outside a transaction, and a malformed action or object type', () => {
    expect(() => appendAudit(t.db, entry())).toThrow(/inside the transaction/)
    expect(() => writeTransaction(t.db, (tx) => appendAudit(tx, entry({ action: 'read' })))).toThrow(
      /malformed action/,
    )
    expect(() =>
      writeTransaction(t.db, (tx) => appendAudit(tx, entry({ objectType: 'Applicant!' }))),
    ).toThrow(/malformed object type/)
    expect(t.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 })
  })

  it('an audit row appended in a transaction that then fails is rolled back with it', () => {
    expect(() =>
      writeTransaction(t.db, (tx) => {
        appendAudit(tx, entry({ action: 'applicant.update' }))
        throw new Error('the write it records failed')
      }),
    ).toThrow('the write it records failed')
    expect(t.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 })
    appendRows(t, 1)
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 1 })
  })

  it('fails closed: when the audit row cannot be written, the write it records is rolled back too', () => {
    t.sqlite.exec('DROP TABLE audit_log')
    expect(() =>
      writeTransaction(t.db, (tx) => {
        const r = insertApplicant(tx, sampleApplicant())
        expect(r.ok).toBe(true)
        appendAudit(tx, entry({ action: 'applicant.create' }))
      }),
    ).toThrow()
    expect(t.db.select().from(applicants).all()).toEqual([])
  })

  it('UPDATE and DELETE on the audit table are refused by triggers', () => {
    appendRows(t, 2)
    expect(() => t.sqlite.prepare("UPDATE audit_log SET role = 'admin' WHERE id = 1").run()).toThrow(
      /audit_log is append-only/,
    )
    expect(() => t.sqlite.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(
      /audit_log is append-only/,
    )
    expect(() => t.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 2 })
  })

  it('writers in three processes at once keep one unbroken chain', async () => {
    const writers = ['w1', 'w2', 'w3'].map(
      (name) =>
        new Promise<number | null>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            ['--import', 'tsx', 'tests/services/fixtures/audit-writer.ts', t.path, '60', name],
            { stdio: ['ignore', 'ignore', 'inherit'] },
          )
          child.on('error', reject)
          child.on('exit', resolve)
        }),
    )
    expect(await Promise.all(writers)).toEqual([0, 0, 0])
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 180 })
    const perWriter = t.sqlite
      .prepare('SELECT token_id AS w, count(*) AS n FROM audit_log GROUP BY token_id')
      .all()
    expect(perWriter).toEqual([
      { w: 'w1', n: 60 },
      { w: 'w2', n: 60 },
      { w: 'w3', n: 60 },
    ])
  }, 30_000)

  it('a second row claiming the same predecessor is refused: the chain cannot fork', () => {
    appendRows(t, 2)
    const first = t.sqlite.prepare('SELECT prev_hash FROM audit_log WHERE id = 2').get() as {
      prev_hash: string
    }
    expect(() =>
      t.sqlite
        .prepare(
          `INSERT INTO audit_log (id, at, token_id, role, action, object_type, object_id, request_id, prev_hash, hash)
           VALUES (3, 'x', 't', 'admin', 'a.b', 'o', NULL, 'r', ?, 'h')`,
        )
        .run(first.prev_hash),
    ).toThrow(/audit_log: a row must extend the chain/)
  })

  describe('tamper evidence: the verifier names the first bad row', () => {
    it('a field changed through a raw connection with the trigger dropped', () => {
      appendRows(t, 6)
      tamper(t, "UPDATE audit_log SET token_id = 'someone-else' WHERE id = 4")
      expect(verifyAuditChain(t.db)).toEqual({
        ok: false,
        firstBadRowId: 4,
        reason: 'row 4 was altered: its hash does not match its fields and subjects',
      })
    })

    it('a row rewritten with its hash recomputed', () => {
      appendRows(t, 6)
      const row = t.sqlite
        .prepare(
          'SELECT id, at, token_id AS tokenId, role, action, object_type AS objectType, object_id AS objectId, request_id AS requestId, prev_hash AS prevHash FROM audit_log WHERE id = 3',
        )
        .get() as Parameters<typeof auditHash>[0]
      const forged = { ...row, action: 'applicant.list', objectId: null }
      tamper(
        t,
        `UPDATE audit_log SET action = 'applicant.list', object_id = NULL, hash = '${auditHash(forged)}' WHERE id = 3`,
      )
      expect(verifyAuditChain(t.db)).toMatchObject({
        ok: false,
        firstBadRowId: 3,
        reason: expect.stringMatching(/^row 3 was rewritten/),
      })
    })

    it('a deleted row in the middle', () => {
      appendRows(t, 6)
      tamper(t, 'DELETE FROM audit_log WHERE id = 2')
      expect(verifyAuditChain(t.db)).toEqual({
        ok: false,
        firstBadRowId: 2,
        reason: 'row 2 is missing (the ids jump from 1 to 3)',
      })
    })

    it('the deleted last row', () => {
      appendRows(t, 6)
      tamper(t, 'DELETE FROM audit_log WHERE id = 6')
      expect(verifyAuditChain(t.db)).toEqual({
        ok: false,
        firstBadRowId: 6,
        reason: 'row 6 is missing (rows up to 6 were written, the log ends at 5)',
      })
    })

    it('every row deleted', () => {
      appendRows(t, 3)
      tamper(t, 'DELETE FROM audit_log')
      expect(verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBadRowId: 1 })
    })

    it('a row moved to another id', () => {
      appendRows(t, 4)
      tamper(t, 'UPDATE audit_log SET id = 9 WHERE id = 4')
      expect(verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBadRowId: 4 })
    })

    it('any single field of any row changed is named by its row id (property)', () => {
      const fields = [
        'at',
        'token_id',
        'role',
        'action',
        'object_type',
        'object_id',
        'request_id',
        'prev_hash',
        'hash',
      ]
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 8 }),
          fc.nat(),
          fc.constantFrom(...fields),
          fc.string({ minLength: 1, maxLength: 8 }),
          (n, pick, field, value) => {
            const db = freshDatabase()
            try {
              appendRows(db, n)
              const id = (pick % n) + 1
              const before = db.sqlite
                .prepare(`SELECT ${field} AS v FROM audit_log WHERE id = ?`)
                .get(id) as {
                v: unknown
              }
              fc.pre(before.v !== value)
              const raw = new Database(db.path)
              raw.exec('DROP TRIGGER audit_log_no_update')
              raw.prepare(`UPDATE audit_log SET ${field} = ? WHERE id = ?`).run(value, id)
              raw.close()
              const report = verifyAuditChain(db.db)
              expect(report.ok).toBe(false)
              expect(report.ok === false && report.firstBadRowId).toBe(id)
            } finally {
              db.close()
            }
          },
        ),
        { seed: 5, numRuns: 40 },
      )
    })
  })

  it("auditTrail lists one object's rows newest first, with a cursor", () => {
    appendRows(t, 9) // a-2 gets rows 1, 4, 7
    const trail = auditTrail(t.db, { objectType: 'applicant', objectId: 'a-2' })
    expect(trail.map((r) => r.id)).toEqual([7, 4, 1])
    expect(auditTrail(t.db, { objectType: 'applicant', objectId: 'a-2', limit: 2 }).map((r) => r.id)).toEqual(
      [7, 4],
    )
    expect(
      auditTrail(t.db, { objectType: 'applicant', objectId: 'a-2', beforeId: 4 }).map((r) => r.id),
    ).toEqual([1])
    expect(auditTrail(t.db, { objectType: 'vacancy', objectId: 'a-2' })).toEqual([])
  })

  it('a list read names the people it showed, and they find it in their trail', () => {
    appendRows(t, 2)
    writeTransaction(t.db, (tx) =>
      appendAudit(
        tx,
        entry({
          action: 'applicant.list',
          objectId: null,
          subjectIds: ['a-9', 'a-2', 'a-9'],
          requestId: 'list',
        }),
      ),
    )
    expect(auditTrail(t.db, { objectType: 'applicant', objectId: 'a-9' }).map((r) => r.requestId)).toEqual([
      'list',
    ])
    expect(auditTrail(t.db, { objectType: 'applicant', objectId: 'a-2' }).map((r) => r.requestId)).toEqual([
      'list',
      'req-1',
    ])
    expect(auditTrail(t.db, { objectType: 'vacancy', objectId: 'a-9' })).toEqual([])
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 3 })
  })

  it('a list subject removed or added through a raw connection is named by its row', () => {
    appendRows(t, 2)
    writeTransaction(t.db, (tx) =>
      appendAudit(tx, entry({ action: 'applicant.list', objectId: null, subjectIds: ['a-1', 'a-2'] })),
    )
    appendRows(t, 1)
    const raw = new Database(t.path)
    raw.exec(
      "DROP TRIGGER audit_log_subjects_no_delete; DELETE FROM audit_log_subjects WHERE object_id = 'a-2'",
    )
    raw.close()
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBadRowId: 3 })
    t.sqlite.prepare("INSERT INTO audit_log_subjects (audit_id, object_id) VALUES (3, 'a-2')").run()
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 4 })
    t.sqlite.prepare("INSERT INTO audit_log_subjects (audit_id, object_id) VALUES (1, 'a-7')").run()
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBadRowId: 1 })
  })

  it('a page of 1,200 subjects is written whole (in chunks) and verifies; more than 10,000 is refused', () => {
    const ids = Array.from({ length: 1200 }, (_, i) => `a-${i}`)
    writeTransaction(t.db, (tx) =>
      appendAudit(tx, entry({ action: 'applicant.list', objectId: null, subjectIds: ids })),
    )
    expect(t.sqlite.prepare('SELECT count(*) AS n FROM audit_log_subjects').get()).toEqual({ n: 1200 })
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 1 })
    const tooMany = Array.from({ length: 10_001 }, (_, i) => `b-${i}`)
    expect(() =>
      writeTransaction(t.db, (tx) =>
        appendAudit(tx, entry({ action: 'applicant.list', objectId: null, subjectIds: tooMany })),
      ),
    ).toThrow(/more than 10000 subjects/)
  })

  it('a list row stores each subject once, as given (quotes, backslashes, non-ASCII), in code-unit order', () => {
    const ids = ['a-9', 'a-"2"', 'a-\\1', 'å-3', 'a-9', '😀-4', 'A-0']
    const row = writeTransaction(t.db, (tx) =>
      appendAudit(tx, entry({ action: 'applicant.list', objectId: null, subjectIds: ids })),
    )
    const stored = t.sqlite
      .prepare('SELECT audit_id AS auditId, object_id AS objectId FROM audit_log_subjects ORDER BY rowid')
      .all()
    const expected = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    expect(stored).toEqual(expected.map((objectId) => ({ auditId: row.id, objectId })))
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 1 })
  })

  it('list subjects are append-only too', () => {
    writeTransaction(t.db, (tx) =>
      appendAudit(tx, entry({ action: 'applicant.list', objectId: null, subjectIds: ['a-1'] })),
    )
    expect(() => t.sqlite.prepare("UPDATE audit_log_subjects SET object_id = 'x'").run()).toThrow(
      /append-only/,
    )
    expect(() => t.sqlite.prepare('DELETE FROM audit_log_subjects').run()).toThrow(/append-only/)
  })

  it("reading an applicant's trail is itself audited, first on the first page", () => {
    appendRows(t, 3)
    const trail = readApplicantTrail(t.db, {
      principal: allocator,
      requestId: 'req-trail',
      applicantId: 'a-2',
      limit: 1,
    })
    expect(trail.entries).toEqual([
      expect.objectContaining({
        id: 4,
        action: 'audit.read',
        requestId: 'req-trail',
        role: 'allocator',
        tokenLabel: null,
      }),
    ])
    expect(trail.nextBeforeId).toBe(4)
    const next = readApplicantTrail(t.db, {
      principal: allocator,
      requestId: 'r',
      applicantId: 'a-2',
      beforeId: 4,
    })
    expect(next.entries.map((e) => e.id)).toEqual([1])
    expect(next.nextBeforeId).toBeNull()
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 5 })
  })

  it('a page of the largest size (1000) still says whether an older page follows', () => {
    writeTransaction(t.db, (tx) => {
      for (let i = 1; i <= 1000; i++) appendAudit(tx, entry({ objectId: 'a-1', requestId: `req-${i}` }))
    })
    const trail = readApplicantTrail(t.db, {
      principal: allocator,
      requestId: 'req-trail',
      applicantId: 'a-1',
      limit: 1000,
    })
    expect(trail.entries).toHaveLength(1000)
    expect(trail.nextBeforeId).toBe(2)
  })
})
