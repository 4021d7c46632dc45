/**
 * The round file's rule that ids are unique within applicants and within
 * vacancies. Without it the engine treats two households with one id as one
 * person and can propose two vacancies to that id.
 */
import { describe, expect, it } from 'vitest'
import { roundInputSchema } from '../../src/domain/round.ts'
import { fieldIssues } from '../../src/domain/validation.ts'
import { makeApplicant, makeRound, makeVacancy } from '../support/builders.ts'

function issuesOf(input: unknown) {
  const parsed = roundInputSchema.safeParse(input)
  return parsed.success ? [] : fieldIssues(parsed.error, input)
}

describe('round file ids', () => {
  it('accepts distinct ids, and an applicant and a vacancy may share one (they are different lists)', () => {
    const round = makeRound({
      applicants: [makeApplicant({ id: 'x-1' }), makeApplicant({ id: 'a-2' })],
      vacancies: [makeVacancy({ id: 'x-1' }), makeVacancy({ id: 'v-2' })],
    })
    expect(issuesOf(round)).toEqual([])
  })

  it('refuses two applicants with one id, naming the later one and the first', () => {
    const round = makeRound({
      applicants: [makeApplicant({ id: 'a-1' }), makeApplicant({ id: 'a-2' }), makeApplicant({ id: 'a-1' })],
      vacancies: [makeVacancy({ id: 'v-1' }), makeVacancy({ id: 'v-2' })],
    })
    expect(issuesOf(round)).toEqual([
      { path: 'applicants[2].id', message: 'duplicates the id of applicants[0] ("a-1")' },
    ])
  })

  it('refuses two vacancies with one id, naming the later one and the first', () => {
    const round = makeRound({
      applicants: [makeApplicant({ id: 'a-1' })],
      vacancies: [makeVacancy({ id: 'v-1' }), makeVacancy({ id: 'v-1' }), makeVacancy({ id: 'v-1' })],
    })
    expect(issuesOf(round)).toEqual([
      { path: 'vacancies[1].id', message: 'duplicates the id of vacancies[0] ("v-1")' },
      { path: 'vacancies[2].id', message: 'duplicates the id of vacancies[0] ("v-1")' },
    ])
  })
})
