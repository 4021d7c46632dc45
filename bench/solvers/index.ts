import { verifyCertificate } from '../../solver/certificate.ts'
import { solveMatch } from '../../solver/index.ts'
import type { MatchProblem, SolveResult } from '../../solver/problem.ts'
import type { BenchInput } from '../payload.ts'
import { solveGreedy } from './greedy.ts'
import { highsRuntime, solveHighs } from './highs.ts'

export const solverNames = ['hemvist', 'highs', 'jslp-direct', 'greedy'] as const
export type SolverName = (typeof solverNames)[number]

export function isSolverName(name: string): name is SolverName {
  return (solverNames as readonly string[]).includes(name)
}

/** One solve's answer, in the benchmark's words. */
export interface SolverAnswer {
  /** The solver's own status word ('optimal', 'time limit', 'heuristic', …). */
  readonly status: string
  readonly chosen: Int32Array
  /** True when the solver itself claims proven optimality. */
  readonly claimsOptimal: boolean
  /** The solver's upper bound on the optimum, when it gives one. */
  readonly bound?: number
  readonly message?: string
}

export interface CertificateOutcome {
  readonly certified: boolean
  readonly reason?: string
}

/**
 * A solver made ready for one input: everything that is not solving (loading
 * WebAssembly, finding the engine) is done before `solve`, which is the only
 * timed call. `certify` runs after the timed runs.
 */
export interface ReadySolver {
  readonly name: SolverName
  /** What actually ran, e.g. "flow (solveMatch)"; honest about fallbacks. */
  readonly engine: string
  readonly solve: () => SolverAnswer
  readonly certify?: (answer: SolverAnswer) => CertificateOutcome
}

function fromSolveResult(result: SolveResult): SolverAnswer {
  return {
    status: result.status,
    chosen: result.chosen,
    claimsOptimal: result.status === 'optimal',
    bound: result.bound,
    ...(result.message ? { message: result.message } : {}),
  }
}

/** The hemvist engine: `flow` through solveMatch, its optimal answers checked by verifyCertificate. */
function hemvist(problem: MatchProblem, timeLimitMs: number): ReadySolver {
  let last: SolveResult | undefined
  return {
    name: 'hemvist',
    engine: 'flow (solveMatch)',
    solve: () => {
      last = solveMatch(problem, { engine: 'flow', timeLimitMs })
      return fromSolveResult(last)
    },
    certify: (answer) => {
      if (!last || !answer.claimsOptimal) return { certified: false, reason: `status ${answer.status}` }
      const check = verifyCertificate(problem, last)
      return check.certified
        ? { certified: true, reason: 'verifyCertificate' }
        : { certified: false, reason: `verifyCertificate: ${check.reason ?? 'not certified'}` }
    },
  }
}

/** Sets up a solver for an input; the returned `solve` is what the benchmark times. */
export async function readySolver(
  name: SolverName,
  input: BenchInput,
  timeLimitMs: number,
): Promise<ReadySolver> {
  const { problem } = input
  switch (name) {
    case 'hemvist':
      return hemvist(problem, timeLimitMs)
    case 'highs': {
      const highs = await highsRuntime()
      return {
        name,
        engine: `HiGHS ${highs.version.string} MIP (npm highs, WebAssembly), presolve off, mip_rel_gap 0`,
        solve: () => {
          const answer = solveHighs(highs, problem, { timeLimitMs })
          return {
            status: answer.status,
            chosen: answer.chosen,
            claimsOptimal: answer.optimal,
            bound: answer.mipDualBound,
          }
        },
      }
    }
    case 'jslp-direct':
      return {
        name,
        engine: 'javascript-lp-solver 1.0.3, full model (solveMatch engine lp)',
        solve: () => fromSolveResult(solveMatch(problem, { engine: 'lp', timeLimitMs })),
      }
    case 'greedy':
      return {
        name,
        engine:
          'greedy: vacancies by availability date, most urgent eligible household; keeps caps, not floors',
        solve: () => ({ status: 'heuristic', claimsOptimal: false, chosen: solveGreedy(input).chosen }),
      }
  }
}

/**
 * A size check before running a solver that would exhaust the machine rather
 * than merely time out: javascript-lp-solver's dense tableau (8 bytes per row ×
 * column) and HiGHS's WebAssembly heap (2 GiB). Returns the reason to skip.
 */
export function sizeGuard(
  name: SolverName,
  problem: MatchProblem,
  limits: { jslpMaxGb: number },
): string | undefined {
  const E = problem.edges.weight.length
  const rows = problem.households + problem.vacancies + problem.constraints.length
  if (name === 'jslp-direct') {
    const gb = (8 * (rows + 1) * (E + 1)) / 1e9
    if (gb > limits.jslpMaxGb) {
      return `dense tableau would need ${gb.toFixed(1)} GB (> ${limits.jslpMaxGb} GB)`
    }
  }
  if (name === 'highs') {
    // CSC input (12 bytes per nonzero, at least 2 per column) is copied into HiGHS's own
    // column- and row-wise matrices: about 3 copies must fit in the 2 GiB heap.
    const gb = (3 * 12 * 2 * E) / 2 ** 30
    if (gb > 2) return `model needs about ${gb.toFixed(1)} GiB, over HiGHS's 2 GiB WebAssembly heap`
  }
  return undefined
}
