/**
 * The `round.solve` task: snapshot (first attempt), solve in a thread, store
 * once. Every database write is fenced by the job's lease; the solve itself
 * runs off this thread's event loop so heartbeats keep the lease alive.
 */
import { z } from 'zod'
import { beginSolve, failRound, storeSolved } from '../../services/rounds/solve-round.ts'
import type { TaskHandler } from '../runner.ts'
import { type SolveSnapshotFn, solveSnapshotInThread } from '../solve-in-thread.ts'

const payloadSchema = z.strictObject({ roundId: z.string().min(1).max(64) })

/**
 * @example
 * createWorker({ db, logger, pollMs, tasks: { 'round.solve': solveRoundHandler() } })
 */
export function solveRoundHandler(options: { solve?: SolveSnapshotFn; now?: () => Date } = {}): TaskHandler {
  const solve = options.solve ?? solveSnapshotInThread
  const now = options.now ?? (() => new Date())
  return async (payload, ctx) => {
    const { roundId } = payloadSchema.parse(payload)
    const begun = beginSolve(ctx.db, ctx.lease, roundId, now())
    if (begun.kind === 'done') {
      ctx.logger.info({ msg: 'round already past solving', roundId, status: begun.status })
      return
    }
    let outcome: Awaited<ReturnType<SolveSnapshotFn>>
    const asked = performance.now()
    try {
      outcome = await solve(begun.snapshot, ctx.signal)
    } catch (error) {
      // The last attempt's failure is the round's: say so on the round, then let the job end dead.
      if (ctx.job.attempt >= ctx.job.maxAttempts) {
        failRound(
          ctx.db,
          ctx.lease,
          roundId,
          `the solve failed on every attempt (last: ${error instanceof Error ? error.name : 'error'})`,
          now(),
        )
      }
      throw error
    }
    if (!outcome.ok) {
      // A snapshot the engine cannot read will not read better next time: fail the round now.
      failRound(ctx.db, ctx.lease, roundId, outcome.reason, now())
      return
    }
    const { ok: _ok, ...rest } = outcome
    const solved = {
      ...rest,
      phases: { ...rest.phases, handover: handover(performance.now() - asked, rest.phases) },
    }
    const status = storeSolved(ctx.db, ctx.lease, roundId, solved, now())
    ctx.logger.info({
      msg: 'round stored',
      roundId,
      status,
      certified: solved.certified,
      snapshotMs: begun.snapshotMs,
      ...solved.phases,
    })
  }
}

/**
 * The time of a solve in the thread that none of its own phases accounts for: handing the snapshot
 * over, waiting for the thread, and handing the result (megabytes) back.
 */
export function handover(wallMs: number, phases: Readonly<Record<string, number>>): number {
  const own = ['parse', 'prepare', 'solve', 'certify', 'explain'].reduce(
    (sum, k) => sum + (phases[k] ?? 0),
    0,
  )
  return Math.max(0, Math.round(wallMs - own))
}
