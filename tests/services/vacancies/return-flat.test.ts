/**
 * Rule P9, hand-checked through the services: a flat whose placement ended returns by its type (a
 * municipal flat to the municipality's stock, an ÖBO flat to ÖBO, a taken-over sublet to its
 * landlord), is let again through the real path, and never holds two active placements: not
 * through the services, and not through the database whatever code writes.
 */
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { getApplicant, insertApplicant } from '../../../db/repo/applicants.ts'
import { getVacancy, insertVacancy } from '../../../db/repo/vacancies.ts'
import { auditLog, placementEvents, placements } from '../../../db/schema.ts'
import { recordPlacementEnd, takeOverPlacement } from '../../../src/services/offers/placement-pathway.ts'
import { returnFlat } from '../../../src/services/vacancies/return-flat.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { contextFor, placeThroughRound, seedWorld } from '../../support/rounds.ts'

const day = (iso: string) => () => new Date(`${iso}T10:00:00Z`)

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

describe('returning a flat whose placement ended (rule P9)', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  const allocator = (on: string) => contextFor(t, 'allocator', { person: 'Karin Lind', now: day(on) })

  it('a municipal flat is refused while its placement is active, then opens from the day after the end and is let to another household', async () => {
    seedWorld(t, {
      applicants: [
        makeApplicant({ id: 'A1', lotteryNumber: 1 }),
        makeApplicant({ id: 'A2', lotteryNumber: 2 }),
      ],
      vacancies: [makeVacancy({ id: 'V1' })],
    })
    const first = await placeThroughRound(t, 'A1', 'r1', '2026-12-07')
    const early = returnFlat({ ctx: allocator('2027-01-10'), input: { id: 'V1' } })
    expect(early.ok === false && early.error).toEqual({
      code: 'CONFLICT',
      detail: `The placement ${first.id} in this flat is still active (since 2026-12-07): record its end before the flat returns.`,
    })
    unwrap(recordPlacementEnd({ ctx: allocator('2027-03-31'), input: { id: first.id, reason: 'evicted' } }))
    const tooSoon = returnFlat({
      ctx: allocator('2027-04-02'),
      input: { id: 'V1', availableFrom: '2027-03-31' },
    })
    expect(tooSoon.ok === false && 'issues' in tooSoon.error && tooSoon.error.issues).toEqual([
      { path: 'availableFrom', message: 'must be after 2027-03-31' },
    ])
    const back = unwrap(returnFlat({ ctx: allocator('2027-04-02'), input: { id: 'V1' } }))
    expect(back).toMatchObject({ returnedTo: 'municipality', placementId: first.id })
    expect(back.vacancy.vacancy).toMatchObject({ status: 'open', availableFrom: '2027-04-01' })
    expect(back.vacancy.version).toBe(4) // registered, offered, let, returned
    expect(
      t.db
        .select()
        .from(auditLog)
        .all()
        .map((a) => a.action),
    ).toContain('vacancy.return')
    const again = returnFlat({ ctx: allocator('2027-04-02'), input: { id: 'V1' } })
    expect(again.ok === false && again.error.detail).toBe(
      'The flat is open, not let: there is nothing to return.',
    )

    // The next round lets it to the other household: two placements of one flat, one of them active.
    const second = await placeThroughRound(t, 'A2', 'r2', '2027-04-05')
    expect(second).toMatchObject({ vacancyId: 'V1', startDate: '2027-04-05' })
    expect(
      t.db
        .select()
        .from(placements)
        .all()
        .map((p) => p.applicantId),
    ).toEqual(['A1', 'A2'])
    expect(getVacancy(t.db, 'V1')?.vacancy.status).toBe('let')
    expect(getApplicant(t.db, 'A1')?.applicant.status).toBe('housed') // until its case is reopened
  })

  it('an ÖBO priority flat goes back to ÖBO, and a taken-over sublet to its landlord: withdrawn, with no day of their own', async () => {
    seedWorld(t, {
      applicants: [makeApplicant({ id: 'A1', oboPriority: { decisionRef: 'F-1', decidedOn: '2026-10-01' } })],
      vacancies: [makeVacancy({ id: 'V1', type: 'obo_priority', landlord: 'obo', externalRef: 'OBO-1' })],
    })
    const obo = await placeThroughRound(t, 'A1', 'r1', '2026-12-07')
    expect(obo.vacancyId).toBe('V1')
    // A second household and a municipal flat, after the first round has closed.
    expect(insertApplicant(t.db, makeApplicant({ id: 'A2' })).ok).toBe(true)
    expect(insertVacancy(t.db, makeVacancy({ id: 'V2' })).ok).toBe(true)
    const second = await placeThroughRound(t, 'A2', 'r2', '2026-12-08')
    expect(second.vacancyId).toBe('V2')
    unwrap(recordPlacementEnd({ ctx: allocator('2027-02-28'), input: { id: obo.id, reason: 'own_home' } }))
    unwrap(takeOverPlacement({ ctx: allocator('2027-12-10'), input: { id: second.id } }))
    unwrap(recordPlacementEnd({ ctx: allocator('2028-05-31'), input: { id: second.id, reason: 'own_home' } }))

    const withDay = returnFlat({
      ctx: allocator('2028-06-01'),
      input: { id: 'V1', availableFrom: '2028-07-01' },
    })
    expect(withDay.ok === false && withDay.error.detail).toBe(
      "This flat goes back to ÖBO, not to the municipality's stock: it gets no day to be let here.",
    )
    expect(unwrap(returnFlat({ ctx: allocator('2028-06-01'), input: { id: 'V1' } }))).toMatchObject({
      returnedTo: 'obo',
      vacancy: { vacancy: { status: 'withdrawn', availableFrom: '2026-11-01' } },
    })
    expect(unwrap(returnFlat({ ctx: allocator('2028-06-01'), input: { id: 'V2' } }))).toMatchObject({
      returnedTo: 'landlord',
      vacancy: { vacancy: { status: 'withdrawn' } },
    })
  })

  it('P8: an end is recorded once, by a named person, not in the future nor before the start; another caseload is 404 and on record', async () => {
    seedWorld(t, { applicants: [makeApplicant({ id: 'A1' })], vacancies: [makeVacancy({ id: 'V1' })] })
    const p = await placeThroughRound(t, 'A1', 'r1', '2026-12-07')
    const future = recordPlacementEnd({
      ctx: allocator('2027-01-01'),
      input: { id: p.id, reason: 'left', on: '2027-01-02' },
    })
    expect(future.ok === false && future.error.code).toBe('INVALID')
    const before = recordPlacementEnd({
      ctx: allocator('2027-01-01'),
      input: { id: p.id, reason: 'left', on: '2026-12-06' },
    })
    expect(before.ok === false && before.error.detail).toBe(
      'The placement cannot end before it started (2026-12-07).',
    )
    const nameless = recordPlacementEnd({
      ctx: contextFor(t, 'allocator', { person: null, now: day('2027-01-01') }),
      input: { id: p.id, reason: 'left' },
    })
    expect(nameless.ok === false && nameless.error.detail).toBe(
      "A placement's end is recorded by a named person, and this API token names none. Create a token with --person.",
    )
    const other = contextFor(t, 'caseworker', {
      person: 'Per Ek',
      caseloads: ['team-soder'],
      now: day('2027-01-01'),
    })
    const denied = recordPlacementEnd({ ctx: other, input: { id: p.id, reason: 'left' } })
    expect(denied.ok === false && denied.error.code).toBe('NOT_FOUND')
    const own = contextFor(t, 'caseworker', { person: 'Sara Holm', now: day('2027-01-01') })
    expect(unwrap(recordPlacementEnd({ ctx: own, input: { id: p.id, reason: 'left' } }))).toMatchObject({
      endedOn: '2027-01-01',
      endReason: 'left',
    })
    const twice = recordPlacementEnd({ ctx: own, input: { id: p.id, reason: 'evicted' } })
    expect(twice.ok === false && twice.error.detail).toBe('The placement already ended on 2027-01-01.')
    expect(t.db.select().from(placementEvents).all()).toEqual([
      expect.objectContaining({
        kind: 'ended',
        on: '2027-01-01',
        endReason: 'left',
        recordedByPerson: 'Sara Holm',
      }),
    ])
    const actions = t.db
      .select()
      .from(auditLog)
      .all()
      .map((a) => a.action)
    expect(actions).toContain('placement.end_denied')
    expect(actions).toContain('placement.end')
  })
})

