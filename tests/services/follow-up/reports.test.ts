/**
 * The follow-up data as loaded from a database where the round routine really ran (create →
 * solve → approve → one accepted, one declined), and the report service on top of it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { offers } from '../../../db/schema.ts'
import { loadFollowUp } from '../../../src/services/follow-up/load.ts'
import { followUpReport, reportCsv } from '../../../src/services/follow-up/reports.ts'
import { recordDailyCounts } from '../../../src/services/follow-up/snapshots.ts'
import { acceptOffer, declineOffer } from '../../../src/services/offers/answer-offer.ts'
import { createRound } from '../../../src/services/rounds/create-round.ts'
import { approveAllProposals } from '../../../src/services/rounds/decide-proposal.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { contextFor, drainWorker, seedWorld } from '../../support/rounds.ts'

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

describe('follow-up on a database where the routine ran', () => {
  let t: TestDatabase
  beforeEach(async () => {
    t = freshDatabase()
    seedWorld(t, {
      applicants: [
        makeApplicant({ id: 'A1', lotteryNumber: 1 }),
        makeApplicant({
          id: 'A2',
          lotteryNumber: 2,
          situation: { code: 'institution', kind: 'prison', since: '2026-01-01' },
        }),
      ],
      vacancies: [makeVacancy({ id: 'V1' }), makeVacancy({ id: 'V2', district: 'Väster' })],
    })
    const allocator = contextFor(t, 'allocator', { person: 'Karin Lind' })
    const round = unwrap(
      createRound({ ctx: allocator, input: { idempotencyKey: 'k', body: { asOf: '2026-12-07' } } }),
    )
    await drainWorker(t)
    unwrap(approveAllProposals({ ctx: allocator, input: { roundId: round.round.id } }))
    const made = t.db.select().from(offers).all()
    const caseworker = contextFor(t, 'caseworker', { person: 'Sara Holm', caseloads: ['team-norr'] })
    const a1 = made.find((o) => o.applicantId === 'A1')
    const a2 = made.find((o) => o.applicantId === 'A2')
    unwrap(acceptOffer({ ctx: caseworker, input: { id: a1?.id ?? '' } }))
    unwrap(
      declineOffer({ ctx: caseworker, input: { id: a2?.id ?? '', declinedBy: 'household', reason: 'rent' } }),
    )
  })
  afterEach(() => t.close())

  it('loads households with their history, offers, decisions, placements and the round’s equality figures', () => {
    const data = loadFollowUp(t.db)
    const a1 = data.households.find((h) => h.id === 'A1')
    expect(a1?.situations.map((s) => s.code)).toEqual(['acute', 'long_term_solution'])
    expect(
      data.offers.map((o) => [o.applicantId, o.vacancyType, o.status, o.declineReason ?? null]).sort(),
    ).toEqual([
      ['A1', 'social_contract', 'accepted', null],
      ['A2', 'social_contract', 'declined', 'rent'],
    ])
    expect(data.offers.every((o) => o.answeredOn !== undefined)).toBe(true)
    expect(data.decisions.map((d) => d.kind)).toEqual(['approve', 'approve'])
    expect(data.placements).toHaveLength(1)
    expect(data.placements[0]).toMatchObject({ applicantId: 'A1', contractForm: 'social_contract' })
    const solved = data.rounds.find((r) => r.equality !== undefined)
    expect(solved?.equality).toMatchObject({ eligible: 2, matched: 2 })
    expect(solved?.equality?.groups.map((g) => g.attribute)).toEqual(
      expect.arrayContaining(['gender', 'ageBand']),
    )
    expect(solved?.parityEpsilon).toBeGreaterThan(0)
  })

  it('answers every report; the period is checked; CSV is for a Swedish spreadsheet', () => {
    const ctx = contextFor(t, 'analyst')
    const flows = unwrap(
      followUpReport({ ctx, input: { name: 'flows', from: '2026-01-01', to: '2027-12-31' } }),
    )
    // One placement and two registrations (today) in the period: small, so hidden.
    expect(flows.tables[0]?.rows.at(-1)).toMatchObject({ situation: 'Totalt', placed: '<5' })
    expect(
      followUpReport({ ctx, input: { name: 'map', from: '2027-01-01', to: '2026-01-01' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID' },
    })
    const csv = reportCsv(
      unwrap(followUpReport({ ctx, input: { name: 'declines', from: '2026-01-01', to: '2027-12-31' } })),
    )
    expect(csv.startsWith('\ufefftabell;type;made;')).toBe(true)
    expect(csv).toContain('\r\nper-type;socialt kontrakt;<5;')
  })

  it('stores each day’s counts once, and the trend report reads them', () => {
    expect(recordDailyCounts(t.db, '2026-12-01')).toBe(true)
    expect(recordDailyCounts(t.db, '2026-12-01')).toBe(false)
    expect(recordDailyCounts(t.db, '2026-12-02')).toBe(true)
    const trend = unwrap(
      followUpReport({
        ctx: contextFor(t, 'analyst'),
        input: { name: 'trend', from: '2026-11-01', to: '2026-12-31' },
      }),
    )
    // A2 (institution) is homeless both days; A1 (social contract from today) is counted in situation 3.
    expect(trend.tables[0]?.rows.map((r) => r.day)).toEqual(['2026-12-01', '2026-12-02'])
    expect(trend.tables[0]?.rows.every((r) => r.total === '<5')).toBe(true)
    const stored = loadFollowUp(t.db).days
    expect(stored.map((d) => d.day)).toEqual(['2026-12-01', '2026-12-02'])
    expect(stored[1]?.counts.all.institution).toEqual({ households: 1, adults: 1, children: 0 })
  })
})
