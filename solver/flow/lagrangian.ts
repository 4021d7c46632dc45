import type { MatchProblem, SolveResult } from '../problem.ts'
import type { LaminarModel } from './laminar.ts'

export interface CrossingOptions {
  readonly timeLimitMs?: number
  readonly topK: number
  readonly started: number
}

export function solveCrossing(_p: MatchProblem, _l: LaminarModel, _o: CrossingOptions): SolveResult {
  return {
    status: 'failed',
    chosen: new Int32Array(0),
    objective: 0,
    bound: Number.NaN,
    message: 'todo',
    stats: {},
  }
}
