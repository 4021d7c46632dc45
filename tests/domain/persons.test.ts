/** The persons of a household (src/domain/persons.ts) and the members rule, hand-checked. */
import { describe, expect, it } from 'vitest'
import { membersIssues } from '../../src/domain/applicant.ts'
import { personsOf } from '../../src/domain/persons.ts'
import { makeApplicant } from '../support/builders.ts'

describe('persons of a household', () => {
  it('with members: every adult with gender and birth, then the children (gender where given)', () => {
    const a = makeApplicant({
      household: {
        adults: 2,
        children: [
          { birthYear: 2019, birthMonth: 4, gender: 'woman' },
          { birthYear: 2022, birthMonth: 9 },
        ],
        members: [
          { role: 'co_applicant', birthYear: 1988, birthMonth: 2, gender: 'man' },
          { role: 'applicant', birthYear: 1990, birthMonth: 7, gender: 'woman' },
        ],
      },
      monitoring: { gender: 'woman', birthYear: 1990 },
    })
    expect(personsOf(a)).toEqual([
      { child: false, gender: 'woman', birthYear: 1990, birthMonth: 7 },
      { child: false, gender: 'man', birthYear: 1988, birthMonth: 2 },
      { child: true, gender: 'woman', birthYear: 2019, birthMonth: 4 },
      { child: true, gender: 'unknown', birthYear: 2022, birthMonth: 9 },
    ])
  })
  it('without members (a client that sends the counts only): the main applicant, and the other adults unknown', () => {
    const a = makeApplicant({
      household: { adults: 2, children: [] },
      monitoring: { gender: 'man', birthYear: 1975 },
    })
    expect(personsOf(a)).toEqual([
      { child: false, gender: 'man', birthYear: 1975 },
      { child: false, gender: 'unknown' },
    ])
  })
})

describe('the members rule: no more than the adults', () => {
  const adult = (role: 'applicant' | 'co_applicant') => ({
    role,
    birthYear: 1990,
    birthMonth: 1,
    gender: 'woman' as const,
  })
  it('one adult, two members listed: refused with both counts in the message', () => {
    expect(membersIssues({ adults: 1, members: [adult('applicant'), adult('co_applicant')] })).toEqual([
      {
        path: 'household.members',
        message: "must list no more than the household's adults: adults is 1, members lists 2",
      },
    ])
  })
  it('a couple applying together may both be applicants; one listed of two adults: the other counted unknown', () => {
    expect(membersIssues({ adults: 2, members: [adult('applicant'), adult('applicant')] })).toEqual([])
    expect(membersIssues({ adults: 2, members: [adult('applicant')] })).toEqual([])
    expect(membersIssues({ adults: 3 })).toEqual([])
    const a = makeApplicant({ household: { adults: 2, children: [], members: [adult('applicant')] } })
    expect(personsOf(a)).toEqual([
      { child: false, gender: 'woman', birthYear: 1990, birthMonth: 1 },
      { child: false, gender: 'unknown' },
    ])
  })
})
