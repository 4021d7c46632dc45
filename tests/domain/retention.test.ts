/**
 * The pure side of retention: the cutoffs count back whole calendar years or days, and a culled
 * household's skeleton keeps exactly what the follow-up counts, is still a valid household, and
 * keeps nothing else (properties over synthetic Örebro households).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applicantSchema } from '../../src/domain/applicant.ts'
import { householdSkeleton, resultWithoutExplanations, retentionCutoff } from '../../src/domain/retention.ts'
import { generateRound } from '../../src/synthetic/index.ts'

describe('retention cutoffs', () => {
  it('count back whole calendar years, or days', () => {
    const now = new Date('2026-12-02T10:00:00.000Z')
    expect(retentionCutoff('household', 5, now)).toBe('2021-12-02T10:00:00.000Z')
    expect(retentionCutoff('staff_session', 7, now)).toBe('2026-11-25T10:00:00.000Z')
    // 29 February has no day five years before: the last day of February.
    expect(retentionCutoff('round', 5, new Date('2028-02-29T00:00:00.000Z'))).toBe('2023-02-28T00:00:00.000Z')
  })
})

describe('a culled household’s skeleton', () => {
  it('is a valid household that keeps what the follow-up counts and nothing of its needs, safety details, economy or wishes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const { applicants } = generateRound({ seed, applicants: 20, vacancies: 2, asOf: '2026-11-27' })
        for (const a of applicants) {
          const s = householdSkeleton(a)
          expect(applicantSchema.parse(s)).toEqual(s)
          // Kept: what the reports read.
          expect([s.id, s.registeredOn, s.caseload, s.status, s.situation, s.monitoring]).toEqual([
            a.id,
            a.registeredOn,
            a.caseload,
            a.status,
            a.situation,
            a.monitoring,
          ])
          expect(s.household.adults).toBe(a.household.adults)
          expect(s.household.children.map((c) => c.birthYear)).toEqual(
            a.household.children.map((c) => c.birthYear),
          )
          // The protection stays as it was.
          expect(s.safety.protectedIdentity).toBe(a.safety.protectedIdentity)
          // Gone: everything else about the person.
          expect(s.household.children.every((c) => c.birthMonth === 1)).toBe(true)
          expect(Object.values(s.needs).filter((v) => v !== false && v !== 'none')).toEqual([])
          expect([
            s.safety.excludedDistricts,
            s.safety.domesticViolence,
            s.urgency,
            s.economy.maxRent,
          ]).toEqual([[], false, {}, 0])
          expect([
            s.preferences.districts,
            s.declinedVacancyIds,
            s.oboPriority,
            s.closedVacancyTypes,
          ]).toEqual([[], [], undefined, undefined])
        }
      }),
      { numRuns: 25, seed: 14 },
    )
  })
})

describe('a culled round result', () => {
  it('loses every explanation and keeps every other field', () => {
    const result = {
      status: 'optimal',
      proposals: [{ applicantId: 'a', vacancyId: 'v', score: 3, explanation: { terms: [1] } }],
      unmatched: [{ applicantId: 'b', explanation: { alternatives: [] } }],
      equality: { overallRate: 0.5, groups: [] },
    }
    expect(resultWithoutExplanations(result)).toEqual({
      status: 'optimal',
      proposals: [{ applicantId: 'a', vacancyId: 'v', score: 3 }],
      unmatched: [{ applicantId: 'b' }],
      equality: { overallRate: 0.5, groups: [] },
    })
  })
})
