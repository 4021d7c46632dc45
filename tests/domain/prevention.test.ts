/** The prevention case's rules (src/domain/prevention.ts), one test per rule, hand-checked. */
import { describe, expect, it } from 'vitest'
import { type Applicant, applicantRecordSchema, householdRecordIssues } from '../../src/domain/applicant.ts'
import {
  childrenAtRisk,
  isOpenPreventionCase,
  isPreventionCase,
  preventionAllows,
} from '../../src/domain/prevention.ts'
import { makeApplicant } from '../support/builders.ts'

/** A family of two adults and two children (born 2015-03 and 2009-06) at risk of losing its own lease. */
function family(outcome?: NonNullable<Applicant['prevention']>['outcome']): Applicant {
  const { situation: _none, ...rest } = makeApplicant({
    household: {
      adults: 2,
      children: [
        { birthYear: 2015, birthMonth: 3 },
        { birthYear: 2009, birthMonth: 6 },
      ],
    },
    urgency: { evictionDate: '2027-01-15' },
  })
  return {
    ...rest,
    prevention: {
      tenure: 'first_hand_lease',
      since: '2026-11-02',
      signals: {
        rentArrears: { amount: 24_600, months: 3 },
        landlordNotice: { receivedOn: '2026-11-02' },
      },
      ...(outcome === undefined ? {} : { outcome }),
    },
  }
}

describe('PV1: a household is in one of the four situations or is a prevention case', () => {
  it('a prevention case without a situation is a valid record', () => {
    expect(applicantRecordSchema.safeParse(family()).success).toBe(true)
    expect(isPreventionCase(family())).toBe(true)
    expect(isPreventionCase(makeApplicant())).toBe(false)
  })
  it('neither a situation nor a prevention case is refused, naming situation', () => {
    const { situation: _none, ...neither } = makeApplicant()
    expect(householdRecordIssues(neither)).toEqual([
      { path: 'situation', message: expect.stringContaining('unless the household is a prevention case') },
    ])
    expect(applicantRecordSchema.safeParse(neither).success).toBe(false)
  })
})

describe('PV3: an open prevention case is matched only to what the policy opens to it', () => {
  it('with social contracts opened: a social contract yes, an ÖBO flat no', () => {
    expect(preventionAllows(family(), 'social_contract', ['social_contract'])).toBe(true)
    expect(preventionAllows(family(), 'obo_priority', ['social_contract'])).toBe(false)
  })
  it('with nothing opened (the default, and every policy stored before the switch): nothing', () => {
    expect(preventionAllows(family(), 'social_contract', [])).toBe(false)
  })
  it('a household in a situation is never held back by the switch', () => {
    expect(preventionAllows(makeApplicant(), 'obo_priority', [])).toBe(true)
  })
})

describe('PV4, PV6: an ended case is not matched; a stay-put agreement is an outcome', () => {
  it('a stay-put agreement ends the case: nothing is opened to it any more', () => {
    const stays = family({ kind: 'stay_put_agreement', on: '2026-12-01' })
    expect(isOpenPreventionCase(stays)).toBe(false)
    expect(preventionAllows(stays, 'social_contract', ['social_contract'])).toBe(false)
    expect(applicantRecordSchema.safeParse(stays).success).toBe(true)
  })
})

describe('PV5: a case that ended in eviction has the situation the household is in now', () => {
  it('evicted without a situation is refused, naming situation', () => {
    expect(householdRecordIssues(family({ kind: 'evicted', on: '2027-01-15' }))).toEqual([
      { path: 'situation', message: expect.stringContaining('ended in eviction') },
    ])
  })
  it('evicted with its situation is a homeless household like any other, its prevention record kept', () => {
    const evicted: Applicant = {
      ...family({ kind: 'evicted', on: '2027-01-15' }),
      situation: { code: 'acute', kind: 'emergency_housing', since: '2027-01-15' },
    }
    expect(applicantRecordSchema.safeParse(evicted).success).toBe(true)
    expect(isPreventionCase(evicted)).toBe(false)
    expect(preventionAllows(evicted, 'obo_priority', [])).toBe(true)
  })
})

describe('PV2 (children at risk): the children under 18 of an open case are flagged and counted', () => {
  it('on 2026-12-02 the child born 2015-03 (11) is at risk, the one born 2009-06 (17) too; in June 2027 the elder is 18', () => {
    expect(childrenAtRisk(family(), '2026-12-02')).toBe(2)
    expect(childrenAtRisk(family(), '2027-05-31')).toBe(2)
    expect(childrenAtRisk(family(), '2027-06-01')).toBe(1)
  })
  it('an ended case, or a household in a situation, has no children at risk of eviction', () => {
    expect(childrenAtRisk(family({ kind: 'arrears_settled', on: '2026-11-20' }), '2026-12-02')).toBe(0)
    expect(
      childrenAtRisk(
        makeApplicant({ household: { adults: 1, children: [{ birthYear: 2020, birthMonth: 1 }] } }),
        '2026-12-02',
      ),
    ).toBe(0)
  })
})
