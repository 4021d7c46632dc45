/** One test per rule of the round lifecycle (docs/rounds.md). */
import { describe, expect, it } from 'vitest'
import {
  afterDecline,
  afterNoAnswer,
  answerBy,
  canAnswer,
  canDecide,
  canOffer,
  canSolve,
  defaultContractForm,
  isOverdue,
  legalBasisFor,
  placementStart,
  situationAfterPlacement,
  statusAfterReview,
  statusAfterSolve,
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

  it('D1: the legal basis follows the vacancy type', () => {
    expect(legalBasisFor('obo_priority')).toBe('obo_priority_decision')
    for (const t of vacancyTypes.filter((x) => x !== 'obo_priority')) expect(legalBasisFor(t)).toBe('sol_4_1')
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

  it('P3: the situation after a placement: municipal contracts are situation 3, supported housing 2, a first-hand lease none', () => {
    expect(situationAfterPlacement('social_contract')).toEqual({
      code: 'long_term_solution',
      kind: 'social_contract',
    })
    expect(situationAfterPlacement('housing_first')).toEqual({
      code: 'long_term_solution',
      kind: 'municipal_contract',
    })
    expect(situationAfterPlacement('supported_housing')).toEqual({
      code: 'institution',
      kind: 'supported_housing',
    })
    expect(situationAfterPlacement('obo_priority')).toBeNull()
  })
})
