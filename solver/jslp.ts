import lp, { type SolverAPI } from 'javascript-lp-solver'
import { buildLpModel } from './lp-model.ts'
import type { MatchProblem, SolveOptions, SolveResult } from './problem.ts'

// The package's types describe its ESM build as CommonJS under NodeNext, so TypeScript
// sees the solver under `.default`; at run time the default import is the solver itself.
const solver = ('Solve' in lp ? lp : lp.default) as SolverAPI

interface JslpAnswer {
  feasible: boolean
  result: number
  bounded?: boolean
  [variable: string]: number | boolean | undefined
}

function run(problem: MatchProblem, relax: boolean, timeLimitMs: number | undefined): JslpAnswer {
  const answer = solver.Solve(buildLpModel(problem, { relax, timeLimitMs }))
  if (typeof answer !== 'object' || answer === null || !('feasible' in answer)) {
    throw new Error('javascript-lp-solver returned no result object')
  }
  return answer as JslpAnswer
}

/**
 * Solves the match problem with javascript-lp-solver: the reference engine.
 * Slow beyond a few hundred pairs (dense tableau, see SOLVER-NOTES.md), so it
 * serves small rounds and tests; the flow engine serves large ones.
 *
 * javascript-lp-solver says "feasible" even when optimal and keeps variable
 * values on infeasible answers: the status here is decided from `feasible`
 * first, and optimality from the LP relaxation's bound (integral data: a
 * difference below 1 proves the integer answer optimal).
 */
export function solveJslp(problem: MatchProblem, options: SolveOptions = {}): SolveResult {
  const started = performance.now()
  const relaxed = run(problem, true, undefined)
  if (!relaxed.feasible) {
    return {
      status: 'infeasible',
      chosen: new Int32Array(0),
      objective: 0,
      bound: 0,
      stats: { engine: 'jslp', ms: performance.now() - started },
    }
  }
  const bound = relaxed.result
  const mipStarted = performance.now()
  const integral = run(problem, false, options.timeLimitMs)
  const mipMs = performance.now() - mipStarted
  const stats = { engine: 'jslp', ms: 0, lpBound: bound }
  if (!integral.feasible) {
    // Without a time limit branch and bound runs to the end, so no integer point exists;
    // with one, the search may have been cut short before finding any.
    const cut = options.timeLimitMs !== undefined && mipMs >= options.timeLimitMs
    return {
      status: cut ? 'timedout' : 'infeasible',
      chosen: new Int32Array(0),
      objective: 0,
      bound: cut ? bound : 0,
      stats: { ...stats, ms: elapsed() },
    }
  }
  const chosen: number[] = []
  let objective = 0
  for (let e = 0; e < problem.edges.weight.length; e++) {
    const x = integral[`e${e}`]
    if (typeof x === 'number' && x > 0.5) {
      chosen.push(e)
      objective += problem.edges.weight[e] as number
    }
  }
  // javascript-lp-solver reports no "search finished" flag: branch and bound that ended before the
  // time limit explored the whole tree, so its incumbent is optimal. An answer within 1 of the LP
  // bound is optimal in any case (integer weights).
  const finished = options.timeLimitMs === undefined || mipMs < options.timeLimitMs
  const optimal = finished || bound - objective < 1
  return {
    status: optimal ? 'optimal' : 'timedout',
    chosen: Int32Array.from(chosen),
    objective,
    bound: optimal ? objective : bound,
    stats: { ...stats, ms: elapsed() },
  }
  function elapsed() {
    return performance.now() - started
  }
}
