/**
 * Policy what-if on a stored round (the follow-up issue): its exact snapshot solved again under
 * another policy version, compared with the stored result. Nothing is written but the audit
 * row: the stored round, its proposals and the policy stay as they are, and the other version is
 * not marked used (no decision rests on a what-if).
 */
import { z } from 'zod'
import { writeTransaction } from '../../../db/client.ts'
import { getPolicy } from '../../../db/repo/policies.ts'
import { compareWhatIf, snapshotUnder, type WhatIf } from '../../domain/follow-up/what-if.ts'
import type { RoundResult } from '../../domain/match/run-round.ts'
import { policySchema } from '../../domain/policy.ts'
import type { RoundInput } from '../../domain/round.ts'
import { err, ok } from '../../domain/validation.ts'
import { appendAudit } from '../audit.ts'
import { notFound, type ServiceCall, type ServiceResult } from '../context.ts'
import { roundRow } from './store.ts'

export const whatIfBodySchema = z.strictObject({
  policy: z.strictObject({ id: policySchema.shape.id, version: z.number().int().min(1).max(1_000_000) }),
})
export type WhatIfBody = z.output<typeof whatIfBodySchema>

export interface WhatIfQuestion {
  readonly roundId: string
  /** The stored snapshot under the other policy: what to solve. */
  readonly snapshot: string
  readonly storedSnapshot: string
  readonly storedResult: string
}

/** Reads what a what-if needs and records that it was asked (`round.what_if`). */
export function loadWhatIf({
  ctx,
  input,
}: ServiceCall<{ id: string } & WhatIfBody>): ServiceResult<WhatIfQuestion> {
  return writeTransaction(ctx.db, (tx): ServiceResult<WhatIfQuestion> => {
    const round = roundRow(tx, input.id)
    if (round === undefined) return notFound('round')
    if (round.snapshot === null || round.result === null) {
      return err({
        code: 'CONFLICT',
        detail: `The round is ${round.status} and has no stored result to compare with.`,
      })
    }
    const policy = getPolicy(tx, input.policy.id, input.policy.version)
    // Which policies are stored is state, not the request's form: a 409, as when creating a round.
    if (policy === undefined) {
      return err({
        code: 'CONFLICT',
        detail: `The request names a policy version that is not stored (${input.policy.id} version ${input.policy.version}).`,
      })
    }
    appendAudit(tx, {
      principal: ctx.principal,
      action: 'round.what_if',
      objectType: 'round',
      objectId: round.id,
      requestId: ctx.requestId,
    })
    return ok({
      roundId: round.id,
      snapshot: snapshotUnder(round.snapshot, policy),
      storedSnapshot: round.snapshot,
      storedResult: round.result,
    })
  })
}

/** The comparison, once the snapshot under the other policy is solved. */
export function whatIfAnswer(question: WhatIfQuestion, solvedResultText: string): WhatIf {
  const input = JSON.parse(question.storedSnapshot) as Pick<RoundInput, 'applicants'>
  return compareWhatIf(
    question.roundId,
    input,
    JSON.parse(question.storedResult) as RoundResult,
    JSON.parse(solvedResultText) as RoundResult,
  )
}
