/**
 * Runs a round's solve in a worker thread (`solver-thread.ts`). The caller's
 * event loop stays free: the job runner keeps heartbeating its lease, the API
 * keeps answering. Aborting the signal terminates the thread.
 */
import { Worker } from 'node:worker_threads'
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
export function startThread(entry: URL, workerData: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData })
  const tsx = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}) })`
  return new Worker(bootstrap, { eval: true, workerData })
}

/**
 * @example
 * const out = await solveInThread(round.snapshot, { signal: ctx.signal })
 * if (out.ok) storeSolved(db, lease, round.id, out)
 */
export function solveInThread(
  snapshot: string,
  options: { signal?: AbortSignal; timeLimitMs?: number } = {},
): Promise<ThreadOutcome> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason ?? new Error('aborted'))
      return
    }
    const worker = startThread(entry, { snapshot, timeLimitMs: options.timeLimitMs })
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      options.signal?.removeEventListener('abort', onAbort)
      fn()
    }
    const onAbort = () => {
      finish(() => reject(options.signal?.reason ?? new Error('aborted')))
      void worker.terminate()
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })
    worker.once('message', (message: ThreadOutcome) => finish(() => resolve(message)))
    worker.once('error', (error) => finish(() => reject(error)))
    worker.once('exit', (code) =>
      finish(() => reject(new Error(`the solver thread exited (code ${code}) without an answer`))),
    )
  })
}

/** The solve the worker uses unless told otherwise. */
export const solveSnapshotInThread: SolveSnapshotFn = (snapshot, signal) =>
  solveInThread(snapshot, signal === undefined ? {} : { signal })
