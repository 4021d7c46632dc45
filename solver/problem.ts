/**
 * The match problem as the solver sees it: a bipartite graph of households
 * (left, 0..households-1) and vacancies (right, 0..vacancies-1), one edge per
 * ELIGIBLE pair with an integer weight, and named linear side constraints.
 *
 *   maximise    Σ_e w_e x_e
 *   subject to  Σ_{e at h} x_e ≤ 1            for every household h
 *               Σ_{e at v} x_e ≤ 1            for every vacancy v
 *               Σ_e a_ke x_e (≤ | ≥) b_k      for every side constraint k
 *               x_e ∈ {0, 1}
 *
 * The solver knows nothing about households or policies: `src/domain` builds
 * this from a round. Weights are integers (exact in a double up to 2^53) so
 * that "optimal" and "tied" are exact notions; the domain folds its
 * tie-break into them.
 */

export interface Edges {
  /** Household index of each edge. */
  readonly household: Int32Array
  /** Vacancy index of each edge. */
  readonly vacancy: Int32Array
  /** Integer weight of each edge (positive for every eligible pair in a round). */
  readonly weight: Float64Array
}

/**
 * A side constraint's coefficients. A coefficient per household means
 * a_e = coef[household(e)]; per vacancy, a_e = coef[vacancy(e)].
 * A 0/1 coefficient vector describes a group: "placements of households in
 * the group" or "placements into vacancies in the group".
 *
 * A vacancy row may exempt households: with `exempt`, one entry per household,
 * a_e = 0 when exempt[household(e)] is 1 and coef[vacancy(e)] otherwise. A district
 * cap that does not count a household's placement in a district it asked for
 * itself is such a row. Its coefficient depends on the pair, not on one side, so
 * it is never one of the network's laminar groups while an exempt household has
 * an edge into the row (solver/flow/exempt.ts).
 */
export type ConstraintScope =
  | { readonly kind: 'households'; readonly coef: Float64Array }
  | { readonly kind: 'vacancies'; readonly coef: Float64Array; readonly exempt?: Uint8Array }

/**
 * The coefficient a_e of a row for the pair (h, v): what one placement of h in v adds to the row.
 *
 * @example
 * const a = coefficientOf(constraint.scope, edges.household[e], edges.vacancy[e])
 */
export function coefficientOf(scope: ConstraintScope, h: number, v: number): number {
  if (scope.kind === 'households') return scope.coef[h] ?? 0
  if (scope.exempt !== undefined && scope.exempt[h] === 1) return 0
  return scope.coef[v] ?? 0
}

/** Does the row's coefficient depend on the pair (a vacancy row with an exemption mask)? */
export function hasExemptions(scope: ConstraintScope): scope is ConstraintScope & { exempt: Uint8Array } {
  return scope.kind === 'vacancies' && scope.exempt !== undefined
}

export interface SideConstraint {
  /** Stable name used in reports, e.g. `childrenFloor`, `districtCap:Vivalla`. */
  readonly name: string
  readonly scope: ConstraintScope
  readonly sense: '<=' | '>='
  readonly rhs: number
}

export interface MatchProblem {
  readonly households: number
  readonly vacancies: number
  readonly edges: Edges
  readonly constraints: readonly SideConstraint[]
}

export const solveStatuses = ['optimal', 'infeasible', 'timedout', 'failed'] as const
export type SolveStatus = (typeof solveStatuses)[number]

export interface SolveOptions {
  /** Wall-clock budget in ms for anything the solver can interrupt (branch and bound). */
  readonly timeLimitMs?: number
}

/** Dual prices of an optimal LP relaxation: a certificate when they are feasible and complementary. */
export interface Duals {
  /** u_h ≥ 0 for each household row. */
  readonly households: Float64Array
  /** p_v ≥ 0 for each vacancy row. */
  readonly vacancies: Float64Array
  /** y_k for each side constraint, ≥ 0 for ≤ rows and ≤ 0 for ≥ rows (in maximisation sign convention). */
  readonly constraints: Float64Array
}

export interface SolveResult {
  readonly status: SolveStatus
  /** Edge indices chosen, ascending. Empty unless status is optimal or timedout with an incumbent. */
  readonly chosen: Int32Array
  /** Σ w_e over chosen edges. */
  readonly objective: number
  /** An upper bound on the optimum (the LP relaxation's value, or the objective when proven optimal). */
  readonly bound: number
  /** Names of side constraints that conflict, when status is infeasible and the solver can tell. */
  readonly conflicting?: readonly string[]
  readonly duals?: Duals
  /** A human-readable reason when status is failed or timedout. */
  readonly message?: string
  readonly stats: Readonly<Record<string, number | string | boolean>>
  /**
   * The `flow` engine's solved state (an optimum with no crossing rows): a solve of the same edges
   * under looser bounds on the same side constraint rows (`loosenConstraints`) can start from it
   * (`warmStart` in the flow engine's options) instead of from nothing.
   */
  readonly warmStart?: FlowState
}

/**
 * A min-cost-flow optimum as data (solver/flow/network.ts): the tree it was solved on, node
 * potentials, the flow on each node's tree arc, each vacancy's and household's matched edge, and
 * the active edges. Read-only to everyone but the flow engine.
 */
export interface FlowState {
  readonly parent: Int32Array
  readonly pi: Float64Array
  readonly flow: Float64Array
  readonly mateV: Int32Array
  readonly mateH: Int32Array
  readonly active: Int32Array
}

/**
 * The problem with the side constraints at `rows` loosened to bounds no matching can break: a
 * `<=` row to the sum of its positive coefficients, a `>=` row to the sum of its negative ones
 * (each household and vacancy is matched at most once). The feasible set is that of the problem
 * without those rows, and the rows' members are unchanged, so the flow engine lays the problem out
 * on the same tree and can start from an optimum of the original (`warmStart`).
 *
 * @example
 * const loose = loosenConstraints(problem, [2, 3]) // as if rows 2 and 3 were dropped
 */
export function loosenConstraints(problem: MatchProblem, rows: Iterable<number>): MatchProblem {
  const loosen = new Set(rows)
  return {
    ...problem,
    constraints: problem.constraints.map((c, k) => {
      if (!loosen.has(k)) return c
      let rhs = 0
      for (const a of c.scope.coef) if (c.sense === '<=' ? a > 0 : a < 0) rhs += a
      return { ...c, rhs }
    }),
  }
}

/** Σ w_e over the chosen edges: a result's `objective`. */
export function sumWeights(problem: MatchProblem, chosen: Int32Array): number {
  let s = 0
  for (const e of chosen) s += problem.edges.weight[e] as number
  return s
}
