import { beforeAll, describe, expect, it } from 'vitest'
import { type Highs, highsRuntime, solveHighs } from '../../../bench/solvers/highs.ts'
import { verifyCertificate } from '../../../solver/certificate.ts'
import { solveFlow } from '../../../solver/flow/index.ts'
import type { MatchProblem } from '../../../solver/problem.ts'
import { type ConstraintKind, randomProblem } from '../../support/random-problem.ts'

/**
 * Medium problems (60 × 20 and one 300 × 60), too large for exhaustive
 * search: the flow solver's objective equals HiGHS's MIP optimum (tuned with
 * mip_rel_gap 0), and HiGHS agrees on infeasibility.
 */
let runtime: Highs
beforeAll(async () => {
  runtime = await highsRuntime()
})

/** HiGHS's answer in the terms these tests use: infeasible, or optimal with its objective. */
function solveWithHighs(problem: MatchProblem) {
  const answer = solveHighs(runtime, problem)
  const status = answer.optimal ? 'optimal' : answer.status === 'infeasible' ? 'infeasible' : 'other'
  return { status, objective: answer.reportedObjective }
}

describe('solveFlow against HiGHS', () => {
  const kinds: ConstraintKind[] = ['none', 'laminar', 'crossing', 'parity', 'exempt']
  for (const kind of kinds) {
    it(`has HiGHS's optimal objective on 60 × 20 problems (${kind} side constraints)`, async () => {
      let optimal = 0
      for (let seed = 1; seed <= 12; seed++) {
        const problem = randomProblem({
          seed,
          households: 60,
          vacancies: 20,
          density: 0.3,
          constraints: kind,
          pressure: (seed % 3) / 2,
          maxWeight: seed % 2 === 0 ? 40 : 1_000_000,
        })
        const ours = solveFlow(problem, { timeLimitMs: 1000 })
        const highs = solveWithHighs(problem)
        if (highs.status === 'infeasible') {
          expect(ours.status, `seed ${seed}`).toBe('infeasible')
          continue
        }
        expect(highs.status).toBe('optimal')
        const best = Math.round(highs.objective)
        if (ours.status === 'timedout') {
          // Parity rows can leave an LP gap of several per cent on rounds this
          // small; out of time, the answer must still bracket the optimum.
          expect(kind, `seed ${seed}`).toBe('parity')
          expect(ours.objective).toBeLessThanOrEqual(best)
          expect(ours.bound).toBeGreaterThanOrEqual(best)
          continue
        }
        expect(ours.status, `seed ${seed}`).toBe('optimal')
        expect(ours.objective, `seed ${seed}`).toBe(best)
        optimal++
      }
      expect(optimal).toBeGreaterThan(kind === 'parity' ? 3 : 6)
    })
  }

  it('has HiGHS objective on an Örebro-sized round (300 × 60) with floors and caps, certified', async () => {
    const problem = randomProblem({
      seed: 42,
      households: 300,
      vacancies: 60,
      density: 0.3,
      constraints: 'laminar',
    })
    const ours = solveFlow(problem)
    const highs = solveWithHighs(problem)
    expect(ours.status).toBe('optimal')
    expect(ours.objective).toBe(Math.round(highs.objective))
    expect(verifyCertificate(problem, ours, 0).certified).toBe(true)
  })
})
