/**
 * Demo data never reaches production: every record the demo makes, or that follows from one, is
 * named in `demo_records`; `removeDemo` removes them all and only them (a real household registered
 * beside the demo survives, with its history and its round); it refuses when a real record depends
 * on a demo one; the append-only guards let it delete only demo rows.
 */
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { insertApplicant } from '../../db/repo/applicants.ts'
import { insertVacancy } from '../../db/repo/vacancies.ts'
import {
  applicantSituationHistory,
  applicants,
  auditLog,
  decisions,
  followUpSnapshots,
  jobs,
  proposals,
  rounds,
  vacancies,
} from '../../db/schema.ts'
import { dailyCounts } from '../../src/domain/follow-up/reports.ts'
import type { Principal } from '../../src/domain/roles.ts'
import { verifyAuditChain } from '../../src/services/audit.ts'
import { demoPresence, removeDemo } from '../../src/services/demo-data.ts'
import { loadFollowUp } from '../../src/services/follow-up/load.ts'
import { recordDailyCounts } from '../../src/services/follow-up/snapshots.ts'
import { acceptOffer } from '../../src/services/offers/answer-offer.ts'
import { createRound } from '../../src/services/rounds/create-round.ts'
import { approveProposal } from '../../src/services/rounds/decide-proposal.ts'
import { seedDemo } from '../../src/services/seed-demo.ts'
import { createToken } from '../../src/services/tokens.ts'
import { logCapture } from '../api/test-app.ts'
import { makeApplicant, makeVacancy } from '../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'
import { contextFor, drainWorker } from '../support/rounds.ts'

const operator: Principal = { tokenId: 'cli', role: 'admin', caseloads: [] }
const demo = { enabled: true, seed: 11, applicants: 40, vacancies: 9 }

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

/** Rows of `table` that name a demo household or flat but are not named as demo records themselves. */
function unmarked(t: TestDatabase, table: string, type: string): number {
  return (
    t.sqlite
      .prepare(
        `SELECT count(*) AS n FROM ${table} r
         WHERE (r.applicant_id IN (SELECT object_id FROM demo_records WHERE object_type = 'applicant')
             OR r.vacancy_id IN (SELECT object_id FROM demo_records WHERE object_type = 'vacancy'))
           AND r.id NOT IN (SELECT object_id FROM demo_records WHERE object_type = ?)`,
      )
      .get(type) as { n: number }
  ).n
}

