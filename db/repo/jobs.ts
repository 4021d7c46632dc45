/**
 * The job queue's storage operations (the lifecycle is in docs/worker.md).
 * Every state change after a claim is fenced by the lease the claim handed
 * out: (job id, attempt, worker id). A worker whose lease was swept and whose
 * job was claimed again holds an old attempt number, so its complete, fail,
 * heartbeat and release match no row and change nothing.
 *
 * Times are epoch milliseconds passed in by the caller, so tests drive the
 * clock instead of sleeping.
 */
import { and, asc, eq, lt, lte, sql } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../client.ts'
import { type JobStatus, jobs } from '../schema.ts'

/** What a claim hands out; the fencing token for everything the claimant does with the job. */
export interface Lease {
  readonly jobId: number
  readonly attempt: number
  readonly workerId: string
}

export interface ClaimedJob {
  readonly id: number
  readonly task: string
  readonly payload: unknown
  readonly attempt: number
  readonly maxAttempts: number
  readonly lockedUntil: number
  readonly lease: Lease
}

export interface JobRow {
  id: number
  task: string
  payload: unknown
  status: JobStatus
  runAt: number
  attempts: number
  maxAttempts: number
  lockedBy: string | null
  lockedUntil: number | null
  lastError: string | null
  finishedAt: number | null
}

export interface Backoff {
  /** Delay after the first failed attempt. */
  baseMs: number
  /** The delay never grows beyond this. */
  capMs: number
}

export const defaultBackoff: Backoff = { baseMs: 1_000, capMs: 3_600_000 }

/**
 * Delay before the next attempt after `attempt` failed: base · 2^(attempt−1),
 * capped. Deterministic (no jitter): one worker per database, so there is no
 * herd to spread, and tests can state exact times.
 *
 * @example backoffDelay(3, { baseMs: 1000, capMs: 60_000 }) // 4000
 */
export function backoffDelay(attempt: number, backoff: Backoff = defaultBackoff): number {
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1))
}

const maxErrorLength = 2_000

export interface EnqueueInput {
  task: string
  /** Any JSON value; the task validates it. */
  payload?: unknown
  /** Epoch ms; default now. */
  runAt?: number
  /** Default 5. */
  maxAttempts?: number
}

/** Adds a job; returns its id. */
export function enqueueJob(executor: Executor, input: EnqueueInput, now: number): number {
  if (input.task.length === 0 || input.task.length > 200)
    throw new RangeError('task name must be 1–200 characters')
  const maxAttempts = input.maxAttempts ?? 5
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError('maxAttempts must be a whole number ≥ 1')
  const row = executor
    .insert(jobs)
    .values({
      task: input.task,
      payload: input.payload ?? null,
      runAt: input.runAt ?? now,
      maxAttempts,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: jobs.id })
    .get()
  return row.id
}

/**
 * Claims the queued job that is due first (then lowest id), taking a lease
 * until `now + leaseMs` and counting the attempt. Undefined when nothing is due.
 */
export function claimJob(
  executor: Executor,
  options: { workerId: string; leaseMs: number; now: number },
): ClaimedJob | undefined {
  const { workerId, leaseMs, now } = options
  return writeTransaction(executor, (tx) => {
    const next = tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)))
      .orderBy(asc(jobs.runAt), asc(jobs.id))
      .limit(1)
      .get()
    if (next === undefined) return undefined
    const row = tx
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        lockedBy: workerId,
        lockedUntil: now + leaseMs,
        updatedAt: now,
      })
      .where(and(eq(jobs.id, next.id), eq(jobs.status, 'queued')))
      .returning()
      .get()
    if (row === undefined) return undefined
    return {
      id: row.id,
      task: row.task,
      payload: row.payload,
      attempt: row.attempts,
      maxAttempts: row.maxAttempts,
      lockedUntil: now + leaseMs,
      lease: { jobId: row.id, attempt: row.attempts, workerId },
    }
  })
}

const fenced = (lease: Lease) =>
  and(
    eq(jobs.id, lease.jobId),
    eq(jobs.attempts, lease.attempt),
    eq(jobs.lockedBy, lease.workerId),
    eq(jobs.status, 'running'),
  )

/**
 * True while `lease` is the job's current lease. Call it inside the
 * transaction that writes a task's results, so a stale worker's results roll back.
 */
