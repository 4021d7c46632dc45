/**
 * The append-only guards and retention (migration 0015): outside a retention run every guard
 * refuses exactly as before; inside one (a row in `retention_active`, in the run's own
 * transaction) a guarded row may go, or have only its culled columns set to NULL, and nothing else.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seedRetentionFixture } from '../services/retention/fixture.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'

describe('append-only guards and retention runs', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
    seedRetentionFixture(t)
    // One row in each of retention's own tables, written as a run writes them.
    t.sqlite.exec(`BEGIN IMMEDIATE;
      INSERT INTO retention_active (run_id) VALUES ('run-0');
      INSERT INTO retention_runs (id, ran_at, settings, counts, tombstones_sha256) VALUES ('run-0', 'x', '{}', '{}', 'x');
      INSERT INTO audit_log_culled (audit_id, run_id, hash, prev_hash) VALUES (99, 'run-0', 'h', 'p');
      INSERT INTO culled_households (applicant_id, run_id, culled_at) VALUES ('H-WD', 'run-0', 'x');
      DELETE FROM retention_active;
      COMMIT`)
  })
  afterEach(() => t.close())

  /** Each statement retention may run, and what it must refuse even inside a run. */
  const allowedInRun = [
    'DELETE FROM audit_log_subjects WHERE audit_id = 2',
    'DELETE FROM audit_log WHERE id = 1',
    "DELETE FROM obo_inbox WHERE delivery_id = 'IN-1'",
    "UPDATE decisions SET reason_text = NULL, score_terms = NULL WHERE id = 'D-WD'",
    "UPDATE proposals SET explanation = NULL WHERE id = 'P-GONE'",
    "UPDATE rounds SET snapshot = NULL, snapshot_sha256 = NULL WHERE id = 'R-OLD'",
    "UPDATE rounds SET result = '{}', result_sha256 = 'x' WHERE id = 'R-OLD'",
  ]
  const refusedEvenInRun = [
    "DELETE FROM decisions WHERE id = 'D-WD'",
    "DELETE FROM placements WHERE id = 'PL-GONE'",
    "UPDATE decisions SET kind = 'approve', reason_code = NULL WHERE id = 'D-WD'",
    "UPDATE decisions SET reason_text = 'rewritten' WHERE id = 'D-WD'",
    "UPDATE proposals SET status = 'pending' WHERE id = 'P-GONE'",
    "UPDATE proposals SET explanation = '{\"x\":1}' WHERE id = 'P-GONE'",
    "UPDATE audit_log SET action = 'applicant.read' WHERE id = 1",
    'DELETE FROM retention_runs',
    'DELETE FROM audit_log_culled',
    "UPDATE culled_households SET withdrawn_on = '2020-01-01'",
  ]

  it('outside a run, every guard refuses what retention does', () => {
    for (const statement of [...allowedInRun, ...refusedEvenInRun]) {
      expect(() => t.sqlite.exec(statement), statement).toThrow(/append-only|decided once|written once/)
    }
    expect(() =>
      t.sqlite.exec(
        "INSERT INTO audit_log_culled (audit_id, run_id, hash, prev_hash) VALUES (1, 'r', 'h', 'p')",
      ),
    ).toThrow(/written only by a retention run/)
    expect(() =>
      t.sqlite.exec(
        "INSERT INTO retention_runs (id, ran_at, settings, counts, tombstones_sha256) VALUES ('r', 'x', '{}', '{}', 'x')",
      ),
    ).toThrow(/written only by a retention run/)
    expect(() =>
      t.sqlite.exec(
        "INSERT INTO culled_households (applicant_id, run_id, culled_at) VALUES ('H-GONE', 'r', 'x')",
      ),
    ).toThrow(/written only by a retention run/)
  })

  it('inside a run (the marker in the same transaction) retention’s statements pass, and nothing else does', () => {
    for (const statement of allowedInRun) {
      t.sqlite.exec("BEGIN IMMEDIATE; INSERT INTO retention_active (run_id) VALUES ('run-1')")
      expect(() => t.sqlite.exec(statement), statement).not.toThrow()
      t.sqlite.exec('ROLLBACK')
    }
    for (const statement of refusedEvenInRun) {
      t.sqlite.exec("BEGIN IMMEDIATE; INSERT INTO retention_active (run_id) VALUES ('run-1')")
      expect(() => t.sqlite.exec(statement), statement).toThrow(/append-only|decided once|written once/)
      t.sqlite.exec('ROLLBACK')
    }
    // A tombstone names the run that is in progress, not another.
    t.sqlite.exec("BEGIN IMMEDIATE; INSERT INTO retention_active (run_id) VALUES ('run-1')")
    expect(() =>
      t.sqlite.exec(
        "INSERT INTO audit_log_culled (audit_id, run_id, hash, prev_hash) VALUES (1, 'run-2', 'h', 'p')",
      ),
    ).toThrow(/written only by a retention run/)
    t.sqlite.exec('ROLLBACK')
  })

  it('once the run’s transaction ends, the guards refuse again', () => {
    t.sqlite.exec("BEGIN IMMEDIATE; INSERT INTO retention_active (run_id) VALUES ('run-1')")
    t.sqlite.exec("DELETE FROM retention_active WHERE run_id = 'run-1'; COMMIT")
    expect(() => t.sqlite.exec('DELETE FROM audit_log WHERE id = 1')).toThrow(/append-only/)
  })
})