/**
 * The database's own guard (migration 0017), model-checked: random placements of households into
 * flats and ends of placements, written as raw SQL as any code might. A placement is refused exactly
 * when the model says its flat or its household already holds an active one, and after every step no
 * flat holds two active placements. Foreign keys are off in this database only: the rows the
 * placements would refer to (offers, decisions) are beside the point of the triggers.
 */
describe('the database never lets a flat hold two active placements', () => {
  type Step = { kind: 'place'; household: number; flat: number } | { kind: 'end'; pick: number }
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('place' as const), household: fc.nat(3), flat: fc.nat(2) }),
    fc.record({ kind: fc.constant('end' as const), pick: fc.nat(20) }),
  )

  let t: TestDatabase
  beforeAll(() => {
    t = freshDatabase()
    t.sqlite.pragma('foreign_keys = OFF')
  })
  afterAll(() => t.close())

  it('a flat never has two active placements, whatever sequence of placements and ends is written', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        // One database for every run, each run in a transaction rolled back after it.
        t.sqlite.exec('BEGIN')
        try {
          const insert = t.sqlite.prepare(
            `INSERT INTO placements (id, offer_id, decision_id, applicant_id, vacancy_id, caseload, contract_form, start_date, recorded_by_person, recorded_by_token, created_at)
             VALUES (?, ?, ?, ?, ?, 'c', 'social_contract', '2026-12-07', 'K', 'tok', '2026-12-07T10:00:00Z')`,
          )
          const end = t.sqlite.prepare(
            `INSERT INTO placement_events (id, placement_id, applicant_id, kind, "on", end_reason, caseload, recorded_by_person, recorded_by_token, created_at)
             VALUES (?, ?, ?, 'ended', '2027-01-01', 'evicted', 'c', 'K', 'tok', '2027-01-01T10:00:00Z')`,
          )
          const model: { id: string; household: string; flat: string; active: boolean }[] = []
          let n = 0
          for (const s of steps) {
            n += 1
            if (s.kind === 'place') {
              const household = `A${s.household}`
              const flat = `V${s.flat}`
              const refused = model.some((p) => p.active && (p.flat === flat || p.household === household))
              const write = () => insert.run(`P${n}`, `O${n}`, `D${n}`, household, flat)
              if (refused) expect(write).toThrow(/already holds an active placement/)
              else {
                write()
                model.push({ id: `P${n}`, household, flat, active: true })
              }
            } else {
              const active = model.filter((p) => p.active)
              const p = active[s.pick % Math.max(1, active.length)]
              if (p === undefined) continue
              end.run(`E${n}`, p.id, p.household)
              p.active = false
            }
            const twice = t.sqlite
              .prepare(
                `SELECT vacancy_id FROM placements p
                 WHERE NOT EXISTS (SELECT 1 FROM placement_events e WHERE e.placement_id = p.id AND e.kind = 'ended')
                 GROUP BY vacancy_id HAVING count(*) > 1`,
              )
              .all()
            expect(twice).toEqual([])
          }
        } finally {
          t.sqlite.exec('ROLLBACK')
        }
      }),
      { seed: 17_2026, numRuns: 100 },
    )
  })
})
