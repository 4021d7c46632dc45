import { describe, expect, it } from 'vitest'
import { type HouseholdProfile, objectiveOf, quality, violations } from '../../bench/quality.ts'
import type { MatchProblem } from '../../solver/problem.ts'

// Four households, two vacancies. Household 3 has no eligible vacancy.
const problem: MatchProblem = {
  households: 4,
  vacancies: 2,
  edges: {
    household: Int32Array.from([0, 0, 1, 2]),
    vacancy: Int32Array.from([0, 1, 1, 0]),
    weight: Float64Array.from([10, 20, 30, 40]),
  },
  constraints: [
    {
      name: 'childrenFloor',
      scope: { kind: 'households', coef: Float64Array.from([0, 1, 1, 1]) },
      sense: '>=',
      rhs: 2,
    },
    {
      name: 'districtCap:Vivalla',
      scope: { kind: 'vacancies', coef: Float64Array.from([1, 1]) },
      sense: '<=',
      rhs: 1,
    },
  ],
}
const profile: HouseholdProfile = {
  children: Int32Array.from([0, 2, 3, 1]),
  acute: Uint8Array.from([1, 0, 1, 1]),
  priorityCents: Float64Array.from([1000, 3000, 2000, 4000]),
  waitDays: Float64Array.from([10, 20, 60, 5]),
  eligible: Uint8Array.from([1, 1, 1, 0]),
}

describe('quality metrics', () => {
  it('count the placed households, their children, acute cases, priority coverage and mean wait', () => {
    // Household 1 in vacancy 1 (edge 2), household 2 in vacancy 0 (edge 3).
    expect(quality(problem, profile, [2, 3])).toEqual({
      housed: 2,
      childrenHoused: 5,
      familiesHoused: 2,
      acuteHoused: 1,
      // (3000 + 2000) / (1000 + 3000 + 2000): household 3 has no eligible vacancy and is not counted.
      priorityCoverage: 5000 / 6000,
      meanWaitDaysHoused: 40,
    })
    expect(objectiveOf(problem, [2, 3])).toBe(70)
  })

  it('of an empty answer are zero, with no mean wait', () => {
    expect(quality(problem, profile, [])).toEqual({
      housed: 0,
      childrenHoused: 0,
      familiesHoused: 0,
      acuteHoused: 0,
      priorityCoverage: 0,
      meanWaitDaysHoused: null,
    })
  })

  it('report every broken rule: a vacancy used twice, a cap exceeded, a floor missed, a missing edge', () => {
    // Edges 1 and 2 both use vacancy 1; edge 3 adds vacancy 0: the cap of 1 over both is exceeded.
    const broken = violations(problem, [1, 2, 3]).map((v) => v.name)
    expect(broken).toEqual(['vacancy 1 at most once', 'districtCap:Vivalla'])
    expect(violations(problem, [0]).map((v) => v.name)).toEqual(['childrenFloor'])
    expect(violations(problem, [7]).map((v) => v.name)).toEqual(['edge 7 does not exist', 'childrenFloor'])
    expect(violations(problem, [2, 3]).map((v) => v.name)).toEqual(['districtCap:Vivalla'])
  })
})
