import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { maxMatchingSize } from '../../solver/max-matching.ts'
import type { MatchProblem } from '../../solver/problem.ts'
import { exhaustiveOptimum } from '../support/exhaustive.ts'
import { problemArb } from '../support/random-problem.ts'

const runs = { seed: 20261202, numRuns: 300 }

/** The same edges, each worth 1, restricted to the masks: its optimum is the largest matching's size. */
function unitProblem(p: MatchProblem, hMask: Uint8Array, vMask: Uint8Array): MatchProblem {
  const keep: number[] = []
  for (let e = 0; e < p.edges.weight.length; e++) {
    if (hMask[p.edges.household[e] as number] && vMask[p.edges.vacancy[e] as number]) keep.push(e)
  }
  return {
    households: p.households,
    vacancies: p.vacancies,
    edges: {
      household: Int32Array.from(keep, (e) => p.edges.household[e] as number),
      vacancy: Int32Array.from(keep, (e) => p.edges.vacancy[e] as number),
      weight: new Float64Array(keep.length).fill(1),
    },
    constraints: [],
  }
}

describe('maxMatchingSize', () => {
  it('equals the largest matching found by exhaustive search, on the masked edges, capped at the limit', () => {
    fc.assert(
      fc.property(
        problemArb(),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 6 }),
        (p, hs, vs, limit) => {
          const hMask = Uint8Array.from({ length: p.households }, (_, i) => (hs[i] ? 1 : 0))
          const vMask = Uint8Array.from({ length: p.vacancies }, (_, j) => (vs[j] ? 1 : 0))
          const best = exhaustiveOptimum(unitProblem(p, hMask, vMask)).objective ?? 0
          expect(
            maxMatchingSize(p.households, p.vacancies, p.edges, { households: hMask, vacancies: vMask }),
          ).toBe(best)
          expect(
            maxMatchingSize(p.households, p.vacancies, p.edges, {
              households: hMask,
              vacancies: vMask,
              limit,
            }),
          ).toBe(Math.min(best, limit))
        },
      ),
      runs,
    )
  })

  it('finds the augmenting path a greedy start misses', () => {
    // Greedy gives V0 to H0; H1 fits only V0, so H0 must move to V1.
    const edges = { household: Int32Array.from([0, 0, 1]), vacancy: Int32Array.from([0, 1, 0]) }
    expect(maxMatchingSize(2, 2, edges)).toBe(2)
  })
})
