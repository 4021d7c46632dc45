import { describe, expect, it } from 'vitest'
import { applicantDateIssues, vacancyDateIssues } from '../../src/domain/plausible-dates.ts'

const today = '2026-12-02'
const situation = (since: string) => ({ code: 'acute' as const, kind: 'shelter' as const, since })

describe('plausible dates', () => {
  it('the issue’s dates are refused, each with its range', () => {
    expect(
      applicantDateIssues(
        {
          situation: situation('9999-12-31'),
          urgency: { evictionDate: '0001-01-01' },
          household: { adults: 1, children: [{ birthYear: 2100, birthMonth: 1 }] },
        },
        today,
      ),
    ).toEqual([
      { path: 'situation.since', message: 'must be 2026-12-02 or earlier (not in the future)' },
      {
        path: 'urgency.evictionDate',
        message:
          'must be 2021-12-02 or later (an eviction decided within five years before or two years after today)',
      },
      {
        path: 'household.children[0].birthYear',
        message: 'must not be in the future (a child not yet born is not counted)',
      },
    ])
  })

  it('plausible dates pass, at the edges too', () => {
    expect(
      applicantDateIssues(
        {
          situation: situation(today),
          urgency: { evictionDate: '2028-12-02', releaseDate: '2021-12-02' },
          household: {
            adults: 1,
            children: [
              { birthYear: 2026, birthMonth: 12 },
              { birthYear: 2001, birthMonth: 1 },
            ],
          },
          monitoring: { gender: 'woman', birthYear: 2011 },
        },
        today,
      ),
    ).toEqual([])
    expect(vacancyDateIssues({ availableFrom: '2031-12-02' }, today)).toEqual([])
  })

  it('a child born next month, a child of 26 and a main applicant of 14 are refused', () => {
    const issues = applicantDateIssues(
      {
        household: {
          adults: 1,
          children: [
            { birthYear: 2027, birthMonth: 1 },
            { birthYear: 2000, birthMonth: 6 },
          ],
        },
        monitoring: { gender: 'man', birthYear: 2012 },
      },
      today,
    )
    expect(issues.map((i) => i.path)).toEqual([
      'household.children[0].birthYear',
      'household.children[1].birthYear',
      'monitoring.birthYear',
    ])
  })

  it('a vacancy free more than five years away is refused; 29 February plus years is the 28th', () => {
    expect(vacancyDateIssues({ availableFrom: '2031-12-03' }, today)).toEqual([
      { path: 'availableFrom', message: 'must be 2031-12-02 or earlier (within five years of today)' },
    ])
    expect(vacancyDateIssues({ availableFrom: '2029-03-01' }, '2024-02-29')).toEqual([
      { path: 'availableFrom', message: 'must be 2029-02-28 or earlier (within five years of today)' },
    ])
  })
})

describe('a date field’s message says what is wrong', () => {
  it('the writing, the month, the day, or the length of that month', async () => {
    const { isoDate } = await import('../../src/domain/schema-parts.ts')
    const message = (v: unknown) => isoDate.safeParse(v).error?.issues[0]?.message
    expect(message('2026-02-30')).toBe('is not a date: February 2026 has 28 days')
    expect(message('2024-02-30')).toBe('is not a date: February 2024 has 29 days')
    expect(message('2026-13-01')).toBe('is not a date: the month (MM) must be 01–12')
    expect(message('2026-01-00')).toBe('is not a date: the day (DD) must be 01 or later')
    expect(message('2026-2-3')).toBe('must be a date written YYYY-MM-DD')
    expect(message(20260203)).toBe('must be a date written YYYY-MM-DD')
    expect(message('2026-04-30')).toBeUndefined()
  })
})
