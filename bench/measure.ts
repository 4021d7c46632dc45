import type { CertificateOutcome, ReadySolver, SolverAnswer } from './solvers/index.ts'

export interface MeasureOptions {
  /** Solve once untimed first (JIT, caches); skipped for a case measured once. */
  readonly warmup: boolean
  /** Measured runs wanted. */
  readonly runs: number
  /** Per-solve wall-clock limit in ms: also the budget that decides how many runs a slow solver gets. */
  readonly limitMs: number
  /** Called after every solve (warm-up included): the parent's watchdog and progress display use it. */
  readonly onSolve?: (ms: number, done: number, planned: number) => void
}

export interface Measurement {
  readonly engine: string
  /** Measured solve times in ms (the warm-up excluded, unless it was the only run). */
  readonly timesMs: readonly number[]
  /** True when a warm-up solve preceded the measured ones. */
  readonly warmedUp: boolean
  /** The last solve's answer (every solver here is deterministic). */
  readonly answer: SolverAnswer
  readonly certificate?: CertificateOutcome
}

/**
 * Times `ready.solve()`: a warm-up, then up to `runs` solves. A slow solver gets
 * fewer runs so that one solver costs about `limitMs` in all: when the warm-up
 * takes more than half the limit it is the only (cold) measurement; otherwise
 * runs = min(runs, ⌊limit / warm-up⌋), at least 1.
 */
export function measure(ready: ReadySolver, options: MeasureOptions): Measurement {
  const timed = () => {
    const t0 = performance.now()
    const answer = ready.solve()
    return { ms: performance.now() - t0, answer }
  }
  const timesMs: number[] = []
  let planned = options.runs + (options.warmup ? 1 : 0)
  let first = timed()
  options.onSolve?.(first.ms, 1, planned)
  let warmedUp = options.warmup
  if (options.warmup) {
    if (first.ms > options.limitMs / 2) {
      warmedUp = false
      timesMs.push(first.ms)
      planned = 1
    } else {
      planned = 1 + Math.min(options.runs, Math.max(1, Math.floor(options.limitMs / Math.max(first.ms, 1))))
    }
  } else timesMs.push(first.ms)
  while (timesMs.length + (warmedUp ? 1 : 0) < planned) {
    first = timed()
    timesMs.push(first.ms)
    options.onSolve?.(first.ms, timesMs.length + (warmedUp ? 1 : 0), planned)
  }
  const answer = first.answer
  return {
    engine: ready.engine,
    timesMs,
    warmedUp,
    answer,
    ...(ready.certify ? { certificate: ready.certify(answer) } : {}),
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
