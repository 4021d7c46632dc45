import { coefficientOf, hasExemptions, type MatchProblem, type SideConstraint } from '../../solver/problem.ts'

export interface GreedyInput {
  readonly problem: MatchProblem
  /** Urgency of each household (its priority in cents under the policy), canonical order. */
  readonly priority: Float64Array
  /** Vacancies in the order they are offered: availability date, then id. */
  readonly vacancyOrder: Int32Array
}

/** A cap a greedy allocator can keep as it goes: `≤` with no negative coefficient (district caps). */
const keepable = (c: SideConstraint) => c.sense === '<=' && c.scope.coef.every((a) => a >= 0)

/**
 * Today's practice in allocation systems (Boston's CAS, ÖBO's förtur rule):
 * vacancy by vacancy as they become available, the most urgent eligible
 * household still waiting gets it. Ties go to the earlier lottery number,
 * which is the canonical household order (lower index).
 *
 * It only ever uses eligible pairs and places each household and vacancy at
 * most once. Caps it can keep while going (a `≤` row with nonnegative
 * coefficients, e.g. a district cap: a vacancy in a full district stays
 * empty, unless a household the cap exempts is waiting for it) it keeps; floors, quotas and parity it cannot, and its answer is
 * reported as it is, violations included, never repaired.
 *
 * @example
 *   const { chosen } = solveGreedy({ problem, priority, vacancyOrder })
 */
export function solveGreedy({ problem, priority, vacancyOrder }: GreedyInput): { chosen: Int32Array } {
  const { edges, households: N, vacancies: M } = problem
  const E = edges.weight.length
  // Edges bucketed by vacancy (counting sort), each bucket in ascending edge order.
  const start = new Int32Array(M + 1)
  for (let e = 0; e < E; e++) {
    const next = (edges.vacancy[e] as number) + 1
    start[next] = (start[next] as number) + 1
  }
  for (let v = 0; v < M; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number)
  const fill = start.slice(0, M)
  const byVacancy = new Int32Array(E)
  for (let e = 0; e < E; e++) {
    const v = edges.vacancy[e] as number
    byVacancy[fill[v] as number] = e
    fill[v] = (fill[v] as number) + 1
  }
  const caps = problem.constraints.filter(keepable)
  const vacancyCaps = caps.filter((c) => c.scope.kind === 'vacancies')
  const householdCaps = caps.filter((c) => c.scope.kind === 'households')
  const load = new Map<SideConstraint, number>(caps.map((c) => [c, 0]))
  const fits = (c: SideConstraint, h: number, v: number) =>
    (load.get(c) as number) + coefficientOf(c.scope, h, v) <= c.rhs + 1e-9

  const placed = new Uint8Array(N)
  const chosen: number[] = []
  // A vacancy cap that exempts households is checked per household (an exempt one still fits a full district).
  const plainVacancyCaps = vacancyCaps.filter((c) => !hasExemptions(c.scope))
  const pairCaps = [...vacancyCaps.filter((c) => hasExemptions(c.scope)), ...householdCaps]
  for (const v of vacancyOrder) {
    if (!plainVacancyCaps.every((c) => fits(c, -1, v))) continue
    let best = -1
    let bestHousehold = -1
    let bestPriority = Number.NEGATIVE_INFINITY
    for (let i = start[v] as number; i < (start[v + 1] as number); i++) {
      const e = byVacancy[i] as number
      const h = edges.household[e] as number
      if (placed[h]) continue
      const p = priority[h] as number
      if (p < bestPriority || (p === bestPriority && h > bestHousehold)) continue
      if (pairCaps.length > 0 && !pairCaps.every((c) => fits(c, h, v))) continue
      best = e
      bestHousehold = h
      bestPriority = p
    }
    if (best < 0) continue
    placed[bestHousehold] = 1
    chosen.push(best)
    for (const c of caps) load.set(c, (load.get(c) as number) + coefficientOf(c.scope, bestHousehold, v))
  }
  chosen.sort((a, b) => a - b)
  return { chosen: Int32Array.from(chosen) }
}
