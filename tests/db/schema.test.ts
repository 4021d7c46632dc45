import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { insertApplicant } from '../../db/repo/applicants.ts'
import { insertPolicy, markPolicyUsed } from '../../db/repo/policies.ts'
import { defaultPolicy } from '../../src/domain/policy.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'
import { sampleApplicant } from './samples.ts'

/** Constraints the database itself enforces, whatever code writes to it. */
describe('schema constraints', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  const rawApplicant = (status: string, code = 'acute') =>
    t.sqlite
      .prepare(
        `INSERT INTO applicants (id, status, situation_code, caseload, registered_on, has_children, lottery_number, body)
         VALUES ('x', ?, ?, 'c', '2026-01-01', 0, 1, '{}')`,
      )
      .run(status, code)

  it('CHECK refuses an applicant status or situation code outside the vocabulary', () => {
    expect(() => rawApplicant('sleeping')).toThrow(/CHECK constraint failed: applicants_status_check/)
    expect(() => rawApplicant('active', 'homeless')).toThrow(/applicants_situation_code_check/)
    expect(() => rawApplicant('active')).not.toThrow()
  })

  it('CHECK refuses a vacancy type, landlord or status outside the vocabulary', () => {
    const raw = (type: string, landlord: string, status: string) =>
      t.sqlite
        .prepare(
          `INSERT INTO vacancies (id, type, landlord, district, status, available_from, body)
           VALUES (?, ?, ?, 'Väster', ?, '2026-01-01', '{}')`,
        )
        .run(`${type}-${landlord}-${status}`, type, landlord, status)
    expect(() => raw('castle', 'obo', 'open')).toThrow(/vacancies_type_check/)
    expect(() => raw('housing_first', 'bank', 'open')).toThrow(/vacancies_landlord_check/)
    expect(() => raw('housing_first', 'obo', 'sold')).toThrow(/vacancies_status_check/)
    expect(() => raw('housing_first', 'obo', 'open')).not.toThrow()
  })

  it('foreign keys are enforced: no history for an applicant that does not exist', () => {
    expect(() =>
      t.sqlite
        .prepare(
          `INSERT INTO applicant_situation_history (applicant_id, code, kind, since) VALUES ('ghost', 'acute', 'shelter', '2026-01-01')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/)
  })

  it('situation history is append-only: UPDATE is refused by a trigger', () => {
    expect(insertApplicant(t.db, sampleApplicant()).ok).toBe(true)
    expect(() =>
      t.sqlite.prepare("UPDATE applicant_situation_history SET code = 'institution'").run(),
    ).toThrow(/append-only/)
  })

  it('the ÖBO outcome inbox is append-only: a delivery once recorded cannot be rewritten or removed, so a replay never applies twice', () => {
    t.sqlite
      .prepare(
        "INSERT INTO obo_inbox (delivery_id, outcome, offer_id, result, received_at) VALUES ('d-1', 'declined', 'o-1', 'applied', '2026-12-02T10:00:00Z')",
      )
      .run()
    expect(() => t.sqlite.prepare("UPDATE obo_inbox SET result = 'x'").run()).toThrow(
      /obo_inbox is append-only/,
    )
    expect(() => t.sqlite.prepare('DELETE FROM obo_inbox').run()).toThrow(/obo_inbox is append-only/)
    expect(t.sqlite.prepare('SELECT count(*) FROM obo_inbox').pluck().get()).toBe(1)
  })

  it('a used policy version refuses changes to its rules and deletion, but may be deactivated', () => {
    expect(insertPolicy(t.db, defaultPolicy, { activate: true }).ok).toBe(true)
    // Before use the version may still be corrected.
    expect(() => t.sqlite.prepare("UPDATE policies SET name = 'renamed'").run()).not.toThrow()
    expect(markPolicyUsed(t.db, defaultPolicy.id, defaultPolicy.version)).toBe(true)
    expect(() => t.sqlite.prepare("UPDATE policies SET body = '{}'").run()).toThrow(/immutable once used/)
    expect(() => t.sqlite.prepare('UPDATE policies SET used_at = NULL').run()).toThrow(/immutable once used/)
    expect(() => t.sqlite.prepare('DELETE FROM policies').run()).toThrow(/immutable once used/)
    expect(() => t.sqlite.prepare('UPDATE policies SET active = 0').run()).not.toThrow()
  })

  it('at most one policy is active (partial unique index)', () => {
    expect(insertPolicy(t.db, defaultPolicy, { activate: true }).ok).toBe(true)
    expect(insertPolicy(t.db, { ...defaultPolicy, version: 2 }).ok).toBe(true)
    expect(() => t.sqlite.prepare('UPDATE policies SET active = 1 WHERE version = 2').run()).toThrow(
      /UNIQUE constraint failed/,
    )
  })

  it('a running job must hold a lease, and no other state may', () => {
    const raw = (status: string, lockedBy: string | null, lockedUntil: number | null) =>
      t.sqlite
        .prepare(
          `INSERT INTO jobs (task, payload, status, run_at, locked_by, locked_until, created_at, updated_at)
           VALUES ('t', 'null', ?, 0, ?, ?, 0, 0)`,
        )
        .run(status, lockedBy, lockedUntil)
    expect(() => raw('running', null, null)).toThrow(/jobs_lease_check/)
    expect(() => raw('queued', 'w', 10)).toThrow(/jobs_lease_check/)
    expect(() => raw('running', 'w', 10)).not.toThrow()
    expect(() => raw('queued', null, null)).not.toThrow()
  })
})
