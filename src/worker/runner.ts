/**
 * The job runner: claims due jobs from the `jobs` table one at a time, runs
 * the registered task under a lease kept alive by heartbeats, and records the
 * outcome fenced by that lease. The lifecycle and its rules are in docs/worker.md.
 *
 * Delivery is at-least-once: a task may run again after a crash, so a task
 * that writes results checks `holdsLease(tx, ctx.lease)` inside the
 * transaction that writes them (or writes idempotently).
 */
import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/client.ts'
import {
  type Backoff,
  type ClaimedJob,
  claimJob,
  completeJob,
  defaultBackoff,
  failJob,
  heartbeatJob,
  type Lease,
  releaseJob,
  sweepExpiredLeases,
} from '../../db/repo/jobs.ts'
import type { Logger } from '../logging.ts'

export interface TaskContext {
  readonly job: {
    readonly id: number
    readonly task: string
    readonly attempt: number
    readonly maxAttempts: number
  }
  /** The fencing token: check it with `holdsLease` in the transaction that writes the task's results. */
  readonly lease: Lease
  readonly db: Db
  readonly logger: Logger
  /** Aborted when the lease is lost or the worker stops: stop working, write nothing more. */
  readonly signal: AbortSignal
}

/**
 * A task: validates its own payload (it is untrusted JSON), does its work,
 * throws to fail the attempt. Must not keep the event loop busy for long:
 * heartbeats run on it (CPU-heavy work belongs in a worker thread).
 */
export type TaskHandler = (payload: unknown, ctx: TaskContext) => Promise<void> | void
export type TaskRegistry = Readonly<Record<string, TaskHandler>>

export interface WorkerOptions {
  db: Db
  /** Tasks by name. May be empty: jobs for unknown tasks then fail (and end dead) with a clear last_error. */
  tasks: TaskRegistry
  logger: Logger
  /** How long to wait before looking again when no job is due. */
  pollMs: number
  /** Unique per process; defaults to `worker-<pid>-<random>`. */
  workerId?: string
  /** Lease length; a job whose lease lapses is run again by someone else. Default 30 s. */
  leaseMs?: number
  /** Heartbeat interval; default a third of the lease, so two missed beats still keep it. */
  heartbeatMs?: number
  backoff?: Backoff
  /** How long `stop()` waits for the running job before releasing its lease. Default 10 s. */
  stopGraceMs?: number
  /** Epoch ms; injectable for tests. */
  now?: () => number
}

export type RunOutcome = 'idle' | 'succeeded' | 'retry' | 'dead' | 'fenced' | 'released'

export interface Worker {
  readonly workerId: string
  /** Starts the polling loop (idempotent). */
  start(): void
  /**
   * Stops claiming, waits up to `stopGraceMs` for the running job, then
   * releases its lease and aborts its signal. Resolves when the loop has ended.
   */
  stop(): Promise<void>
  /** Looks for a due job now if the loop is waiting for its next poll (a job was just queued); otherwise nothing. */
  wake(): void
  /** Sweeps expired leases, then claims and runs at most one due job. For tests and one-shot use. */
  runOnce(): Promise<RunOutcome>
}

class UnknownTaskError extends Error {
  override readonly name = 'UnknownTaskError'
}

class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError'
}

/**
 * Creates a worker over `db` with the tasks in `tasks`.
 *
 * @example
 * const worker = createWorker({ db, tasks: { 'round.run': runRound }, logger, pollMs: 1000 })
 * worker.start()
 * // … on SIGTERM:
 * await worker.stop()
 */
