import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Applicant } from '../../../src/domain/applicant.ts'
import { runRound } from '../../../src/domain/match/run-round.ts'
import type { RoundInput } from '../../../src/domain/round.ts'
import { violations } from '../../support/checker.ts'
import { asOf, smallRound } from '../../support/random-round.ts'

const runs = { seed: 20261202, numRuns: 150 }

/** The municipality's own programmes: everything but an ÖBO priority flat. */
const municipal = [
  'social_contract',
  'housing_first',
  'training_flat',
  'trial_flat',
  'supported_housing',
] as const
const isMunicipal = (type: string | undefined) => municipal.some((t) => t === type)

/**
 * A round in which the households picked by `structural` are recorded as structural cases, and given
 * (wrongly, on purpose) support decisions for every programme and a liking for all of them: nothing
 * but the structural rule stands between them and a municipal contract.
 */
function withStructural(round: RoundInput, structural: readonly boolean[]): RoundInput {
  const applicants = round.applicants.map((a, i): Applicant => {
    if (!structural[i % structural.length]) return a
    return {
      ...a,
      legalBasis: {
        homelessness: 'structural',
        responsibility: 'settled_here',
        supportDecisions: municipal.map((grants, k) => ({
          reference: `WRONG-${k}`,
          grants,
          decidedOn: '2020-01-01',
        })),
      },
      preferences: {
        ...a.preferences,
        vacancyTypes: [
          'social_contract',
          'housing_first',
          'training_flat',
          'trial_flat',
          'supported_housing',
          'obo_priority',
        ],
      },
      needs: { ...a.needs, housingFirstAssessed: true, skillsTrainingNeed: true },
    }
  })
  return { ...round, applicants }
}

describe('the legal basis in whole rounds (default policy rules, random side constraints)', () => {
  it('a structural case never gets a municipal contract, even recorded with decisions for every programme', () => {
    fc.assert(
      fc.property(smallRound(), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (base, marks) => {
        const round = withStructural(base, marks)
        const result = runRound(round)
        if (result.status !== 'optimal') return
        const byId = new Map(round.applicants.map((a) => [a.id, a]))
        const typeOf = new Map(round.vacancies.map((v) => [v.id, v.type]))
        for (const p of result.proposals) {
          const a = byId.get(p.applicantId)
          if (a?.legalBasis?.homelessness === 'structural') {
            expect(isMunicipal(typeOf.get(p.vacancyId))).toBe(false)
          }
        }
        expect(violations(round, result.proposals)).toEqual([])
      }),
      runs,
    )
  })

  it('every proposal of a municipal programme rests on a support decision of that kind in force on the round date', () => {
    fc.assert(
      fc.property(smallRound(), (round) => {
        const result = runRound(round)
        if (result.status !== 'optimal') return
        const byId = new Map(round.applicants.map((a) => [a.id, a]))
        const typeOf = new Map(round.vacancies.map((v) => [v.id, v.type]))
        for (const p of result.proposals) {
          const type = typeOf.get(p.vacancyId) as string
          if (!isMunicipal(type)) continue
          const decisions = byId.get(p.applicantId)?.legalBasis?.supportDecisions ?? []
          const inForce = decisions.filter(
            (d) => d.grants === type && d.decidedOn <= asOf && (d.validUntil ?? '9999-12-31') >= asOf,
          )
          expect(inForce.length).toBeGreaterThan(0)
        }
      }),
      runs,
    )
  })
})
