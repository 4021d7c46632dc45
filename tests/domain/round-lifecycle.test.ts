/** One test per rule of the round lifecycle (docs/rounds.md). */
import { describe, expect, it } from 'vitest'
import { decisionBasis } from '../../src/domain/legal-basis.ts'
import {
  afterDecline,
  afterNoAnswer,
  answerBy,
  canAnswer,
  canDecide,
  canEndPlacement,
  canOffer,
  canRecordContract,
  canReopen,
  canReturnFlat,
  canSolve,
  canTakeOver,
  defaultContractForm,
  flatAfterPlacement,
  homelessAfterEnd,
  isOverdue,
  legalBasisFor,
  placementEndReasons,
  placementStart,
  recordedEndReasons,
  situationAfterPlacement,
  statusAfterReview,
  statusAfterSolve,
  tenureOf,
  trialPeriodEnd,
} from '../../src/domain/round-lifecycle.ts'
import { vacancyTypes } from '../../src/domain/vocabulary.ts'

describe('round lifecycle rules', () => {
  it('R2: only a queued or solving round is solved; every later state is final', () => {
    expect(canSolve('queued')).toBeUndefined()
    expect(canSolve('solving')).toBeUndefined()
    for (const s of ['proposed', 'closed', 'failed', 'infeasible'] as const)
      expect(canSolve(s)?.code).toBe('CONFLICT')
  })

  it('R3: an optimum with proposals waits for review, without any it closes; a conflict is infeasible; else failed', () => {
    expect(statusAfterSolve('optimal', 3)).toBe('proposed')
    expect(statusAfterSolve('optimal', 0)).toBe('closed')
    expect(statusAfterSolve('timedout', 2)).toBe('proposed')
    expect(statusAfterSolve('timedout', 0)).toBe('failed')
    expect(statusAfterSolve('infeasible', 0)).toBe('infeasible')
    expect(statusAfterSolve('error', 0)).toBe('failed')
  })

  it('R4: a proposed round closes when nothing is pending', () => {
    expect(statusAfterReview('proposed', 1)).toBe('proposed')
    expect(statusAfterReview('proposed', 0)).toBe('closed')
    expect(statusAfterReview('closed', 0)).toBe('closed')
  })

  it('D1: the legal basis rests on the household’s own decision in force on the day, never on the vacancy type alone', () => {
    expect(legalBasisFor('obo_priority')).toBe('obo_priority_decision')
    for (const t of vacancyTypes.filter((x) => x !== 'obo_priority')) expect(legalBasisFor(t)).toBe('sol_4_1')
    const household = {
      legalBasis: {
        homelessness: 'individual' as const,
        responsibility: 'settled_here' as const,
        supportDecisions: [
          {
            reference: 'SOC-1',
            grants: 'social_contract' as const,
            decidedOn: '2026-03-01',
            validUntil: '2026-12-31',
          },
          { reference: 'SOC-2', grants: 'social_contract' as const, decidedOn: '2026-09-01' },
          {
            reference: 'SOC-3',
            grants: 'training_flat' as const,
            decidedOn: '2026-09-01',
            validUntil: '2026-10-31',
          },
        ],
      },
    }
    // Two in force: the latest decided is the basis.
    expect(decisionBasis(household, 'social_contract', '2026-12-07')).toEqual({
      ok: true,
      legalBasis: 'sol_4_1',
      reference: 'SOC-2',
      decidedOn: '2026-09-01',
    })
    expect(decisionBasis(household, 'social_contract', '2026-06-01')).toMatchObject({
      ok: true,
      reference: 'SOC-1',
    })
    // Lapsed, or never granted: no basis.
    expect(decisionBasis(household, 'training_flat', '2026-11-01')).toEqual({
      ok: false,
      grant: 'training_flat',
    })
    expect(decisionBasis(household, 'housing_first', '2026-11-01')).toEqual({
      ok: false,
      grant: 'housing_first',
    })
    // An ÖBO flat rests on ÖBO's priority decision, named when the household holds one.
    expect(
      decisionBasis(
        { ...household, oboPriority: { decisionRef: 'F-9', decidedOn: '2026-05-05' } },
        'obo_priority',
        '2026-12-07',
      ),
    ).toEqual({ ok: true, legalBasis: 'obo_priority_decision', reference: 'F-9', decidedOn: '2026-05-05' })
  })

  it('D2: a decision needs a named person, a round under review and a pending proposal', () => {
    const ok = { roundStatus: 'proposed', proposalStatus: 'pending', person: 'Karin Lind' } as const
    expect(canDecide(ok)).toBeUndefined()
    expect(canDecide({ ...ok, person: null })?.detail).toContain('named person')
    expect(canDecide({ ...ok, person: '  ' })?.detail).toContain('named person')
    expect(canDecide({ ...ok, roundStatus: 'closed' })?.detail).toContain('not under review')
    expect(canDecide({ ...ok, proposalStatus: 'approved' })?.detail).toBe('The proposal is already approved.')
  })

  it('D3: an offer needs an active household and an open vacancy, neither with an open offer', () => {
    const ok = {
      applicantStatus: 'active',
      vacancyStatus: 'open',
      applicantHasOpenOffer: false,
      vacancyHasOpenOffer: false,
    } as const
    expect(canOffer(ok)).toBeUndefined()
    expect(canOffer({ ...ok, applicantHasOpenOffer: true })?.detail).toContain('household already holds')
    expect(canOffer({ ...ok, vacancyHasOpenOffer: true })?.detail).toContain('vacancy already has')
    expect(canOffer({ ...ok, applicantStatus: 'withdrawn' })?.detail).toContain('withdrawn')
    expect(canOffer({ ...ok, vacancyStatus: 'let' })?.detail).toContain('let')
  })

  it('O1: the last day to answer is answerDays after the offer, across month ends', () => {
    expect(answerBy('2026-12-07', 7)).toBe('2026-12-14')
    expect(answerBy('2026-12-28', 7)).toBe('2027-01-04')
    expect(answerBy('2028-02-27', 2)).toBe('2028-02-29')
  })

  it('O2: an offer is answered once', () => {
    expect(canAnswer('open')).toBeUndefined()
    for (const s of ['accepted', 'declined', 'no_answer'] as const)
      expect(canAnswer(s)?.detail).toBe(`The offer is already ${s}.`)
  })

  it('O3: an open offer is overdue the day after its last day to answer', () => {
    expect(isOverdue({ status: 'open', answerBy: '2026-12-14' }, '2026-12-14')).toBe(false)
    expect(isOverdue({ status: 'open', answerBy: '2026-12-14' }, '2026-12-15')).toBe(true)
    expect(isOverdue({ status: 'accepted', answerBy: '2026-12-14' }, '2026-12-20')).toBe(false)
  })

  it('O4: a decline never brings the pair back; only a household decline has the policy consequence (ending the ÖBO priority)', () => {
    const base = {
      consequence: 'end_priority',
      declinedVacancyIds: ['v-0'],
      vacancyId: 'v-1',
    } as const
    expect(afterDecline({ ...base, declinedBy: 'household' })).toEqual({
      declinedVacancyIds: ['v-0', 'v-1'],
      endsPriority: true,
      status: 'active',
    })
    expect(afterDecline({ ...base, declinedBy: 'landlord' }).endsPriority).toBe(false)
    expect(afterDecline({ ...base, declinedBy: 'household', consequence: 'none' }).endsPriority).toBe(false)
    expect(
      afterDecline({ ...base, declinedBy: 'household', declinedVacancyIds: ['v-1'] }).declinedVacancyIds,
    ).toEqual(['v-1'])
  })

  it('O3b: an unanswered offer has the consequence of a household decline', () => {
    expect(afterNoAnswer('end_priority')).toEqual({ endsPriority: true })
    expect(afterNoAnswer('none')).toEqual({ endsPriority: false })
  })

  it('P1: a placement starts on the later of the answer and availability, unless a date is given', () => {
    expect(placementStart('2026-12-10', '2026-12-01')).toBe('2026-12-10')
    expect(placementStart('2026-12-10', '2027-01-01')).toBe('2027-01-01')
    expect(placementStart('2026-12-10', '2027-01-01', '2027-02-01')).toBe('2027-02-01')
  })

  it('P2: the contract form follows the vacancy type', () => {
    expect(vacancyTypes.map(defaultContractForm)).toEqual([
      'social_contract',
      'housing_first',
      'training',
      'trial',
      'supported_housing',
      'first_hand',
    ])
  })

  it('P3: the situation after a placement follows its contract: the sublets are situation 3, supported housing 2, a first-hand lease (ÖBO, Housing First) none', () => {
    expect(situationAfterPlacement('social_contract')).toEqual({
      code: 'long_term_solution',
      kind: 'social_contract',
    })
    expect(situationAfterPlacement('training')).toEqual({ code: 'long_term_solution', kind: 'training_flat' })
    expect(situationAfterPlacement('trial')).toEqual({ code: 'long_term_solution', kind: 'trial_flat' })
    expect(situationAfterPlacement('supported_housing')).toEqual({
      code: 'institution',
      kind: 'supported_housing',
    })
    expect(situationAfterPlacement('housing_first')).toBeNull()
    expect(situationAfterPlacement('first_hand')).toBeNull()
  })

  it('P4: Housing First is a first-hand lease: recorded only as housing_first, and that form only for Housing First', () => {
    expect(tenureOf('housing_first')).toBe('first_hand')
    expect(tenureOf('first_hand')).toBe('first_hand')
    for (const f of ['social_contract', 'training', 'trial'] as const) expect(tenureOf(f)).toBe('sublet')
    expect(tenureOf('supported_housing')).toBe('supported_housing')
    expect(canRecordContract('housing_first', 'housing_first')).toBeUndefined()
    expect(canRecordContract('housing_first', 'social_contract')?.detail).toContain(
      'first-hand lease from day one',
    )
    expect(canRecordContract('social_contract', 'housing_first')?.detail).toContain(
      'Housing First flats only',
    )
    expect(canRecordContract('obo_priority', 'social_contract')).toBeUndefined()
  })

  it('P5: a sublet’s trial period ends the policy’s months after the start (or on the day given); other contracts have none', () => {
    const periods = { social_contract: 12, training: 6, trial: 9 }
    expect(trialPeriodEnd('social_contract', '2026-01-31', periods)).toBe('2027-01-31')
    expect(trialPeriodEnd('training', '2026-08-31', periods)).toBe('2027-02-28')
    expect(trialPeriodEnd('trial', '2026-12-07', periods)).toBe('2027-09-07')
    expect(trialPeriodEnd('social_contract', '2026-12-07', periods, '2027-06-30')).toBe('2027-06-30')
    expect(trialPeriodEnd('social_contract', '2026-12-07', undefined)).toBeNull()
    expect(trialPeriodEnd('housing_first', '2026-12-07', periods)).toBeNull()
    expect(trialPeriodEnd('first_hand', '2026-12-07', periods, '2027-01-01')).toBeNull()
    expect(trialPeriodEnd('supported_housing', '2026-12-07', periods)).toBeNull()
  })

  it('P6: a take-over is of an active sublet, once, on or after its start', () => {
    const ok = {
      contractForm: 'social_contract',
      startDate: '2026-01-10',
      takenOverOn: null,
      endedOn: null,
      on: '2027-01-10',
    } as const
    expect(canTakeOver(ok)).toBeUndefined()
    expect(canTakeOver({ ...ok, on: '2026-01-10' })).toBeUndefined()
    expect(canTakeOver({ ...ok, on: '2026-01-09' })?.detail).toContain('before the placement started')
    expect(canTakeOver({ ...ok, takenOverOn: '2026-12-01' })?.detail).toContain('already taken over')
    expect(canTakeOver({ ...ok, endedOn: '2026-06-01' })?.detail).toContain('ended')
    for (const contractForm of ['first_hand', 'housing_first', 'supported_housing'] as const)
      expect(canTakeOver({ ...ok, contractForm })?.detail).toContain('no contract to take over')
  })

  it('P8: an end is recorded on an active placement, not before it began nor before its take-over; moved only by an accept', () => {
    const ok = { startDate: '2026-01-10', takenOverOn: null, endedOn: null, on: '2026-06-30' } as const
    expect(canEndPlacement(ok)).toBeUndefined()
    expect(canEndPlacement({ ...ok, on: '2026-01-10' })).toBeUndefined()
    expect(canEndPlacement({ ...ok, on: '2026-01-09' })?.detail).toBe(
      'The placement cannot end before it started (2026-01-10).',
    )
    expect(canEndPlacement({ ...ok, endedOn: '2026-03-01' })?.detail).toBe(
      'The placement already ended on 2026-03-01.',
    )
    expect(canEndPlacement({ ...ok, takenOverOn: '2026-07-01' })?.detail).toBe(
      'The placement cannot end before the take-over recorded on 2026-07-01.',
    )
    expect(canEndPlacement({ ...ok, takenOverOn: '2026-06-30' })).toBeUndefined()
    expect(recordedEndReasons).not.toContain('moved')
    expect([...recordedEndReasons, 'moved'].sort()).toEqual([...placementEndReasons].sort())
  })

  it('P9: a municipal flat returns to the stock (open); an ÖBO flat goes back to ÖBO, a taken-over lease to its landlord (withdrawn)', () => {
    for (const type of vacancyTypes) {
      const fresh = flatAfterPlacement({ type, takenOverOn: null })
      expect(fresh).toEqual(type === 'obo_priority' ? { status: 'withdrawn', to: 'obo' } : { status: 'open' })
      const taken = flatAfterPlacement({ type, takenOverOn: '2027-01-01' })
      expect(taken).toEqual({ status: 'withdrawn', to: type === 'obo_priority' ? 'obo' : 'landlord' })
    }
  })

  it('P9: a flat returns only while let, after its placement ended, from a day after the end', () => {
    const ended = { id: 'P1', startDate: '2026-01-10', endedOn: '2026-06-30' }
    const ok = { vacancyStatus: 'let', placement: ended, availableFrom: '2026-07-01' } as const
    expect(canReturnFlat(ok)).toBeUndefined()
    expect(canReturnFlat({ ...ok, availableFrom: undefined })).toBeUndefined()
    expect(canReturnFlat({ ...ok, availableFrom: '2026-06-30' })?.detail).toBe(
      'The flat is free only after the placement ended (2026-06-30).',
    )
    expect(canReturnFlat({ ...ok, placement: { ...ended, endedOn: null } })?.detail).toBe(
      'The placement P1 in this flat is still active (since 2026-01-10): record its end before the flat returns.',
    )
    for (const vacancyStatus of ['open', 'offered', 'withdrawn'] as const)
      expect(canReturnFlat({ ...ok, vacancyStatus })?.detail).toBe(
        `The flat is ${vacancyStatus}, not let: there is nothing to return.`,
      )
  })

  it('P10: only a housed household whose latest placement ended by eviction or leaving is reopened', () => {
    const latest = {
      id: 'P1',
      startDate: '2026-01-10',
      takenOverOn: null,
      endedOn: '2026-06-30',
      endReason: 'evicted',
    } as const
    expect(canReopen({ status: 'housed', latest })).toBeUndefined()
    expect(canReopen({ status: 'housed', latest: { ...latest, endReason: 'left' } })).toBeUndefined()
    expect(homelessAfterEnd).toEqual(['evicted', 'left'])
    for (const endReason of ['moved', 'own_home', 'deceased'] as const)
      expect(canReopen({ status: 'housed', latest: { ...latest, endReason } })?.detail).toBe(
        `The household's placement ended on 2026-06-30 (${endReason}), not by eviction or leaving without a home: there is no case to reopen.`,
      )
    expect(
      canReopen({ status: 'housed', latest: { ...latest, endedOn: null, endReason: null } })?.detail,
    ).toBe(
      "The household still lives in its placement P1 (since 2026-01-10): record the placement's end first.",
    )
    expect(
      canReopen({ status: 'housed', latest: { ...latest, takenOverOn: '2026-05-01' } })?.detail,
    ).toContain('took over its contract on 2026-05-01')
    for (const status of ['active', 'paused', 'offered', 'withdrawn'] as const)
      expect(canReopen({ status, latest })?.detail).toBe(
        `The household is ${status}, not housed: there is no case to reopen.`,
      )
  })
})
