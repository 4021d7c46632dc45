/**
 * Runs a round's solve in a worker thread (`solver-thread.ts`). The caller's
 * event loop stays free: the job runner keeps heartbeating its lease, the API
 * keeps answering. The thread is started on first use and kept for the next
 * solve (loading the engine costs more than a small round's solve); aborting a
 * solve terminates the thread, and the next solve starts a fresh one.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads'
import type { HouseholdExplanation } from '../domain/match/run-round.ts'
import type { SolvedRound } from '../services/rounds/solve-round.ts'

export type ThreadOutcome = ({ ok: true } & SolvedRound) | { ok: false; reason: string }

/** A solve function: the real one runs in a thread; tests may pass their own. */
export type SolveSnapshotFn = (snapshot: string, signal?: AbortSignal) => Promise<ThreadOutcome>

const entry = new URL('./solver-thread.ts', import.meta.url)

/**
 * Starts a worker thread on `entry`. A TypeScript entry (the source run with
 * tsx) cannot be the thread's own entry: Node loads it before `--import tsx`
 * in the thread's execArgv takes effect. So a one-line bootstrap registers
 * tsx's loader (resolved from this file, whatever the working directory) and
 * then imports the entry; `workerData` reaches it unchanged.
 */
export function startThread(url: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const limits = resourceLimits === undefined ? {} : { resourceLimits }
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData, ...limits })
  const tsx = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}) })`
  return new Worker(bootstrap, { eval: true, workerData, ...limits })
}

/**
 * The solver thread's young generation by default (MB; a third of it is the semi-space objects are
 * first made in). A round allocates millions of short-lived objects; in a larger nursery fewer
 * survive long enough to be copied (`bench/README.md` gives the measured difference).
 */
export const solverYoungGenerationMb = 192

export interface SolveInThreadOptions {
  readonly signal?: AbortSignal
  readonly timeLimitMs?: number
  /** Explanations (default true); a what-if turns them off (see `solveSnapshot`). */
  readonly explain?: boolean
}

/** One household's explanation, or why the snapshot could not be explained; `null` when it is not in the snapshot. */
export type ExplainOutcome =
  | { ok: true; explanation: HouseholdExplanation | null }
  | { ok: false; reason: string }

interface Waiting {
  resolve: (outcome: unknown) => void
  reject: (error: unknown) => void
}

/**
 * One solver thread, solving one snapshot at a time (requests queue in the
 * thread). An idle thread does not keep the process alive.
 *
 * @example
 * const solver = new SolverThread()
 * const out = await solver.solve(round.snapshot, { signal })
 * await solver.close()
 */
export class SolverThread {
  readonly #youngGenerationMb: number
  #worker: Worker | undefined
  #next = 1
  readonly #waiting = new Map<number, Waiting>()

  /** `youngGenerationMb`: the thread's young generation, 0 for V8's default (a measurement compares them). */
  constructor(options: { youngGenerationMb?: number } = {}) {
    this.#youngGenerationMb = options.youngGenerationMb ?? solverYoungGenerationMb
  }

  solve(snapshot: string, options: SolveInThreadOptions = {}): Promise<ThreadOutcome> {
    return this.#ask<ThreadOutcome>(
      {
        snapshot,
        ...(options.timeLimitMs === undefined ? {} : { timeLimitMs: options.timeLimitMs }),
        ...(options.explain === undefined ? {} : { explain: options.explain }),
      },
      options.signal,
    )
  }

  /** One household's explanation in full, from a snapshot solved again (`explainSnapshotHousehold`). */
  explain(
    snapshot: string,
    householdId: string,
    options: Omit<SolveInThreadOptions, 'explain'> = {},
  ): Promise<ExplainOutcome> {
    return this.#ask<ExplainOutcome>(
      {
        kind: 'explain',
        snapshot,
        householdId,
        ...(options.timeLimitMs === undefined ? {} : { timeLimitMs: options.timeLimitMs }),
      },
      options.signal,
    )
  }

  #ask<T>(request: Record<string, unknown>, signal: AbortSignal | undefined): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'))
    const worker = this.#thread()
    const id = this.#next++
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        // The solve cannot be interrupted inside the thread: end the thread (the next solve starts another).
        this.#fail(worker, signal?.reason ?? new Error('aborted'))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const done = () => signal?.removeEventListener('abort', onAbort)
      this.#waiting.set(id, {
        resolve: (o) => {
          done()
          resolve(o as T)
        },
        reject: (e) => {
          done()
          reject(e)
        },
      })
      if (this.#waiting.size === 1) worker.ref()
      worker.postMessage({ id, ...request })
    })
  }

  /**
   * Starts the thread now, so that it loads the engine and compiles it on a generated round before
   * the first solve needs it (an idle thread keeps no process alive). A solve asked for meanwhile
   * waits for the warm-up (about a second on this project's 2-core machine).
   */
  start(): Promise<void> {
    return this.#ask<unknown>({ kind: 'warm' }, undefined).then(
      () => undefined,
      () => undefined,
    )
  }

  /** Ends the thread; solves still waiting are refused. */
  async close(): Promise<void> {
    const worker = this.#worker
    if (worker === undefined) return
    this.#fail(worker, new Error('the solver thread was closed'))
  }

  #thread(): Worker {
    if (this.#worker !== undefined) return this.#worker
    const young = this.#youngGenerationMb
    const worker = startThread(
      entry,
      undefined,
      young === 0 ? undefined : { maxYoungGenerationSizeMb: young },
    )
    worker.on('message', (message: { id: number; outcome: unknown }) => {
      const waiting = this.#waiting.get(message.id)
      this.#waiting.delete(message.id)
      if (this.#waiting.size === 0) worker.unref()
      waiting?.resolve(message.outcome)
    })
    worker.once('error', (error) => this.#fail(worker, error))
    worker.once('exit', (code) =>
      this.#fail(worker, new Error(`the solver thread exited (code ${code}) without an answer`)),
    )
    worker.unref()
    this.#worker = worker
    return worker
  }

  #fail(worker: Worker, error: unknown): void {
    if (this.#worker !== worker) return
    this.#worker = undefined
    const waiting = [...this.#waiting.values()]
    this.#waiting.clear()
    void worker.terminate()
    for (const w of waiting) w.reject(error)
  }
}

const shared = new SolverThread()

/**
 * Solves on this process's shared solver thread.
 *
 * @example
 * const out = await solveInThread(round.snapshot, { signal: ctx.signal })
 * if (out.ok) storeSolved(db, lease, round.id, out)
 */
export function solveInThread(snapshot: string, options: SolveInThreadOptions = {}): Promise<ThreadOutcome> {
  return shared.solve(snapshot, options)
}

/**
 * One household's explanation in full on this process's shared solver thread.
 *
 * @example
 * const out = await explainInThread(round.snapshot, 'H-1042')
 * if (out.ok && out.explanation) console.log(out.explanation.proposed)
 */
export function explainInThread(
  snapshot: string,
  householdId: string,
  options: Omit<SolveInThreadOptions, 'explain'> = {},
): Promise<ExplainOutcome> {
  return shared.explain(snapshot, householdId, options)
}

/** Starts this process's shared solver thread and warms it, so that the first round does not wait for the engine to load and compile. */
export function startSolverThread(): Promise<void> {
  return shared.start()
}

/** The solve the worker uses unless told otherwise. */
export const solveSnapshotInThread: SolveSnapshotFn = (snapshot, signal) =>
  solveInThread(snapshot, signal === undefined ? {} : { signal })
