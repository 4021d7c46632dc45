/**
 * The tenancy pathway through the services, hand-checked: the legal basis a decision records, a
 * sublet's trial period, Housing First as a first-hand lease, the take-over, and the move from one
 * placement to the next (rules D1, P4–P7 in docs/rounds.md).
 */
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { auditLog, decisions, placementEvents, placements, proposals } from '../../../db/schema.ts'
import { acceptOffer } from '../../../src/services/offers/answer-offer.ts'
import { takeOverPlacement } from '../../../src/services/offers/placement-pathway.ts'
import { getPlacement } from '../../../src/services/offers/read-offers.ts'
import { createRound } from '../../../src/services/rounds/create-round.ts'
import { approveProposal } from '../../../src/services/rounds/decide-proposal.ts'
import { mustApplicant, writeApplicantAsSystem } from '../../../src/services/rounds/store.ts'
import { grantedEverything, makeApplicant, makeVacancy } from '../../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { contextFor, drainWorker, seedWorld } from '../../support/rounds.ts'

const asOf = '2026-12-07'
const day = (iso: string) => () => new Date(`${iso}T10:00:00Z`)

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

describe('the tenancy pathway through the services', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  const allocator = (now = day(asOf)) => contextFor(t, 'allocator', { person: 'Karin Lind', now })

  /** Runs a round on `asOf` and approves the proposal of `applicantId`; returns the decision and offer. */
  async function offerTo(applicantId: string, key: string, on = asOf) {
    const made = unwrap(
      createRound({ ctx: allocator(day(on)), input: { idempotencyKey: key, body: { asOf: on } } }),
    )
    await drainWorker(t, { now: () => Date.parse(`${on}T10:00:00Z`) })
    const proposal = t.db
      .select()
      .from(proposals)
      .where(eq(proposals.roundId, made.round.id))
      .all()
      .find((p) => p.applicantId === applicantId)
    if (proposal === undefined) throw new Error(`${applicantId} was not proposed`)
    return approveProposal({
      ctx: allocator(day(on)),
      input: { roundId: made.round.id, proposalId: proposal.id },
    })
  }

  it('D1: the decision records the support decision it rests on, by reference and date', async () => {
    seedWorld(t, {
      applicants: [
        makeApplicant({
          id: 'A1',
          legalBasis: {
            ...grantedEverything,
            supportDecisions: [
              { reference: 'SOC-2026-0411', grants: 'social_contract', decidedOn: '2026-09-14' },
            ],
          },
        }),
      ],
      vacancies: [makeVacancy({ id: 'V1' })],
    })
    const outcome = unwrap(await offerTo('A1', 'd1'))
    expect(outcome.decision).toMatchObject({
      legalBasis: 'sol_4_1',
      basisReference: 'SOC-2026-0411',
      basisDecidedOn: '2026-09-14',
    })
    const stored = t.db.select().from(decisions).all()
    expect(stored.map((d) => [d.legalBasis, d.basisReference, d.basisDecidedOn])).toEqual([
      ['sol_4_1', 'SOC-2026-0411', '2026-09-14'],
    ])
  })

  it('D1: a support decision that lapsed between the round and the approval stops the offer (409), and nothing is recorded', async () => {
    seedWorld(t, {
      applicants: [
        makeApplicant({
          id: 'A1',
          legalBasis: {
            ...grantedEverything,
            supportDecisions: [
              { reference: 'SOC-1', grants: 'social_contract', decidedOn: '2026-01-10', validUntil: asOf },
            ],
          },
        }),
      ],
      vacancies: [makeVacancy({ id: 'V1' })],
    })
    const made = unwrap(createRound({ ctx: allocator(), input: { idempotencyKey: 'lapse', body: { asOf } } }))
    await drainWorker(t, { now: () => Date.parse(`${asOf}T10:00:00Z`) })
    const proposal = t.db.select().from(proposals).where(eq(proposals.roundId, made.round.id)).get()
    expect(proposal?.applicantId).toBe('A1')
    const refused = approveProposal({
      ctx: allocator(day('2026-12-08')),
      input: { roundId: made.round.id, proposalId: proposal?.id ?? '' },
    })
    expect(refused.ok).toBe(false)
    if (!refused.ok) {
      expect(refused.error.code).toBe('CONFLICT')
      expect(refused.error.detail).toBe(
        'The household has no valid support decision for a social contract today (2026-12-08): record the decision on the household before it is offered one.',
      )
    }
    expect(t.db.select().from(decisions).all()).toEqual([])
    expect(t.db.select().from(proposals).get()?.status).toBe('pending')
  })

  it('P5: a social contract gets the policy’s 12-month trial period; P6: the household takes it over, once, audited', async () => {
    seedWorld(t, { applicants: [makeApplicant({ id: 'A1' })], vacancies: [makeVacancy({ id: 'V1' })] })
    const offer = unwrap(await offerTo('A1', 'p5')).offer
    const { placement } = unwrap(acceptOffer({ ctx: allocator(), input: { id: offer?.id ?? '' } }))
    expect(placement).toMatchObject({
      contractForm: 'social_contract',
      startDate: asOf,
      trialPeriodEndsOn: '2027-12-07',
    })

    const caseworker = contextFor(t, 'caseworker', {
      person: 'Sara Holm',
      caseloads: ['team-norr'],
      now: day('2027-12-08'),
    })
    const taken = unwrap(takeOverPlacement({ ctx: caseworker, input: { id: placement.id } }))
    expect(taken).toMatchObject({ takenOverOn: '2027-12-08', tenure: 'first_hand', endedOn: null })
    expect(t.db.select().from(placementEvents).all()).toEqual([
      expect.objectContaining({ kind: 'taken_over', on: '2027-12-08', recordedByPerson: 'Sara Holm' }),
    ])
    expect(
      t.db
        .select()
        .from(auditLog)
        .all()
        .map((a) => a.action),
    ).toContain('placement.take_over')
    // Read back, the placement says so.
    expect(unwrap(getPlacement({ ctx: allocator(), input: { id: placement.id } }))).toMatchObject({
      tenure: 'first_hand',
      takenOverOn: '2027-12-08',
    })

    const again = takeOverPlacement({ ctx: caseworker, input: { id: placement.id } })
    expect(again.ok === false && again.error.detail).toBe(
      'The contract was already taken over on 2027-12-08.',
    )

    // Another caseload's case worker: 404, and the attempt is on record.
    const other = contextFor(t, 'caseworker', { person: 'Per Ek', caseloads: ['team-soder'] })
    const denied = takeOverPlacement({ ctx: other, input: { id: placement.id } })
    expect(denied.ok === false && denied.error.code).toBe('NOT_FOUND')
    expect(
      t.db
        .select()
        .from(auditLog)
        .all()
        .map((a) => a.action),
    ).toContain('placement.take_over_denied')
  })

  it('P4: Housing First is a first-hand lease from day one: no trial period, no situation 3, and never recorded as a sublet', async () => {
    const hf = {
      id: 'A1',
      needs: { housingFirstAssessed: true },
      preferences: { vacancyTypes: ['housing_first' as const] },
    }
    seedWorld(t, {
      applicants: [makeApplicant(hf)],
      vacancies: [makeVacancy({ id: 'V1', type: 'housing_first', landlord: 'obo' })],
    })
    const offer = unwrap(await offerTo('A1', 'p4')).offer
    const asSublet = acceptOffer({
      ctx: allocator(),
      input: { id: offer?.id ?? '', contractForm: 'social_contract' },
    })
    expect(asSublet.ok === false && asSublet.error.detail).toContain('first-hand lease from day one')
    const withTrial = acceptOffer({
      ctx: allocator(),
      input: { id: offer?.id ?? '', trialPeriodEndsOn: '2027-06-01' },
    })
    expect(withTrial.ok === false && withTrial.error.detail).toBe(
      'A housing_first contract is not a sublet and has no trial period.',
    )
    const { placement } = unwrap(acceptOffer({ ctx: allocator(), input: { id: offer?.id ?? '' } }))
    expect(placement).toMatchObject({ contractForm: 'housing_first', trialPeriodEndsOn: null })
    // Housed in its own home: the situation is not moved to situation 3.
    expect(getApplicant(t.db, 'A1')?.applicant.situation?.code).toBe('acute')
    const taken = takeOverPlacement({ ctx: allocator(), input: { id: placement.id } })
    expect(taken.ok === false && taken.error.detail).toContain('no contract to take over')
  })

  it('P7: a household that moves on holds one active placement: the one it leaves ends the day the next begins', async () => {
    seedWorld(t, {
      applicants: [makeApplicant({ id: 'A1' })],
      vacancies: [makeVacancy({ id: 'V1' }), makeVacancy({ id: 'V2', rooms: 3, areaM2: 70 })],
    })
    const first = unwrap(await offerTo('A1', 'm1')).offer
    const one = unwrap(acceptOffer({ ctx: allocator(), input: { id: first?.id ?? '' } })).placement
    // Back in the pool with a reason to move while it still lives there (reopening is for a household
    // whose placement ended, rule P10): written as the system does.
    const stored = mustApplicant(t.db, 'A1')
    writeApplicantAsSystem(t.db, stored, {
      ...stored.applicant,
      status: 'active',
      subletMoveReason: 'household_changed_size',
    })
    const second = unwrap(await offerTo('A1', 'm2', '2027-03-01')).offer
    const two = unwrap(
      acceptOffer({ ctx: allocator(day('2027-03-01')), input: { id: second?.id ?? '' } }),
    ).placement
    expect(two.startDate).toBe('2027-03-01')
    expect(t.db.select().from(placementEvents).all()).toEqual([
      expect.objectContaining({ placementId: one.id, kind: 'ended', on: '2027-03-01', endReason: 'moved' }),
    ])
    // The ended placement can no longer be taken over.
    const late = takeOverPlacement({ ctx: allocator(day('2027-04-01')), input: { id: one.id } })
    expect(late.ok === false && late.error.detail).toBe('The placement ended on 2027-03-01.')
    // The database refuses a second active placement whatever code writes it.
    expect(() =>
      t.sqlite
        .prepare(
          `INSERT INTO placements (id, offer_id, decision_id, applicant_id, vacancy_id, caseload, contract_form, start_date, recorded_by_person, recorded_by_token, created_at)
           SELECT 'p-x', offer_id, decision_id, applicant_id, 'V1', caseload, contract_form, start_date, recorded_by_person, recorded_by_token, created_at FROM placements WHERE id = ?`,
        )
        .run(two.id),
    ).toThrow(/already holds an active placement/)
    expect(t.db.select().from(placements).all()).toHaveLength(2)
  })
})
