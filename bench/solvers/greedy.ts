import type { MatchProblem, SideConstraint } from '../../solver/problem.ts'

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
 * empty) it keeps; floors, quotas and parity it cannot, and its answer is
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
  const fits = (c: SideConstraint, i: number) =>
    (load.get(c) as number) + (c.scope.coef[i] as number) <= c.rhs + 1e-9

  const placed = new Uint8Array(N)
  const chosen: number[] = []
  for (const v of vacancyOrder) {
    if (!vacancyCaps.every((c) => fits(c, v))) continue
    let best = -1
    let bestHousehold = -1
    let bestPriority = Number.NEGATIVE_INFINITY
    for (let i = start[v] as number; i < (start[v + 1] as number); i++) {
      const e = byVacancy[i] as number
      const h = edges.household[e] as number
      if (placed[h]) continue
      const p = priority[h] as number
      if (p < bestPriority || (p === bestPriority && h > bestHousehold)) continue
      if (householdCaps.length > 0 && !householdCaps.every((c) => fits(c, h))) continue
      best = e
      bestHousehold = h
      bestPriority = p
    }
    if (best < 0) continue
    placed[bestHousehold] = 1
    chosen.push(best)
    for (const c of caps) {
      const i = c.scope.kind === 'vacancies' ? v : bestHousehold
      load.set(c, (load.get(c) as number) + (c.scope.coef[i] as number))
    }
  }
  chosen.sort((a, b) => a - b)
  return { chosen: Int32Array.from(chosen) }
}