describe('demo data', () => {
  let t: TestDatabase
  let demoRound = ''
  let mixedRound = ''
  beforeEach(async () => {
    t = freshDatabase()
    const seeded = seedDemo({ database: t, demo, logger: logCapture().logger, asOf: '2026-03-01' })
    if (!seeded.seeded || seeded.roundId === null) throw new Error('not seeded')
    demoRound = seeded.roundId
    await drainWorker(t)
    // The demo's lifecycle goes on as staff would take it: two approvals, one accepted offer.
    const allocator = contextFor(t, 'allocator', { person: 'Karin Lind' })
    const pending = t.db.select().from(proposals).where(eq(proposals.roundId, demoRound)).all()
    expect(pending.length).toBeGreaterThanOrEqual(2)
    // The first two the rules let through today (a municipal flat needs a support decision in force).
    const offers = []
    for (const p of pending) {
      if (offers.length === 2) break
      const r = approveProposal({ ctx: allocator, input: { roundId: demoRound, proposalId: p.id } })
      if (r.ok) offers.push(r.value.offer)
    }
    expect(offers).toHaveLength(2)
    unwrap(acceptOffer({ ctx: contextFor(t, 'admin'), input: { id: offers[0]?.id ?? '' } }))
    recordDailyCounts(t.db, '2026-03-02')
    // A real household and a real flat registered beside the demo, and a round over everything.
    unwrap(
      insertApplicant(t.db, makeApplicant({ id: 'REAL-1', registeredOn: '2026-03-01', lotteryNumber: 7 })),
    )
    unwrap(insertVacancy(t.db, makeVacancy({ id: 'REAL-V', availableFrom: '2026-03-01' })))
    mixedRound = unwrap(
      createRound({ ctx: allocator, input: { idempotencyKey: 'mixed', body: { asOf: '2026-03-02' } } }),
    ).round.id
    await drainWorker(t)
  })
  afterEach(() => t.close())

  it('every record that follows from a demo household or flat is named as demo data, whoever wrote it', () => {
    for (const [table, type] of [
      ['proposals', 'proposal'],
      ['decisions', 'decision'],
      ['offers', 'offer'],
      ['placements', 'placement'],
    ] as const) {
      expect(unmarked(t, table, type), table).toBe(0)
    }
    const marked = (type: string) =>
      (
        t.sqlite.prepare('SELECT count(*) AS n FROM demo_records WHERE object_type = ?').get(type) as {
          n: number
        }
      ).n
    expect([marked('applicant'), marked('vacancy'), marked('round')]).toEqual([40, 9, 1])
    expect([marked('decision'), marked('offer'), marked('placement')]).toEqual([2, 2, 1])
    // The real household, its flat and the round staff created are not.
    expect(
      t.sqlite
        .prepare("SELECT count(*) AS n FROM demo_records WHERE object_id IN ('REAL-1', 'REAL-V', ?)")
        .get(mixedRound),
    ).toEqual({ n: 0 })
    expect(demoPresence(t.db)).toEqual({ present: true, households: 40, vacancies: 9 })
  })

  it('removes them all and only them: the real household, its flat, history and round survive', () => {
    const realHistory = t.db
      .select()
      .from(applicantSituationHistory)
      .where(eq(applicantSituationHistory.applicantId, 'REAL-1'))
      .all()
    const r = unwrap(removeDemo(t.db, { principal: operator, requestId: 'req-demo-remove' }))
    expect(r.removed).toMatchObject({
      applicant: 40,
      vacancy: 9,
      round: 1,
      decision: 2,
      offer: 2,
      placement: 1,
    })
    expect(r.daysRecounted).toBe(1)

    expect(t.db.select({ id: applicants.id }).from(applicants).all()).toEqual([{ id: 'REAL-1' }])
    expect(t.db.select({ id: vacancies.id }).from(vacancies).all()).toEqual([{ id: 'REAL-V' }])
    expect(t.db.select().from(applicantSituationHistory).all()).toEqual(realHistory)
    expect(t.db.select({ id: rounds.id }).from(rounds).all()).toEqual([{ id: mixedRound }])
    for (const p of t.db.select().from(proposals).all()) {
      expect([p.applicantId, p.vacancyId]).toEqual(['REAL-1', 'REAL-V'])
    }
    expect(t.db.select().from(decisions).all()).toEqual([])
    expect(
      t.db
        .select()
        .from(jobs)
        .all()
        .filter((j) => (j.payload as { roundId?: string } | null)?.roundId === demoRound),
    ).toEqual([])
    expect(t.sqlite.prepare('SELECT count(*) AS n FROM demo_records').get()).toEqual({ n: 0 })
    expect(demoPresence(t.db)).toEqual({ present: false, households: 0, vacancies: 0 })
    // The stored day is counted again without the demo households.
    expect(t.db.select().from(followUpSnapshots).get()?.counts).toEqual(
      dailyCounts(loadFollowUp(t.db), '2026-03-02'),
    )
    // One audit row records it; the chain is whole.
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'demo.remove')).all()).toHaveLength(1)
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true })
    // Nothing left to remove; a new start-up does not seed again (the database is not new).
    expect(unwrap(removeDemo(t.db, { principal: operator })).removed.applicant).toBe(0)
    expect(seedDemo({ database: t, demo, logger: logCapture().logger, asOf: '2026-03-03' })).toEqual({
      seeded: false,
      reason: 'not-empty',
    })
  })

  it('refuses, naming the records and removing nothing, when a real household is tied to a demo flat', () => {
    const demoVacancy = t.sqlite
      .prepare("SELECT object_id AS id FROM demo_records WHERE object_type = 'vacancy' LIMIT 1")
      .get() as { id: string }
    t.db
      .insert(rounds)
      .values({
        id: 'R-TIE',
        kind: 'round',
        status: 'proposed',
        asOf: '2026-03-02',
        policyId: 'orebro-default',
        policyVersion: 1,
        createdByToken: 'tok-allocator',
        createdAt: '2026-03-02T10:00:00.000Z',
        updatedAt: '2026-03-02T10:00:00.000Z',
      })
      .run()
    t.db
      .insert(proposals)
      .values({
        id: 'P-TIE',
        roundId: 'R-TIE',
        applicantId: 'REAL-1',
        vacancyId: demoVacancy.id,
        score: 1,
        status: 'approved',
        createdAt: 'x',
      })
      .run()
    t.db
      .insert(decisions)
      .values({
        id: 'D-TIE',
        roundId: 'R-TIE',
        proposalId: 'P-TIE',
        kind: 'approve',
        applicantId: 'REAL-1',
        vacancyId: demoVacancy.id,
        policyId: 'orebro-default',
        policyVersion: 1,
        legalBasis: 'sol_4_1',
        decidedByPerson: 'Karin Lind',
        decidedByToken: 'tok-allocator',
        decidedByRole: 'allocator',
        decidedAt: '2026-03-02T10:00:00.000Z',
      })
      .run()
    const before = t.sqlite.prepare('SELECT count(*) AS n FROM applicants').get()
    const r = removeDemo(t.db, { principal: operator })
    expect(r).toEqual({
      ok: false,
      error: { code: 'ENTANGLED', detail: expect.stringContaining('decision D-TIE') },
    })
    expect(t.sqlite.prepare('SELECT count(*) AS n FROM applicants').get()).toEqual(before)
    expect(demoPresence(t.db).present).toBe(true)
  })

  it('the guards: a demo decision is append-only outside a removal; inside one, a real decision still is', () => {
    const demoDecision = t.sqlite
      .prepare("SELECT object_id AS id FROM demo_records WHERE object_type = 'decision' LIMIT 1")
      .get() as { id: string }
    expect(() => t.sqlite.prepare('DELETE FROM decisions WHERE id = ?').run(demoDecision.id)).toThrow(
      /append-only/,
    )
    // A real decision, in a round of its own.
    t.sqlite.exec(`INSERT INTO rounds (id, kind, status, as_of, policy_id, policy_version, created_by_token, created_at, updated_at)
      VALUES ('R-REAL', 'round', 'closed', '2026-03-02', 'orebro-default', 1, 't', 'x', 'x');
      INSERT INTO proposals (id, round_id, applicant_id, vacancy_id, score, status, created_at)
      VALUES ('P-REAL', 'R-REAL', 'REAL-1', 'REAL-V', 1, 'approved', 'x');
      INSERT INTO decisions (id, round_id, proposal_id, kind, applicant_id, vacancy_id, policy_id, policy_version, legal_basis, decided_by_person, decided_by_token, decided_by_role, decided_at)
      VALUES ('D-REAL', 'R-REAL', 'P-REAL', 'approve', 'REAL-1', 'REAL-V', 'orebro-default', 1, 'sol_4_1', 'Karin Lind', 't', 'allocator', 'x')`)
    t.sqlite.exec("BEGIN IMMEDIATE; INSERT INTO demo_removal_active (run_id) VALUES ('r')")
    expect(() => t.sqlite.exec("DELETE FROM decisions WHERE id = 'D-REAL'")).toThrow(/append-only/)
    // A demo placement may go (its offer and decision with it, as removeDemo does).
    const placement = t.sqlite
      .prepare("SELECT object_id AS id FROM demo_records WHERE object_type = 'placement' LIMIT 1")
      .get() as { id: string }
    expect(t.sqlite.prepare('DELETE FROM placements WHERE id = ?').run(placement.id).changes).toBe(1)
    t.sqlite.exec('ROLLBACK')
  })

  it('is seeded only into a new database: one an operator has made a token in is left alone', () => {
    const other = freshDatabase()
    try {
      unwrap(createToken(other.db, { role: 'admin', person: 'Anna Svensson', label: 'Drift' }))
      expect(seedDemo({ database: other, demo, logger: logCapture().logger, asOf: '2026-03-01' })).toEqual({
        seeded: false,
        reason: 'not-empty',
      })
      expect(other.db.select().from(applicants).all()).toEqual([])
    } finally {
      other.close()
    }
  })
})
