import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type DecidedBy,
  type EligibleVacancyOutcome,
  shownAlternatives,
} from '../../../src/domain/match/explain.ts'
import { explainHousehold, runRound } from '../../../src/domain/match/run-round.ts'
import { defaultPolicy } from '../../../src/domain/policy.ts'
import { generateRound } from '../../../src/synthetic/index.ts'
import { smallRound } from '../../support/random-round.ts'

const runs = { seed: 20261217, numRuns: 60 }

/**
 * Rounds with many vacancies per household, so that most unmatched households have more than the
 * shown few: random small rounds with every side constraint, and generated ones under the default policy.
 */
const wideRound = fc.oneof(
  smallRound({ applicants: 10, vacancies: 12 }),
  fc
    .integer({ min: 0, max: 2 ** 31 - 1 })
    .map((seed) =>
      generateRound({ seed, applicants: 30, vacancies: 12, asOf: '2026-11-27', policy: defaultPolicy }),
    ),
)

describe('bounded explanations (a round result) against full ones (every eligible vacancy)', () => {
  it('change nothing but the unmatched explanations: same objective, proposals with byte-identical explanations, constraints, equality', () => {
    fc.assert(
      fc.property(wideRound, (round) => {
        const bounded = runRound(round)
        const full = runRound(round, { explanations: 'full' })
        const { unmatched: ub, ...restBounded } = bounded
        const { unmatched: uf, ...restFull } = full
        expect(JSON.stringify(restBounded)).toBe(JSON.stringify(restFull))
        expect(ub.map((u) => u.applicantId)).toEqual(uf.map((u) => u.applicantId))
      }),
      runs,
    )
  })

  it('show the best-scoring alternatives byte for byte as the full list has them, and counts that tally the full list', () => {
    let cut = 0
    fc.assert(
      fc.property(wideRound, (round) => {
        const bounded = runRound(round)
        const full = runRound(round, { explanations: 'full' })
        bounded.unmatched.forEach((u, i) => {
          const b = u.explanation
          const f = full.unmatched[i]?.explanation
          if (!b || !f) throw new Error('explanations are on by default')
          // Everything but the list, the examples and the counts is the same, byte for byte.
          expect(JSON.stringify([b.reason, b.priority, b.lotteryNumber, b.summary])).toBe(
            JSON.stringify([f.reason, f.priority, f.lotteryNumber, f.summary]),
          )
          expect(b.eligibleVacancies).toBe(f.alternatives.length)
          expect(f.eligibleVacancies).toBe(f.alternatives.length)
          // The shown few: the full list's entries, unchanged, the highest scores, in the list's order.
          const n = Math.min(shownAlternatives, f.alternatives.length)
          expect(b.alternatives).toHaveLength(n)
          const position = b.alternatives.map((o) =>
            f.alternatives.findIndex((x) => x.vacancyId === o.vacancyId),
          )
          expect(position).toEqual([...position].sort((x, y) => x - y))
          for (const [k, o] of b.alternatives.entries()) {
            expect(JSON.stringify(o)).toBe(JSON.stringify(f.alternatives[position[k] as number]))
          }
          const lowestShown = Math.min(...b.alternatives.map((o) => o.score))
          const unshown = f.alternatives.filter((_, k) => !position.includes(k))
          for (const o of unshown) expect(o.score).toBeLessThanOrEqual(lowestShown)
          if (unshown.length > 0) cut++
          // Counts over every eligible vacancy, shown or not.
          expect(b.decided).toEqual(f.decided)
          expect(b.decided).toEqual(tally(f.alternatives))
          expect(b.decidingConstraints).toEqual(f.decidingConstraints)
          const byConstraint = new Map<string, number>()
          for (const o of f.alternatives)
            for (const c of o.constraints ?? []) {
              const name = c.names[0] ?? c.family
              byConstraint.set(name, (byConstraint.get(name) ?? 0) + 1)
            }
          expect(new Map(b.decidingConstraints.map((c) => [c.constraint, c.vacancies]))).toEqual(byConstraint)
          // Rules: the same counts and sentences; examples only in the full form (or with no eligible vacancy).
          expect(b.excludedBy.map((x) => [x.rule, x.vacancies, x.text])).toEqual(
            f.excludedBy.map((x) => [x.rule, x.vacancies, x.text]),
          )
          if (f.alternatives.length === 0) expect(b.excludedBy).toEqual(f.excludedBy)
          else for (const x of b.excludedBy) expect(x.examples).toBeUndefined()
        })
      }),
      runs,
    )
    expect(cut).toBeGreaterThan(20)
  })
})

describe('explainHousehold (one household on request)', () => {
  it("equals that household's entry in the round's full explanations, for every household", () => {
    fc.assert(
      fc.property(smallRound(), (round) => {
        const full = runRound(round, { explanations: 'full' })
        for (const p of full.proposals) {
          expect(explainHousehold(round, p.applicantId)).toEqual({
            applicantId: p.applicantId,
            proposed: { vacancyId: p.vacancyId, score: p.score },
            explanation: p.explanation,
          })
        }
        for (const u of full.unmatched) {
          expect(explainHousehold(round, u.applicantId)).toEqual({
            applicantId: u.applicantId,
            proposed: null,
            explanation: u.explanation,
          })
        }
        expect(explainHousehold(round, 'NOBODY')).toBeUndefined()
      }),
      { seed: 20261217, numRuns: 40 },
    )
  })
})

function tally(list: readonly EligibleVacancyOutcome[]): Record<DecidedBy, number> {
  const out: Record<DecidedBy, number> = {
    higher_score: 0,
    tie: 0,
    equal_total: 0,
    constraint: 0,
    constraints_together: 0,
  }
  for (const o of list) out[o.decidedBy]++
  return out
}
