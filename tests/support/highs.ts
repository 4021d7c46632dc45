import highsModule, { type Highs } from 'highs'
import type { MatchProblem } from '../../solver/problem.ts'

/**
 * The match problem as a HiGHS MIP (or its LP relaxation), built with the CSC
 * `createModel` API (faster and leaner than LP text, SOLVER-NOTES). Options as
 * SOLVER-NOTES recommends for these models: presolve off, no symmetry
 * detection, no heuristics, and mip_rel_gap 0, since the default 1e-4 would
 * let HiGHS stop short of the optimum that tests compare against.
 *
 * Dev-only: tests and benches, never solver/ or src/.
 */

let instance: Promise<Highs> | undefined
/** One HiGHS runtime per process; the WebAssembly start costs ~50 ms. */
export const loadHighs = (): Promise<Highs> => {
  if (!instance) {
    // The package's types describe a CommonJS default export: under NodeNext the
    // loader may be the module itself or its `.default`.
    type Loader = () => Promise<Highs>
    const module = highsModule as unknown as Loader | { default: Loader }
    instance = (typeof module === 'function' ? module : module.default)()
  }
  return instance
}

export interface HighsAnswer {
  readonly status: 'optimal' | 'infeasible' | 'other'
  readonly modelStatus: number
  readonly objective: number
  /** Edges with x_e > 0.5, ascending (MIP); empty for the relaxation. */
  readonly chosen: Int32Array
  /** Column values (useful for the relaxation). */
  readonly x: Float64Array
}

export async function solveWithHighs(
  problem: MatchProblem,
  options: { relaxation?: boolean; timeLimitS?: number } = {},
): Promise<HighsAnswer> {
  const highs = await loadHighs()
  const { households: N, vacancies: M, edges, constraints } = problem
  const E = edges.household.length
  const K = constraints.length
  const rows = N + M + K
  // Column e: row h (household), row N + v (vacancy), then each side constraint with a non-zero coefficient.
  const starts = new Int32Array(E + 1)
  const indices: number[] = []
  const values: number[] = []
  for (let e = 0; e < E; e++) {
    const h = edges.household[e] as number
    const v = edges.vacancy[e] as number
    indices.push(h, N + v)
    values.push(1, 1)
    constraints.forEach((c, k) => {
      const a = c.scope.coef[c.scope.kind === 'households' ? h : v] as number
      if (a !== 0) {
        indices.push(N + M + k)
        values.push(a)
      }
    })
    starts[e + 1] = indices.length
  }
  const rowLower = new Float64Array(rows).fill(-highs.infinity)
  const rowUpper = new Float64Array(rows).fill(1)
  constraints.forEach((c, k) => {
    if (c.sense === '<=') rowUpper[N + M + k] = c.rhs
    else {
      rowLower[N + M + k] = c.rhs
      rowUpper[N + M + k] = highs.infinity
    }
  })
  const model = highs.createModel({
    numCols: E,
    numRows: rows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(edges.weight),
    colLower: new Float64Array(E),
    colUpper: new Float64Array(E).fill(1),
    rowLower,
    rowUpper,
    matrix: {
      format: 'csc',
      numRows: rows,
      numCols: E,
      starts,
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
    ...(options.relaxation
      ? {}
      : { integrality: new Int32Array(E).fill(highs.constants.variableType.integer) }),
  })
  try {
    model.options.set({
      output_flag: false,
      presolve: 'off',
      mip_detect_symmetry: false,
      mip_heuristic_effort: 0,
      mip_rel_gap: 0,
      mip_abs_gap: 0,
      ...(options.timeLimitS ? { time_limit: options.timeLimitS } : {}),
    })
    model.run()
    const modelStatus = model.getModelStatus()
    const status =
      modelStatus === highs.constants.modelStatus.optimal
        ? 'optimal'
        : modelStatus === highs.constants.modelStatus.infeasible
          ? 'infeasible'
          : 'other'
    if (status !== 'optimal') {
      return { status, modelStatus, objective: Number.NaN, chosen: new Int32Array(0), x: new Float64Array(0) }
    }
    const x = Float64Array.from(model.getSolution().colValue)
    const chosen: number[] = []
    if (!options.relaxation) {
      for (let e = 0; e < E; e++) if ((x[e] as number) > 0.5) chosen.push(e)
    }
    return { status, modelStatus, objective: model.getObjectiveValue(), chosen: Int32Array.from(chosen), x }
  } finally {
    model.dispose()
  }
}
