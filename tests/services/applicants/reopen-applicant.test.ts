/**
 * Rule P10, hand-checked through the services: a household evicted from its placement, or that left
 * it with no home to go to, is reopened in its new situation with its history, placements and
 * declines kept; a household still in its placement, one that took over its contract or moved to a
 * home of its own is not reopened by accident.
 */
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getApplicant, insertApplicant, situationHistory } from '../../../db/repo/applicants.ts'
import { insertVacancy } from '../../../db/repo/vacancies.ts'
import { auditLog, placements } from '../../../db/schema.ts'
import type { Situation } from '../../../src/domain/applicant.ts'
import { situationCodes, situationKinds } from '../../../src/domain/vocabulary.ts'
import { reopenApplicant } from '../../../src/services/applicants/reopen-applicant.ts'
import { recordPlacementEnd, takeOverPlacement } from '../../../src/services/offers/placement-pathway.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { contextFor, placeThroughRound, seedWorld } from '../../support/rounds.ts'

const day = (iso: string) => () => new Date(`${iso}T10:00:00Z`)

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

describe('reopening a housed household (rule P10)', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  const allocator = (on: string) => contextFor(t, 'allocator', { person: 'Karin Lind', now: day(on) })
  const version = (id: string) => getApplicant(t.db, id)?.version ?? 0
  const shelter = (since: string): Situation => ({ code: 'acute', kind: 'shelter', since })

  it('an evicted household is active again in its new situation, with its history, placement and declines kept; audited', async () => {
    seedWorld(t, {
      applicants: [makeApplicant({ id: 'A1', declinedVacancyIds: ['V-old-1', 'V-old-2'] })],
      vacancies: [makeVacancy({ id: 'V1' })],
    })
    const p = await placeThroughRound(t, 'A1', 'r1', '2026-12-07')
    const stillThere = reopenApplicant({
      ctx: allocator('2027-01-10'),
      input: { id: 'A1', expectedVersion: version('A1'), situation: shelter('2027-01-10') },
    })
    expect(stillThere.ok === false && stillThere.error.detail).toBe(
      `The household still lives in its placement ${p.id} (since 2026-12-07): record the placement's end first.`,
    )
    unwrap(recordPlacementEnd({ ctx: allocator('2027-03-31'), input: { id: p.id, reason: 'evicted' } }))
    const tooEarly = reopenApplicant({
      ctx: allocator('2027-04-02'),
      input: { id: 'A1', expectedVersion: version('A1'), situation: shelter('2027-03-30') },
    })
    expect(tooEarly.ok === false && 'issues' in tooEarly.error && tooEarly.error.issues).toEqual([
      { path: 'situation.since', message: 'must not be before 2027-03-31' },
    ])
    const caseworker = contextFor(t, 'caseworker', { person: 'Sara Holm', now: day('2027-04-02') })
    const reopened = unwrap(
      reopenApplicant({
        ctx: caseworker,
        input: { id: 'A1', expectedVersion: version('A1'), situation: shelter('2027-04-01') },
      }),
    )
    expect(reopened.applicant).toMatchObject({
      status: 'active',
      situation: shelter('2027-04-01'),
      declinedVacancyIds: ['V-old-1', 'V-old-2'],
    })
    expect(situationHistory(t.db, 'A1').map((s) => [s.code, s.kind, s.since])).toEqual([
      ['acute', 'shelter', '2026-01-10'],
      ['long_term_solution', 'social_contract', '2026-12-07'],
      ['acute', 'shelter', '2027-04-01'],
    ])
    expect(
      t.db
        .select()
        .from(placements)
        .all()
        .map((r) => r.id),
    ).toEqual([p.id])
    expect(
      t.db
        .select()
        .from(auditLog)
        .all()
        .map((a) => a.action),
    ).toContain('applicant.reopen')
    // Reopened once: the household is active now.
    const again = reopenApplicant({
      ctx: caseworker,
      input: { id: 'A1', expectedVersion: version('A1'), situation: shelter('2027-04-01') },
    })
    expect(again.ok === false && again.error.detail).toBe(
      'The household is active, not housed: there is no case to reopen.',
    )
    // Another caseload's case worker: 404, and on record.
    const other = contextFor(t, 'caseworker', {
      person: 'Per Ek',
      caseloads: ['team-soder'],
      now: day('2027-04-02'),
    })
    const denied = reopenApplicant({
      ctx: other,
      input: { id: 'A1', expectedVersion: version('A1'), situation: shelter('2027-04-01') },
    })
    expect(denied.ok === false && denied.error.code).toBe('NOT_FOUND')
    expect(
      t.db
        .select()
        .from(auditLog)
        .all()
        .map((a) => a.action),
    ).toContain('applicant.reopen_denied')
  })

  it('a household that took over its contract, or moved to a home of its own, is not reopened (409 with the reason)', async () => {
    seedWorld(t, { applicants: [makeApplicant({ id: 'A1' })], vacancies: [makeVacancy({ id: 'V1' })] })
    const one = await placeThroughRound(t, 'A1', 'r1', '2026-12-07')
    // A second household and flat, after the first round has closed.
    expect(insertApplicant(t.db, makeApplicant({ id: 'A2' })).ok).toBe(true)
    expect(insertVacancy(t.db, makeVacancy({ id: 'V2' })).ok).toBe(true)
    const p2 = await placeThroughRound(t, 'A2', 'r2', '2026-12-08')
    unwrap(takeOverPlacement({ ctx: allocator('2027-12-08'), input: { id: one.id } }))
    unwrap(recordPlacementEnd({ ctx: allocator('2028-02-29'), input: { id: one.id, reason: 'evicted' } }))
    const taken = reopenApplicant({
      ctx: allocator('2028-03-01'),
      input: { id: 'A1', expectedVersion: version('A1'), situation: shelter('2028-03-01') },
    })
    expect(taken.ok === false && taken.error.detail).toBe(
      'The household took over its contract on 2027-12-08: the home became its own. A new need is a new registration, or a prevention case while it still lives there.',
    )
    unwrap(recordPlacementEnd({ ctx: allocator('2027-06-30'), input: { id: p2.id, reason: 'own_home' } }))
    const ownHome = reopenApplicant({
      ctx: allocator('2027-07-01'),
      input: { id: 'A2', expectedVersion: version('A2'), situation: shelter('2027-07-01') },
    })
    expect(ownHome.ok === false && ownHome.error.detail).toBe(
      "The household's placement ended on 2027-06-30 (own_home), not by eviction or leaving without a home: there is no case to reopen.",
    )
    expect(getApplicant(t.db, 'A1')?.applicant.status).toBe('housed')
    expect(getApplicant(t.db, 'A2')?.applicant.status).toBe('housed')
  })

  it('a reopened household keeps its declines, its placements and every earlier situation, whatever its new situation', async () => {
    const situation = fc.constantFrom(...situationCodes).chain((code) =>
      fc.record({
        code: fc.constant(code),
        kind: fc.constantFrom(...situationKinds[code]),
        since: fc.integer({ min: 1, max: 28 }).map((d) => `2027-04-${String(d).padStart(2, '0')}`),
      }),
    ) as fc.Arbitrary<Situation>
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.stringMatching(/^V-[a-z0-9]{1,8}$/), { maxLength: 6 }),
        fc.constantFrom('evicted' as const, 'left' as const),
        situation,
        async (declined, reason, next) => {
          t.close()
          t = freshDatabase()
          seedWorld(t, {
            applicants: [makeApplicant({ id: 'A1', declinedVacancyIds: declined })],
            vacancies: [makeVacancy({ id: 'V1' })],
          })
          const p = await placeThroughRound(t, 'A1', 'r1', '2026-12-07')
          unwrap(recordPlacementEnd({ ctx: allocator('2027-03-31'), input: { id: p.id, reason } }))
          const before = situationHistory(t.db, 'A1')
          const reopened = unwrap(
            reopenApplicant({
              ctx: allocator('2027-04-28'),
              input: { id: 'A1', expectedVersion: version('A1'), situation: next },
            }),
          )
          expect(reopened.applicant.declinedVacancyIds).toEqual(declined)
          expect(reopened.applicant.status).toBe('active')
          const after = situationHistory(t.db, 'A1')
          expect(after.slice(0, before.length)).toEqual(before)
          expect(
            after.slice(before.length).map((s) => ({ code: s.code, kind: s.kind, since: s.since })),
          ).toEqual([next])
          expect(t.db.select().from(placements).all()).toEqual([expect.objectContaining({ id: p.id })])
        },
      ),
      { seed: 10_2026, numRuns: 8 },
    )
  })
})
