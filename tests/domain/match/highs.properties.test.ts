import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { type Highs, highsRuntime, solveHighs } from '../../../bench/solvers/highs.ts'
import { prepareRound } from '../../../src/domain/match/prepare-round.ts'
import { runRound } from '../../../src/domain/match/run-round.ts'
import { totalCents, violations } from '../../support/checker.ts'
import { roundOf, smallRoundShape } from '../../support/random-round.ts'

/**
 * Medium rounds: too large for exhaustive search, small enough for HiGHS's branch and bound in
 * milliseconds. Group parity is left to the small rounds (exhaustive search) and the benchmark: at
 * this size its MIP takes seconds in either engine.
 */
const mediumRound = smallRoundShape()
  .chain((shape) =>
    fc
      .record({ applicants: fc.integer({ min: 20, max: 60 }), vacancies: fc.integer({ min: 5, max: 20 }) })
      .map((size) => ({ ...shape, ...size, parity: false })),
  )
  .map(roundOf)

let highs: Highs
beforeAll(async () => {
  highs = await highsRuntime()
})

describe('the engine against HiGHS on medium rounds', () => {
  it('reaches the same optimal total score as HiGHS on the same model, and its answer is valid by the independent checker', () => {
    fc.assert(
      fc.property(mediumRound, (round) => {
        const result = runRound(round, { explain: false, priceConstraints: false })
        const prepared = prepareRound(round)
        const answer = solveHighs(highs, prepared.problem, { timeLimitMs: 20_000 })
        if (result.status === 'infeasible') {
          expect(answer.status).toBe('infeasible')
          return
        }
        expect(result.status).toBe('optimal')
        expect(answer.optimal).toBe(true)
        let highsCents = 0
        for (const e of answer.chosen) highsCents += prepared.edgeCents[e] as number
        expect(Math.round(result.objective * 100)).toBe(highsCents)
        expect(totalCents(round, result.proposals)).toBe(highsCents)
        expect(violations(round, result.proposals)).toEqual([])
      }),
      { seed: 20261127, numRuns: 200 },
    )
  })
})
