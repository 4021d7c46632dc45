import {
  type Duals,
  type FlowState,
  type MatchProblem,
  type SolveOptions,
  type SolveResult,
  sumWeights,
} from '../problem.ts'
import { normaliseExemptions } from './exempt.ts'
import { solveCrossing } from './lagrangian.ts'
import { classify, conflictNames } from './laminar.ts'
import { solveLaminar } from './solve-laminar.ts'

export interface FlowSolveOptions extends SolveOptions {
  /** Edges kept per household and per vacancy before pricing (default 10); Infinity disables pruning. */
  readonly pruneTopK?: number
  /**
   * A `warmStart` from an optimum of the same edges whose side constraints were at least as tight
   * (`loosenConstraints`): the solve continues from it (solve-laminar.ts, `warm`). Ignored when
   * the problem has crossing rows or the state does not fit.
   */
  readonly warmStart?: FlowState
  /**
   * Multipliers to start the crossing rows' Lagrangian from (a dual vector of a nearby solve, one
   * entry per constraint: `duals.constraints`), instead of 0. Only where the search starts: the
   * answer and its proof do not depend on it.
   */
  readonly multipliers?: Float64Array
}

export const DEFAULT_TOP_K = 10

/** Why a problem cannot be solved at all (malformed input), or undefined. */
function malformed(problem: MatchProblem): string | undefined {
  const { households: N, vacancies: M, edges, constraints } = problem
  if (!Number.isInteger(N) || N < 0 || !Number.isInteger(M) || M < 0)
    return 'households and vacancies must be counts'
  const E = edges.household.length
  if (edges.vacancy.length !== E || edges.weight.length !== E) return 'edge arrays differ in length'
  for (let e = 0; e < E; e++) {
    const h = edges.household[e] as number
    const v = edges.vacancy[e] as number
    if (h < 0 || h >= N || v < 0 || v >= M)
      return `edge ${e} joins a household or vacancy that does not exist`
    if (!Number.isFinite(edges.weight[e] as number)) return `edge ${e} has a non-finite weight`
  }
  for (const c of constraints) {
    const n = c.scope.kind === 'households' ? N : M
    if (c.scope.coef.length !== n)
      return `constraint ${c.name} has ${c.scope.coef.length} coefficients, expected ${n}`
    if (!Number.isFinite(c.rhs)) return `constraint ${c.name} has a non-finite right-hand side`
    for (const a of c.scope.coef)
      if (!Number.isFinite(a)) return `constraint ${c.name} has a non-finite coefficient`
    if (c.scope.kind === 'vacancies' && c.scope.exempt !== undefined) {
      if (c.scope.exempt.length !== N)
        return `constraint ${c.name} has ${c.scope.exempt.length} exemptions, expected ${N}`
      for (const x of c.scope.exempt)
        if (x !== 0 && x !== 1) return `constraint ${c.name} has an exemption other than 0 or 1`
    }
  }
  return undefined
}

const empty = new Int32Array(0)

/**
 * Exact solver for the match problem (see ../problem.ts) built on min-cost
 * flow. Side constraints that are 0/1 and laminar on their side go into the
 * network (optimal and dual-certified); others, and rows whose coefficient
 * depends on the pair (exempt households, exempt.ts), are relaxed in a
 * Lagrangian way and closed by branch and bound (see lagrangian.ts). Never
 * throws for a model outcome.
 *
 * @example
 *   const result = solveFlow(problem, { timeLimitMs: 2000 })
 *   if (result.status === 'optimal') use(result.chosen)
 */
export function solveFlow(given: MatchProblem, options: FlowSolveOptions = {}): SolveResult {
  const started = performance.now()
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10
  const bad = malformed(given)
  if (bad)
    return { status: 'failed', chosen: empty, objective: 0, bound: Number.NaN, message: bad, stats: {} }
  // Same edges, same rows, same coefficient on every edge: its answer and duals are the given problem's.
  const problem = normaliseExemptions(given)
  const topK = options.pruneTopK ?? DEFAULT_TOP_K
  // An explicit k prunes whatever the size (tests use it on small problems);
  // the default leaves small problems whole, where pruning buys nothing.
  const minEdgesToPrune = options.pruneTopK === undefined ? undefined : 0
  try {
    const cls = classify(problem)
    if (!cls.ok) {
      return {
        status: 'infeasible',
        chosen: empty,
        objective: 0,
        bound: Number.NEGATIVE_INFINITY,
        conflicting: cls.conflicting,
        stats: { solver: 'flow', ms: elapsed() },
      }
    }
    const lam = cls.model
    if (lam.crossing.length > 0)
      return solveCrossing(problem, lam, { ...options, topK, minEdgesToPrune, started })
    const solved = solveLaminar(problem, lam, {
      topK,
      minEdgesToPrune,
      ...(options.warmStart === undefined ? {} : { warm: options.warmStart }),
    })
    if (!solved.ok) {
      return {
        status: 'infeasible',
        chosen: empty,
        objective: 0,
        bound: Number.NEGATIVE_INFINITY,
        conflicting: conflictNames(problem, lam, solved.conflicting),
        stats: { solver: 'flow', ms: elapsed(), ...solved.stats },
      }
    }
    const objective = sumWeights(problem, solved.chosen)
    const duals: Duals = solved.duals
    return {
      status: 'optimal',
      chosen: solved.chosen,
      objective,
      bound: objective,
      duals,
      warmStart: solved.state,
      stats: {
        solver: 'flow',
        ms: elapsed(),
        gap: 0,
        laminarConstraints: problem.constraints.length,
        ...solved.stats,
      },
    }
  } catch (err) {
    return {
      status: 'failed',
      chosen: empty,
      objective: 0,
      bound: Number.NaN,
      message: err instanceof Error ? err.message : String(err),
      stats: { solver: 'flow', ms: elapsed() },
    }
  }
}
