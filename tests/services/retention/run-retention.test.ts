/**
 * Retention against a fixture with known contents (tests/services/retention/fixture.ts): which rows
 * go and which stay, by hand; the follow-up reports and daily counts give the same numbers before
 * and after; the audit chain verifies across the deletions; a second run finds nothing; a dry run
 * changes nothing; a failure part-way leaves nothing half culled; and no canary reaches the output
 * or the audit rows.
 */
import Database from 'better-sqlite3'
import { eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isBusy } from '../../../db/errors.ts'
import {
  applicants,
  auditLog,
  auditLogCulled,
  auditLogSubjects,
  culledHouseholds,
  decisions,
  followUpSnapshots,
  oboInbox,
  oboOutbox,
  oboPriorityDecisions,
  offers,
  placements,
  proposals,
  retentionRuns,
  rounds,
  staffSessions,
} from '../../../db/schema.ts'
import { applicantSchema } from '../../../src/domain/applicant.ts'
import { dailyCounts, reportNames, runReport } from '../../../src/domain/follow-up/reports.ts'
import { defaultRetentionSettings } from '../../../src/domain/retention.ts'
import type { Principal } from '../../../src/domain/roles.ts'
import { retentionLines } from '../../../src/main/retention-commands.ts'
import { verifyAuditChain } from '../../../src/services/audit.ts'
import { loadFollowUp } from '../../../src/services/follow-up/load.ts'
import { recordDailyCounts } from '../../../src/services/follow-up/snapshots.ts'
import { planRetention, runRetention } from '../../../src/services/retention/run-retention.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { canaries, retentionNow, seedRetentionFixture } from './fixture.ts'

const operator: Principal = { tokenId: 'cli', role: 'admin', caseloads: [] }
const periods = defaultRetentionSettings

function run(t: TestDatabase, options: { dryRun?: boolean } = {}) {
  const r = runRetention(t.db, { periods, principal: operator, now: retentionNow, ...options })
  if (!r.ok) throw new Error(r.error.detail)
  return r.value
}

