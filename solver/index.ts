import { solveFlow } from './flow/index.ts'
import { solveJslp } from './jslp.ts'
import type { FlowState, MatchProblem, SideConstraint, SolveOptions, SolveResult } from './problem.ts'

export { buildLpModel } from './lp-model.ts'
export * from './problem.ts'

/**
 * `flow`: the exact min-cost-flow engine with dual certificates (fast; the default).
 * `lp`: the javascript-lp-solver model, the readable reference (small rounds).
 */
export const engines = ['flow', 'lp'] as const
export type Engine = (typeof engines)[number]

export interface EngineOptions extends SolveOptions {
  readonly engine?: Engine
  /** The flow engine's start from a tighter optimum of the same edges (see `loosenConstraints`); other engines ignore it. */
  readonly warmStart?: FlowState
  /** The flow engine's first multipliers of crossing rows (`FlowSolveOptions.multipliers`); other engines ignore them. */
  readonly multipliers?: Float64Array
}

/**
 * Solves a match problem. Never throws for a model outcome: infeasible and
 * timed-out rounds come back as statuses; infeasible ones name a smallest
 * set of side constraints that cannot hold together.
 */
export function solveMatch(problem: MatchProblem, options: EngineOptions = {}): SolveResult {
  const result = solveWith(problem, options)
  if (result.status !== 'infeasible') return result
  // The deletion filter depends only on which subsets are feasible, not on the engine, so every
  // engine names the same conflict (an engine's own diagnosis may pick another minimal set).
  return { ...result, conflicting: findConflict(problem, options) }
}

function solveWith(problem: MatchProblem, options: EngineOptions): SolveResult {
  switch (options.engine ?? 'flow') {
    case 'flow':
      return solveFlow(problem, options)
    case 'lp':
      return solveJslp(problem, options)
  }
}

/**
 * A smallest conflicting set of side constraints, by the deletion filter:
 * drop each constraint in turn and keep it out if the rest stay infeasible.
 * Without side constraints a round is always feasible (nobody matched), so
 * the set is never empty when the whole is infeasible.
 */
export function findConflict(problem: MatchProblem, options: EngineOptions = {}): string[] {
  let kept: SideConstraint[] = [...problem.constraints]
  for (const candidate of problem.constraints) {
    const without = kept.filter((c) => c !== candidate)
    // Only a proven 'infeasible' drops the candidate; a sub-solve that runs out of time keeps it,
    // so the named set may then be larger than the smallest, never missing a culprit.
    if (solveWith({ ...problem, constraints: without }, options).status === 'infeasible') kept = without
  }
  return kept.map((c) => c.name)
}