export function createWorker(options: WorkerOptions): Worker {
  const { db, tasks, pollMs } = options
  const workerId = options.workerId ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`
  const logger = options.logger.child({ workerId })
  const leaseMs = options.leaseMs ?? 30_000
  const heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3))
  const backoff = options.backoff ?? defaultBackoff
  const stopGraceMs = options.stopGraceMs ?? 10_000
  const now = options.now ?? Date.now

  let stopping = false
  let loop: Promise<void> | undefined
  let wake: (() => void) | undefined
  /** The job being run, with a way to give it up when stop() runs out of patience. */
  let current:
    | { job: ClaimedJob; controller: AbortController; done: Promise<void>; release: () => void }
    | undefined

  function describeError(error: unknown): string {
    if (error instanceof Error) return `${error.name}: ${error.message}`
    return String(error)
  }

  async function execute(job: ClaimedJob): Promise<RunOutcome> {
    const controller = new AbortController()
    const handler = Object.hasOwn(tasks, job.task) ? tasks[job.task] : undefined
    const ctx: TaskContext = {
      job: { id: job.id, task: job.task, attempt: job.attempt, maxAttempts: job.maxAttempts },
      lease: job.lease,
      db,
      logger: logger.child({ jobId: job.id, task: job.task, attempt: job.attempt }),
      signal: controller.signal,
    }
    const heartbeat = setInterval(() => {
      try {
        if (!heartbeatJob(db, job.lease, { leaseMs, now: now() })) {
          logger.warn({ msg: 'lease lost', jobId: job.id, attempt: job.attempt })
          controller.abort(new LeaseLostError(`lease on job ${job.id} attempt ${job.attempt} lost`))
          clearInterval(heartbeat)
        }
      } catch (error) {
        // A busy database delays one beat; the lease has room for two more.
        logger.warn({ msg: 'heartbeat failed', jobId: job.id, err: error })
      }
    }, heartbeatMs)

    const run: Promise<{ ok: true } | { ok: false; error: unknown }> = Promise.resolve()
      .then(() => {
        if (handler === undefined)
          throw new UnknownTaskError(`unknown task "${job.task}": no handler is registered`)
        return handler(job.payload, ctx)
      })
      .then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error }),
      )
    let release!: () => void
    const released = new Promise<'released'>((resolve) => {
      release = () => resolve('released')
    })
    current = { job, controller, done: run.then(() => undefined), release }
    const started = performance.now()
    try {
      const result = await Promise.race([run, released])
      const durationMs = Math.round(performance.now() - started)
      if (result === 'released') return 'released'
      if (result.ok) {
        if (completeJob(db, job.lease, now())) {
          logger.info({
            msg: 'job succeeded',
            jobId: job.id,
            task: job.task,
            attempt: job.attempt,
            durationMs,
          })
          return 'succeeded'
        }
        logger.warn({
          msg: 'job finished after losing its lease',
          jobId: job.id,
          attempt: job.attempt,
          durationMs,
        })
        return 'fenced'
      }
      const outcome = failJob(db, job.lease, { error: describeError(result.error), now: now(), backoff })
      const level = outcome === 'dead' || result.error instanceof UnknownTaskError ? 'error' : 'warn'
      logger[level]({
        msg:
          outcome === 'dead'
            ? 'job dead'
            : outcome === 'retry'
              ? 'job failed, will retry'
              : 'job failed after losing its lease',
        jobId: job.id,
        task: job.task,
        attempt: job.attempt,
        maxAttempts: job.maxAttempts,
        durationMs,
        err: result.error,
      })
      return outcome
    } finally {
      clearInterval(heartbeat)
      current = undefined
    }
  }

  async function runOnce(): Promise<RunOutcome> {
    const swept = sweepExpiredLeases(db, { now: now(), backoff })
    if (swept.requeued + swept.dead > 0) logger.warn({ msg: 'expired leases swept', ...swept })
    if (stopping) return 'idle'
    const job = claimJob(db, { workerId, leaseMs, now: now() })
    if (job === undefined) return 'idle'
    logger.info({ msg: 'job claimed', jobId: job.id, task: job.task, attempt: job.attempt })
    return execute(job)
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wake = undefined
        resolve()
      }
      wake = done
    })
  }

  async function run(): Promise<void> {
    while (!stopping) {
      let outcome: RunOutcome = 'idle'
      try {
        outcome = await runOnce()
      } catch (error) {
        // A busy or failing database must not kill the loop: wait and look again.
        logger.error({ msg: 'worker poll failed', err: error })
      }
      if (outcome === 'idle' && !stopping) await sleep(pollMs)
    }
  }

  return {
    workerId,
    runOnce,
    wake() {
      wake?.()
    },
    start() {
      if (loop !== undefined || stopping) return
      logger.info({ msg: 'worker started', tasks: Object.keys(tasks).length, pollMs, leaseMs })
      loop = run()
    },
    async stop() {
      stopping = true
      wake?.()
      const running = current
      if (running !== undefined) {
        let timer: NodeJS.Timeout | undefined
        const gaveUp = await Promise.race([
          running.done.then(() => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(true), stopGraceMs)
          }),
        ])
        clearTimeout(timer)
        if (gaveUp && current === running) {
          running.controller.abort(new Error('worker stopping'))
          const ok = releaseJob(db, running.job.lease, now())
          logger.warn({
            msg: 'job released at shutdown',
            jobId: running.job.id,
            attempt: running.job.attempt,
            released: ok,
          })
          running.release()
        }
      }
      await loop
      loop = undefined
      logger.info({ msg: 'worker stopped' })
    },
  }
}
