import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { solveMatch } from '../../../solver/index.ts'
import { canonicalPairing } from '../../../src/domain/match/canonical-pairing.ts'
import { sweepHousehold } from '../../../src/domain/match/eligibility.ts'
import { prepareRound } from '../../../src/domain/match/prepare-round.ts'
import { readCodedResult } from '../../../src/domain/match/run-round.ts'
import { defaultPolicy } from '../../../src/domain/policy.ts'
import { generateRound } from '../../../src/synthetic/index.ts'
import { smallRound } from '../../support/random-round.ts'

const rounds = fc.oneof(
  smallRound({ applicants: 10, vacancies: 12 }),
  fc
    .integer({ min: 0, max: 2 ** 31 - 1 })
    .map((seed) =>
      generateRound({ seed, applicants: 40, vacancies: 12, asOf: '2026-11-27', policy: defaultPolicy }),
    ),
)

describe('the sweeps preparing keeps for the explanations', () => {
  it("are each household's own sweep, and explanations read from them are byte for byte those of sweeps made again", () => {
    fc.assert(
      fc.property(rounds, (round) => {
        const prepared = prepareRound(round)
        const kept = prepared.sweeps
        if (kept === undefined) throw new Error('a small round keeps its sweeps')
        const m = prepared.vacancies.length
        const again = new Int32Array(m)
        prepared.households.forEach((h, i) => {
          if (kept.swept[i] !== 1) return
          const bits = sweepHousehold(h, prepared.vacancyColumns, prepared.vacancyBits, prepared, again)
          expect(kept.householdBits[i]).toBe(bits)
          expect([...kept.fails.subarray(i * m, (i + 1) * m)]).toEqual([...again])
        })
        const solved = solveMatch(prepared.problem)
        const chosen = solved.status === 'optimal' ? canonicalPairing(prepared, solved.chosen) : solved.chosen
        const { sweeps: _kept, ...withoutSweeps } = prepared
        const fromKept = readCodedResult(prepared, { ...solved, chosen })
        const fromFresh = readCodedResult(withoutSweeps, { ...solved, chosen })
        expect(JSON.stringify(fromKept)).toBe(JSON.stringify(fromFresh))
      }),
      { seed: 20261202, numRuns: 60 },
    )
  })
})
