import { writeTransaction } from '../../../db/client.ts'
import { err, ok } from '../../domain/validation.ts'
import { appendAudit } from '../audit.ts'
import { notFound, type ServiceCall, type ServiceResult } from '../context.ts'
import { roundRow } from './store.ts'

export interface ReplayInput {
  roundId: string
  snapshot: string
  snapshotSha256: string
  resultSha256: string
}

export interface ReplayVerdict {
  roundId: string
  /** True when the re-solved result is byte for byte the stored one. */
  identical: boolean
  storedResultSha256: string
  replayedResultSha256: string
  snapshotSha256: string
  certified: boolean
}

/**
 * What a replay needs (rule R6): the stored snapshot and the hash of the
 * stored result. The solve itself runs off the caller's event loop
 * (`solveInThread`); `replayVerdict` compares. A round without a stored
 * result (still queued or solving, or failed before storing) cannot be
 * replayed. Audited as `round.replay`.
 */
export function loadForReplay({ ctx, input }: ServiceCall<{ id: string }>): ServiceResult<ReplayInput> {
  return writeTransaction(ctx.db, (tx): ServiceResult<ReplayInput> => {
    const round = roundRow(tx, input.id)
    if (round === undefined) return notFound('round')
    if (round.snapshot === null || round.snapshotSha256 === null || round.resultSha256 === null) {
      return err({
        code: 'CONFLICT',
        detail: `The round is ${round.status} and has no stored result to replay.`,
      })
    }
    appendAudit(tx, {
      principal: ctx.principal,
      action: 'round.replay',
      objectType: 'round',
      objectId: round.id,
      requestId: ctx.requestId,
    })
    return ok({
      roundId: round.id,
      snapshot: round.snapshot,
      snapshotSha256: round.snapshotSha256,
      resultSha256: round.resultSha256,
    })
  })
}

export function replayVerdict(
  input: ReplayInput,
  replayed: { resultSha256: string; certified: boolean },
): ReplayVerdict {
  return {
    roundId: input.roundId,
    identical: replayed.resultSha256 === input.resultSha256,
    storedResultSha256: input.resultSha256,
    replayedResultSha256: replayed.resultSha256,
    snapshotSha256: input.snapshotSha256,
    certified: replayed.certified,
  }
}
