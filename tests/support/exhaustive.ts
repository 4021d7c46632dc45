import { coefficientOf, type MatchProblem } from '../../solver/problem.ts'

export interface ExhaustiveResult {
  /** null when no matching satisfies every side constraint. */
  readonly objective: number | null
  readonly chosen: Int32Array | null
  /** How many complete matchings were examined (for sanity checks in tests). */
  readonly leaves: number
}

/**
 * The exact optimum by enumerating every matching: household by household,
 * either unplaced or placed on one of its edges whose vacancy is still free;
 * at each leaf every side constraint is checked from scratch. No bounding, no
 * cleverness, so it shares no idea with the solvers it checks. Fine up to
 * about 8 households × 5 vacancies (≤ 20,000 leaves at full density).
 */
export function exhaustiveOptimum(problem: MatchProblem, tolerance = 1e-9): ExhaustiveResult {
  const { households: N, vacancies: M, edges, constraints } = problem
  const E = edges.household.length
  const byHousehold: number[][] = Array.from({ length: N }, () => [])
  for (let e = 0; e < E; e++) byHousehold[edges.household[e] as number]?.push(e)
  const usedV = new Uint8Array(M)
  const path: number[] = []
  let best: number | null = null
  let bestChosen: number[] | null = null
  let leaves = 0

  const feasible = (): boolean => {
    for (const c of constraints) {
      let lhs = 0
      for (const e of path) {
        lhs += coefficientOf(c.scope, edges.household[e] as number, edges.vacancy[e] as number)
      }
      if (c.sense === '<=' ? lhs > c.rhs + tolerance : lhs < c.rhs - tolerance) return false
    }
    return true
  }

  const visit = (h: number, value: number): void => {
    if (h === N) {
      leaves++
      if ((best === null || value > best) && feasible()) {
        best = value
        bestChosen = [...path]
      }
      return
    }
    visit(h + 1, value)
    for (const e of byHousehold[h] ?? []) {
      const v = edges.vacancy[e] as number
      if (usedV[v]) continue
      usedV[v] = 1
      path.push(e)
      visit(h + 1, value + (edges.weight[e] as number))
      path.pop()
      usedV[v] = 0
    }
  }
  visit(0, 0)
  const chosen = bestChosen as number[] | null
  return { objective: best, chosen: chosen ? Int32Array.from(chosen).sort() : null, leaves }
}
