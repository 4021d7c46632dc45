import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { verifyCertificate } from '../../../solver/certificate.ts'
import { solveFlow } from '../../../solver/flow/index.ts'
import { loosenConstraints, type MatchProblem } from '../../../solver/problem.ts'
import { exhaustiveOptimum } from '../../support/exhaustive.ts'
import { problemArb, randomProblem } from '../../support/random-problem.ts'

/** Every non-empty subset of the rows, as index lists (problems here have a handful of rows). */
function subsets(n: number): number[][] {
  const out: number[][] = []
  for (let mask = 1; mask < 2 ** n; mask++) {
    out.push([...Array(n).keys()].filter((k) => (mask >> k) & 1))
  }
  return out
}

const without = (problem: MatchProblem, rows: readonly number[]): MatchProblem => ({
  ...problem,
  constraints: problem.constraints.filter((_, k) => !rows.includes(k)),
})

describe('a solve warm-started from a tighter optimum', () => {
  it('reaches the optimum of the problem without the loosened rows, with a certificate, for every subset of rows', () => {
    let warmed = 0
    fc.assert(
      fc.property(problemArb({ constraints: 'laminar', maxHouseholds: 8, maxVacancies: 5 }), (problem) => {
        const tight = solveFlow(problem, { pruneTopK: 2 })
        if (tight.status !== 'optimal') return
        expect(tight.warmStart).toBeDefined()
        for (const rows of subsets(Math.min(problem.constraints.length, 4))) {
          const loose = loosenConstraints(problem, rows)
          const warm = solveFlow(loose, { pruneTopK: 2, warmStart: tight.warmStart })
          const fresh = solveFlow(without(problem, rows), { pruneTopK: 2 })
          expect(warm.status).toBe('optimal')
          expect(fresh.status).toBe('optimal')
          expect(warm.objective).toBe(fresh.objective)
          expect(warm.objective).toBe(exhaustiveOptimum(without(problem, rows)).objective)
          expect(verifyCertificate(loose, warm).certified).toBe(true)
          if (warm.stats.warmStart === 1) warmed++
        }
      }),
      { seed: 20261202, numRuns: 200 },
    )
    expect(warmed).toBeGreaterThan(100)
  })

  it('on a larger pruned problem with binding caps and floors, gives the fresh solve’s objective and certifies', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const problem = randomProblem({
        seed,
        households: 300,
        vacancies: 80,
        density: 0.3,
        constraints: 'laminar',
        pressure: 0.8,
        maxWeight: 1_000_000,
      })
      const tight = solveFlow(problem, { pruneTopK: 3 })
      if (tight.status !== 'optimal') continue
      for (const rows of problem.constraints.map((_, k) => [k])) {
        const loose = loosenConstraints(problem, rows)
        const warm = solveFlow(loose, { pruneTopK: 3, warmStart: tight.warmStart })
        const fresh = solveFlow(without(problem, rows), { pruneTopK: 3 })
        expect(warm.stats.warmStart).toBe(1)
        expect(warm.objective).toBe(fresh.objective)
        expect(verifyCertificate(loose, warm).certified).toBe(true)
      }
    }
  })

  it('is ignored when the state does not fit the problem (another tree): the answer is a fresh solve’s', () => {
    const a = randomProblem({ seed: 7, households: 8, vacancies: 5, density: 0.6, constraints: 'laminar' })
    const b = randomProblem({ seed: 8, households: 8, vacancies: 5, density: 0.6, constraints: 'none' })
    const tight = solveFlow(a)
    const warm = solveFlow(b, { warmStart: tight.warmStart })
    expect(warm.stats.warmStart).toBeUndefined()
    expect(warm.objective).toBe(solveFlow(b).objective)
  })
})