/** Every report over the whole history, on several periods and caseloads, and the daily counts. */
function aggregates(t: TestDatabase): string {
  const data = loadFollowUp(t.db)
  const out: unknown[] = []
  for (const [from, to] of [
    ['2024-01-01', '2032-06-01'],
    ['2024-01-01', '2024-12-31'],
    ['2025-01-01', '2028-12-31'],
  ] as const) {
    for (const name of reportNames) {
      out.push(runReport(name, data, { from, to }))
      out.push(runReport(name, data, { from, to, caseload: 'team-norr' }))
    }
  }
  for (const day of ['2024-02-15', '2024-06-01', '2024-08-01', '2025-06-01', '2028-02-01'])
    out.push(dailyCounts(data, day))
  out.push(t.db.select().from(followUpSnapshots).all())
  return JSON.stringify(out)
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort()

describe('retention on a fixture with known contents', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
    seedRetentionFixture(t)
    // Two stored daily snapshots: the trend must read the same after the run.
    recordDailyCounts(t.db, '2024-06-01', new Date('2024-06-01T23:00:00Z'))
    recordDailyCounts(t.db, '2025-06-01', new Date('2025-06-01T23:00:00Z'))
  })
  afterEach(() => t.close())

  it('the dry run lists what is past its time, by kind and household id, and changes nothing', () => {
    const before = t.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get()
    const report = run(t, { dryRun: true })
    expect(report).toMatchObject({
      dryRun: true,
      runId: null,
      cutoffs: { household: '2027-06-01T09:00:00.000Z', staff_session: '2032-05-25T09:00:00.000Z' },
      counts: { household: 3, round: 2, audit: 5, staff_session: 1 },
      households: ['H-GONE', 'H-PROT', 'H-WD'],
      auditHouseholds: ['H-GONE', 'H-PROT', 'H-WD'],
      rounds: ['R-OLD', 'R-OLD2'],
    })
    expect(t.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual(before)
    expect(t.db.select().from(culledHouseholds).all()).toEqual([])
    expect(t.db.select().from(staffSessions).all()).toHaveLength(2)
    expect(planRetention(t.db, periods, retentionNow)).toEqual({
      ...report,
      dryRun: undefined,
      runId: undefined,
    })
  })

  it('culls exactly the rows past their time and keeps every other', () => {
    const report = run(t)
    expect(report.dryRun).toBe(false)
    expect(report.runId).toMatch(/^[0-9a-f-]{36}$/)

    // Households: three culled to their skeleton, two untouched.
    expect(ids(t.db.select({ id: culledHouseholds.applicantId }).from(culledHouseholds).all())).toEqual([
      'H-GONE',
      'H-PROT',
      'H-WD',
    ])
    const body = (id: string) =>
      applicantSchema.parse(t.db.select().from(applicants).where(eq(applicants.id, id)).get()?.body)
    const gone = body('H-GONE')
    expect(gone).toMatchObject({
      id: 'H-GONE',
      status: 'housed',
      household: {
        adults: 1,
        children: [
          { birthYear: 2015, birthMonth: 1 },
          { birthYear: 2018, birthMonth: 1 },
        ],
      },
      needs: { supportLevel: 'none', housingFirstAssessed: false },
      safety: { excludedDistricts: [], protectedIdentity: false, domesticViolence: false },
      economy: { maxRent: 0, rentCarriedByMunicipality: false },
      preferences: { districts: [] },
      monitoring: { gender: 'woman', birthYear: 1985, bornAbroad: true },
    })
    // The protection stays on: the placement still points to a flat whose place must not leak.
    expect(body('H-PROT').safety.protectedIdentity).toBe(true)
    expect(
      t.db.select().from(culledHouseholds).where(eq(culledHouseholds.applicantId, 'H-WD')).get(),
    ).toMatchObject({
      withdrawnOn: '2025-05-05',
    })
    expect(body('H-ACTIVE').economy.maxRent).toBe(9000)
    expect(body('H-RECENT').economy.maxRent).toBe(9000)

    // Their related rows: free text, explanations and ÖBO's records gone; counted rows stay.
    const decisionRows = t.db.select().from(decisions).all()
    expect(decisionRows).toHaveLength(5)
    expect(
      decisionRows
        .filter((d) => d.applicantId !== 'H-RECENT')
        .every((d) => d.reasonText === null && d.scoreTerms === null),
    ).toBe(true)
    expect(decisionRows.find((d) => d.id === 'D-WD')).toMatchObject({ kind: 'reject', reasonCode: 'other' })
    expect(decisionRows.find((d) => d.id === 'D-RECENT')?.scoreTerms).not.toBeNull()
    expect(t.db.select().from(offers).where(eq(offers.id, 'O-GONE-1')).get()?.declineNote).toBeNull()
    expect(t.db.select().from(offers).where(eq(offers.id, 'O-RECENT')).get()?.declineNote).toBe(
      'a note that stays',
    )
    expect(t.db.select().from(placements).all()).toHaveLength(2)
    expect(t.db.select().from(oboPriorityDecisions).all()).toEqual([])
    expect(t.db.select().from(oboOutbox).all()).toEqual([])
    expect(t.db.select().from(oboInbox).all()).toEqual([])
    const explained = t.db
      .select({ id: proposals.id })
      .from(proposals)
      .where(sql`${proposals.explanation} IS NOT NULL`)
      .all()
    expect(ids(explained)).toEqual(['P-RECENT'])

    // Rounds: the two old ones lose their snapshot and explanations, keep pairs and equality.
    for (const id of ['R-OLD', 'R-OLD2']) {
      const r = t.db.select().from(rounds).where(eq(rounds.id, id)).get()
      expect(r?.snapshot).toBeNull()
      expect(r?.snapshotSha256).toBeNull()
      expect(r?.result).not.toContain('CANARY')
      const result = JSON.parse(r?.result ?? '{}')
      expect(result).toMatchObject({ equality: { overallRate: 0.5 } })
      expect(result.proposals[0]).toEqual({ applicantId: 'H-GONE', vacancyId: 'V-X', score: 10 })
    }
    expect(t.db.select().from(rounds).where(eq(rounds.id, 'R-RECENT')).get()?.snapshot).toContain('CANARY')
    expect(t.db.select().from(rounds).where(eq(rounds.id, 'R-OPEN')).get()?.snapshot).toContain('CANARY')

    // Audit: rows 1, 3 and 4 removed with tombstones; row 2 keeps only H-ACTIVE; the rest stay.
    const left = t.db
      .select({ id: auditLog.id, action: auditLog.action, objectId: auditLog.objectId })
      .from(auditLog)
      .all()
    expect(left.map((r) => r.id)).toEqual([2, 5, 6, 7, 8, 9, 10, 11])
    expect(left.slice(4).map((r) => [r.action, r.objectId])).toEqual([
      ['retention.run', report.runId],
      ['applicant.retention', 'H-GONE'],
      ['applicant.retention', 'H-PROT'],
      ['applicant.retention', 'H-WD'],
    ])
    expect(t.db.select().from(auditLogSubjects).where(eq(auditLogSubjects.auditId, 2)).all()).toEqual([
      { auditId: 2, objectId: 'H-ACTIVE' },
    ])
    expect(
      t.db
        .select({
          id: auditLogCulled.auditId,
          residual: sql<number>`${auditLogCulled.residualHash} IS NOT NULL`,
        })
        .from(auditLogCulled)
        .all(),
    ).toEqual([
      { id: 1, residual: 0 },
      { id: 2, residual: 1 },
      { id: 3, residual: 0 },
      { id: 4, residual: 0 },
    ])
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 11, culled: 3 })

    // Sessions: the one that ended in 2026 is gone.
    expect(ids(t.db.select({ id: staffSessions.id }).from(staffSessions).all())).toEqual(['S-NEW'])
    expect(t.db.select().from(retentionRuns).all()).toEqual([
      expect.objectContaining({
        id: report.runId,
        counts: { household: 3, round: 2, audit: 5, staff_session: 1 },
      }),
    ])
  })

  it('keeps the aggregates: every follow-up report and the daily counts give the same numbers before and after', () => {
    const before = aggregates(t)
    run(t)
    expect(aggregates(t)).toBe(before)
  })

  it('a second run finds nothing and changes nothing', () => {
    run(t)
    const audit = t.db.select().from(auditLog).all()
    const again = run(t)
    expect(again).toMatchObject({
      runId: null,
      counts: { household: 0, round: 0, audit: 0, staff_session: 0 },
    })
    expect(t.db.select().from(auditLog).all()).toEqual(audit)
    expect(t.db.select().from(retentionRuns).all()).toHaveLength(1)
  })

  it('a year later: H-RECENT, R-RECENT, S-NEW and the audit row too young the first time go; the chain still verifies', () => {
    run(t)
    const later = runRetention(t.db, {
      periods,
      principal: operator,
      now: new Date('2033-06-01T09:00:00.000Z'),
    })
    expect(later.ok && later.value.counts).toEqual({ household: 1, round: 1, audit: 1, staff_session: 1 })
    expect(later.ok && [later.value.households, later.value.rounds, later.value.auditHouseholds]).toEqual([
      ['H-RECENT'],
      ['R-RECENT'],
      ['H-GONE'],
    ])
    expect(t.db.select().from(auditLog).where(eq(auditLog.id, 6)).get()).toBeUndefined()
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, culled: 4 })
  })

  it('the audit verifier still names a row altered, or a tombstone forged, after a run', () => {
    run(t)
    t.sqlite.exec('DROP TRIGGER audit_log_no_update')
    t.sqlite.exec("UPDATE audit_log SET action = 'applicant.read' WHERE id = 2")
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBadRowId: 2 })
    t.sqlite.exec("UPDATE audit_log SET action = 'applicant.list' WHERE id = 2")
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true })
    // A row removed by hand, with a tombstone forged for it: the run's digest no longer matches.
    t.sqlite.exec('DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_culled_insert_in_run')
    const row = t.sqlite.prepare('SELECT hash, prev_hash FROM audit_log WHERE id = 5').get() as {
      hash: string
      prev_hash: string
    }
    t.sqlite.exec('DELETE FROM audit_log WHERE id = 5')
    t.sqlite
      .prepare('INSERT INTO audit_log_culled (audit_id, run_id, hash, prev_hash) VALUES (5, ?, ?, ?)')
      .run(t.db.select().from(retentionRuns).get()?.id, row.hash, row.prev_hash)
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: false, reason: expect.stringContaining('digest') })
  })

  it('never lets a canary (free text, the protected household’s flat or district) into its output or audit rows', () => {
    const dry = run(t, { dryRun: true })
    const report = run(t)
    const written = JSON.stringify([
      retentionLines(dry),
      retentionLines(report),
      report,
      t.db.select().from(auditLog).where(sql`${auditLog.id} > 7`).all(),
      t.db.select().from(auditLogCulled).all(),
      t.db.select().from(retentionRuns).all(),
      t.db.select().from(culledHouseholds).all(),
    ])
    for (const canary of canaries) expect(written).not.toContain(canary)
    // And none of the culled free text is anywhere in the database any more.
    const dump = JSON.stringify([
      t.db.select().from(decisions).where(sql`${decisions.applicantId} <> 'H-RECENT'`).all(),
      t.db.select().from(rounds).where(sql`${rounds.id} IN ('R-OLD', 'R-OLD2')`).all(),
      t.db.select().from(proposals).where(sql`${proposals.applicantId} <> 'H-RECENT'`).all(),
      t.db.select().from(offers).all(),
    ])
    for (const canary of [
      'CANARY-REASON-TEXT',
      'CANARY-DECLINE-NOTE',
      'CANARY-EXPLANATION',
      'CANARY-SNAPSHOT',
    ])
      expect(dump).not.toContain(canary)
  })

  it('a failure at the last step leaves nothing half culled: the one transaction rolls back whole', () => {
    const before = JSON.stringify([
      t.db.select().from(applicants).all(),
      t.db.select().from(auditLog).all(),
      t.db.select().from(auditLogSubjects).all(),
      t.db.select().from(rounds).all(),
      t.db.select().from(staffSessions).all(),
    ])
    // A fault at the run's last write, after every other step has written (as SQLITE_FULL would be).
    t.sqlite.exec(
      `CREATE TRIGGER fault BEFORE INSERT ON retention_runs BEGIN SELECT RAISE(ABORT, 'fault'); END`,
    )
    expect(() => run(t)).toThrow()
    t.sqlite.exec('DROP TRIGGER fault')
    expect(
      JSON.stringify([
        t.db.select().from(applicants).all(),
        t.db.select().from(auditLog).all(),
        t.db.select().from(auditLogSubjects).all(),
        t.db.select().from(rounds).all(),
        t.db.select().from(staffSessions).all(),
      ]),
    ).toBe(before)
    expect(t.sqlite.prepare('SELECT count(*) AS n FROM retention_active').get()).toEqual({ n: 0 })
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true })
  })

  it('a lock held by another process: the run fails as busy and changes nothing', () => {
    const second = new Database(t.sqlite.name)
    second.exec('BEGIN IMMEDIATE')
    t.sqlite.pragma('busy_timeout = 0')
    let error: unknown
    try {
      run(t)
    } catch (e) {
      error = e
    }
    second.exec('ROLLBACK')
    second.close()
    expect(isBusy(error)).toBe(true)
    expect(t.db.select().from(culledHouseholds).all()).toEqual([])
  })
})
