/**
 * The worker: a job queue on the `jobs` table and a runner for registered
 * tasks. Lifecycle and guarantees: docs/worker.md.
 */
import type { Executor } from '../../db/client.ts'
import { enqueueJob } from '../../db/repo/jobs.ts'

export {
  type Backoff,
  backoffDelay,
  defaultBackoff,
  holdsLease,
  type Lease,
} from '../../db/repo/jobs.ts'
export {
  createWorker,
  type RunOutcome,
  type TaskContext,
  type TaskHandler,
  type TaskRegistry,
  type Worker,
  type WorkerOptions,
} from './runner.ts'

/**
 * Adds a job for `task`; returns its id. Call it inside the transaction that
 * creates the work (e.g. the round row), so the job exists exactly when the work does.
 *
 * @example
 * enqueue(db, { task: 'round.run', payload: { roundId: 'r-12' } })
 */
export function enqueue(
  executor: Executor,
  job: { task: string; payload?: unknown; runAt?: Date | number; maxAttempts?: number },
  now: number = Date.now(),
): number {
  const runAt = job.runAt instanceof Date ? job.runAt.getTime() : job.runAt
  return enqueueJob(
    executor,
    {
      task: job.task,
      payload: job.payload,
      ...(runAt === undefined ? {} : { runAt }),
      ...(job.maxAttempts === undefined ? {} : { maxAttempts: job.maxAttempts }),
    },
    now,
  )
}
