import highsModule, { type Highs } from 'highs'
import { coefficientOf, type MatchProblem } from '../../solver/problem.ts'

export type { Highs }

/** Loads the HiGHS WebAssembly runtime (about 50 ms; not part of a solve's time). */
export async function highsRuntime(): Promise<Highs> {
  // The package's types describe a CommonJS default export; under NodeNext the loader
  // may appear as `.default`, at run time the default import is the loader itself.
  type Loader = () => Promise<Highs>
  const module = highsModule as unknown as Loader | { default: Loader }
  const loader = typeof module === 'function' ? module : module.default
  return loader()
}

export interface HighsAnswer {
  /** HiGHS's model status, in words ('optimal', 'infeasible', 'time limit', …). */
  readonly status: string
  readonly optimal: boolean
  /** Edges with x_e > 0.5, ascending. */
  readonly chosen: Int32Array
  /** HiGHS's own objective and dual bound (information only: the benchmark recomputes the objective). */
  readonly reportedObjective: number
  readonly mipDualBound: number
  readonly buildMs: number
}

/** Options from SOLVER-NOTES.md: MIP presolve is where the default spends its time on these models. */
export const highsOptions = {
  output_flag: false,
  presolve: 'off',
  mip_rel_gap: 0,
  mip_detect_symmetry: false,
  mip_heuristic_effort: 0,
} as const

const statusWords: Record<number, string> = {
  0: 'not set',
  1: 'load error',
  2: 'model error',
  3: 'presolve error',
  4: 'solve error',
  5: 'postsolve error',
  6: 'empty model',
  7: 'optimal',
  8: 'infeasible',
  9: 'unbounded or infeasible',
  10: 'unbounded',
  11: 'objective bound',
  12: 'objective target',
  13: 'time limit',
  14: 'iteration limit',
  15: 'unknown',
  16: 'solution limit',
  17: 'interrupted',
}

/**
 * The match problem (see solver/problem.ts) as a HiGHS MIP through the CSC
 * `createModel` API: one integer column in [0, 1] per eligible pair, a ≤ 1 row
 * per household and per vacancy that has an edge, one row per side
 * constraint; maximise Σ w_e x_e. The same model as the javascript-lp-solver
 * one in solver/lp-model.ts.
 *
 * @example
 *   const highs = await highsRuntime()
 *   const answer = solveHighs(highs, problem, { timeLimitMs: 60_000 })
 */
export function solveHighs(
  highs: Highs,
  problem: MatchProblem,
  options: { timeLimitMs?: number } = {},
): HighsAnswer {
  const started = performance.now()
  const { edges, constraints } = problem
  const E = edges.weight.length
  const N = problem.households
  const M = problem.vacancies
  const hRow = new Int32Array(N).fill(-1)
  const vRow = new Int32Array(M).fill(-1)
  let rows = 0
  for (let e = 0; e < E; e++) {
    const h = edges.household[e] as number
    if (hRow[h] === -1) hRow[h] = rows++
  }
  for (let e = 0; e < E; e++) {
    const v = edges.vacancy[e] as number
    if (vRow[v] === -1) vRow[v] = rows++
  }
  const firstConstraintRow = rows
  rows += constraints.length
  const rowLower = new Float64Array(rows).fill(-highs.infinity)
  const rowUpper = new Float64Array(rows).fill(1)
  constraints.forEach((c, k) => {
    if (c.sense === '<=') rowUpper[firstConstraintRow + k] = c.rhs
    else {
      rowLower[firstConstraintRow + k] = c.rhs
      rowUpper[firstConstraintRow + k] = highs.infinity
    }
  })
  // Column e: its household row, its vacancy row, then every side constraint it has a coefficient in.
  let nonzeros = 2 * E
  for (const c of constraints) {
    for (let e = 0; e < E; e++)
      if (coefficientOf(c.scope, edges.household[e] as number, edges.vacancy[e] as number) !== 0) nonzeros++
  }
  const starts = new Int32Array(E + 1)
  const indices = new Int32Array(nonzeros)
  const values = new Float64Array(nonzeros)
  let at = 0
  for (let e = 0; e < E; e++) {
    starts[e] = at
    indices[at] = hRow[edges.household[e] as number] as number
    values[at++] = 1
    indices[at] = vRow[edges.vacancy[e] as number] as number
    values[at++] = 1
    for (let k = 0; k < constraints.length; k++) {
      const c = constraints[k] as (typeof constraints)[number]
      const a = coefficientOf(c.scope, edges.household[e] as number, edges.vacancy[e] as number)
      if (a === 0) continue
      indices[at] = firstConstraintRow + k
      values[at++] = a
    }
  }
  starts[E] = at
  const model = highs.createModel({
    numCols: E,
    numRows: rows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: edges.weight,
    colLower: new Float64Array(E),
    colUpper: new Float64Array(E).fill(1),
    rowLower,
    rowUpper,
    matrix: { format: 'csc', numRows: rows, numCols: E, starts, indices, values },
    integrality: new Int32Array(E).fill(highs.constants.variableType.integer),
  })
  const buildMs = performance.now() - started
  try {
    model.options.set(highsOptions)
    if (options.timeLimitMs !== undefined) model.options.set('time_limit', options.timeLimitMs / 1000)
    const { modelStatus } = model.run()
    const status = statusWords[modelStatus] ?? `status ${modelStatus}`
    const hasPrimal = Number(model.info.get('primal_solution_status')) === 2
    const chosen: number[] = []
    let reportedObjective = Number.NaN
    if (hasPrimal) {
      const { colValue } = model.getSolution()
      for (let e = 0; e < E; e++) if ((colValue[e] as number) > 0.5) chosen.push(e)
      reportedObjective = model.getObjectiveValue()
    }
    let mipDualBound = Number.NaN
    try {
      mipDualBound = Number(model.info.get('mip_dual_bound'))
    } catch {
      // Not every build or status reports it.
    }
    return {
      status,
      optimal: modelStatus === highs.constants.modelStatus.optimal,
      chosen: Int32Array.from(chosen),
      reportedObjective,
      mipDualBound,
      buildMs,
    }
  } finally {
    model.dispose()
  }
}
