import type { Model } from 'javascript-lp-solver'
import { coefficientOf, type MatchProblem } from './problem.ts'

/**
 * The match problem as a javascript-lp-solver model: the readable statement of
 * the problem. One integer variable `e<i>` per eligible pair, one row per
 * household (`h<i>` ≤ 1), per vacancy (`v<j>` ≤ 1) and per side constraint
 * (`c<k>`), and the objective `weight` to maximise.
 *
 * Facts that shape it (SOLVER-NOTES.md): variables only for eligible pairs
 * (zero-weight pairs would count toward ≥ rows); `ints`, not `binaries`
 * (binaries add a row per variable; the ≤ 1 rows already bound each x).
 *
 * @example
 *   const model = buildLpModel(problem)           // integer program
 *   const relaxed = buildLpModel(problem, { relax: true })  // its LP relaxation
 */
export function buildLpModel(
  problem: MatchProblem,
  options: { relax?: boolean; timeLimitMs?: number } = {},
): Model {
  const { edges } = problem
  const constraints: Model['constraints'] = {}
  const variables: Model['variables'] = {}
  const ints: Record<string, 1> = {}
  const used = new Uint8Array(problem.households + problem.vacancies)
  for (let e = 0; e < edges.weight.length; e++) {
    const h = edges.household[e] as number
    const v = edges.vacancy[e] as number
    const column: Record<string, number> = { weight: edges.weight[e] as number, [`h${h}`]: 1, [`v${v}`]: 1 }
    used[h] = 1
    used[problem.households + v] = 1
    problem.constraints.forEach((c, k) => {
      const a = coefficientOf(c.scope, h, v)
      if (a !== 0) column[`c${k}`] = a
    })
    variables[`e${e}`] = column
    if (!options.relax) ints[`e${e}`] = 1
  }
  for (let h = 0; h < problem.households; h++) if (used[h]) constraints[`h${h}`] = { max: 1 }
  for (let v = 0; v < problem.vacancies; v++)
    if (used[problem.households + v]) constraints[`v${v}`] = { max: 1 }
  problem.constraints.forEach((c, k) => {
    constraints[`c${k}`] = c.sense === '<=' ? { max: c.rhs } : { min: c.rhs }
  })
  const model: Model = { optimize: 'weight', opType: 'max', constraints, variables }
  if (!options.relax) model.ints = ints
  if (options.timeLimitMs !== undefined) model.options = { timeout: options.timeLimitMs }
  return model
}