export function holdsLease(executor: Executor, lease: Lease): boolean {
  return executor.select({ id: jobs.id }).from(jobs).where(fenced(lease)).get() !== undefined
}

/** Extends the lease to `now + leaseMs`. False when the lease is no longer ours: stop working on the job. */
export function heartbeatJob(
  executor: Executor,
  lease: Lease,
  options: { leaseMs: number; now: number },
): boolean {
  const r = executor
    .update(jobs)
    .set({ lockedUntil: options.now + options.leaseMs, updatedAt: options.now })
    .where(fenced(lease))
    .run()
  return r.changes === 1
}

/** Marks the job succeeded. False (and nothing changed) when the lease is no longer ours. */
export function completeJob(executor: Executor, lease: Lease, now: number): boolean {
  const r = executor
    .update(jobs)
    .set({ status: 'succeeded', lockedBy: null, lockedUntil: null, finishedAt: now, updatedAt: now })
    .where(fenced(lease))
    .run()
  return r.changes === 1
}

export type FailOutcome = 'retry' | 'dead' | 'fenced'

/**
 * Records a failed attempt: queued again after the backoff delay, or `dead`
 * once the attempts are used up; `last_error` keeps the reason either way.
 * 'fenced' (nothing changed) when the lease is no longer ours.
 */
export function failJob(
  executor: Executor,
  lease: Lease,
  options: { error: string; now: number; backoff?: Backoff },
): FailOutcome {
  const { now } = options
  return writeTransaction(executor, (tx): FailOutcome => {
    const row = tx.select({ maxAttempts: jobs.maxAttempts }).from(jobs).where(fenced(lease)).get()
    if (row === undefined) return 'fenced'
    const lastError = options.error.slice(0, maxErrorLength)
    if (lease.attempt >= row.maxAttempts) {
      tx.update(jobs)
        .set({
          status: 'dead',
          lockedBy: null,
          lockedUntil: null,
          lastError,
          finishedAt: now,
          updatedAt: now,
        })
        .where(fenced(lease))
        .run()
      return 'dead'
    }
    tx.update(jobs)
      .set({
        status: 'queued',
        lockedBy: null,
        lockedUntil: null,
        lastError,
        runAt: now + backoffDelay(lease.attempt, options.backoff),
        updatedAt: now,
      })
      .where(fenced(lease))
      .run()
    return 'retry'
  })
}

/**
 * Gives the job back without counting the attempt as a failure (graceful
 * shutdown): queued again at once. `attempts` never goes down, because it is
 * the fencing token; the attempt budget grows by one instead.
 */
export function releaseJob(executor: Executor, lease: Lease, now: number): boolean {
  const r = executor
    .update(jobs)
    .set({
      status: 'queued',
      lockedBy: null,
      lockedUntil: null,
      runAt: now,
      maxAttempts: sql`${jobs.maxAttempts} + 1`,
      updatedAt: now,
    })
    .where(fenced(lease))
    .run()
  return r.changes === 1
}

/**
 * Makes jobs whose lease expired claimable again: a worker that stops
 * heartbeating (crash, kill -9, a blocked event loop) counts as a failed
 * attempt, with the same backoff and dead state as a thrown error.
 */
export function sweepExpiredLeases(
  executor: Executor,
  options: { now: number; backoff?: Backoff },
): { requeued: number; dead: number } {
  const { now } = options
  return writeTransaction(executor, (tx) => {
    const expired = tx
      .select({ id: jobs.id, attempts: jobs.attempts, lockedBy: jobs.lockedBy })
      .from(jobs)
      .where(and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, now)))
      .all()
    let requeued = 0
    let dead = 0
    for (const job of expired) {
      if (job.lockedBy === null) continue
      const outcome = failJob(
        tx,
        { jobId: job.id, attempt: job.attempts, workerId: job.lockedBy },
        {
          error: `lease expired: worker ${job.lockedBy} stopped heartbeating during attempt ${job.attempts}`,
          now,
          ...(options.backoff ? { backoff: options.backoff } : {}),
        },
      )
      if (outcome === 'retry') requeued++
      else if (outcome === 'dead') dead++
    }
    return { requeued, dead }
  })
}

/** One job's row, or undefined. */
export function getJob(executor: Executor, id: number): JobRow | undefined {
  return executor.select().from(jobs).where(eq(jobs.id, id)).get()
}
