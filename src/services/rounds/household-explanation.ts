/**
 * One household's explanation in full, from a stored round (the route under
 * the round: `GET /v1/rounds/:id/households/:householdId/explanation`). The
 * stored result keeps each household's explanation bounded (its best
 * alternatives, a count per excluding rule); the full one, every eligible
 * vacancy with what decided it and examples of every excluding rule, is
 * made on request by solving the stored snapshot again, off the event loop
 * (`explainInThread`). This loads what that needs, in scope, audited.
 */
import { writeTransaction } from '../../../db/client.ts'
import { engineVersion } from '../../domain/match/stored-round.ts'
import { err, ok } from '../../domain/validation.ts'
import { appendAudit } from '../audit.ts'
import { notFound, type ServiceCall, type ServiceResult } from '../context.ts'
import { visibilityFor } from './read-rounds.ts'
import { inRoundPool, roundRow } from './store.ts'

export type ExplanationLoad =
  /** The household's explanation may be shown: solve `snapshot` again for it. */
  | {
      readonly kind: 'explain'
      readonly roundId: string
      readonly householdId: string
      readonly snapshot: string
    }
  /** The household has a protected identity the caller may not see past: its explanation names vacancies. */
  | { readonly kind: 'withheld'; readonly roundId: string; readonly householdId: string }

/**
 * What explaining household `householdId` of round `id` needs. 404 when there is no such round, or
 * the household is not in its pool or not in the caller's caseloads (the same answer, so that a
 * refusal never confirms a household); 409 when the round has no stored result yet (queued,
 * solving or failed) or was solved by another engine version (solved again, it could differ). Every call is audited: `round.read_explanation` with the household as
 * subject, or `…_refused`.
 */
export function loadHouseholdExplanation({
  ctx,
  input,
}: ServiceCall<{ id: string; householdId: string }>): ServiceResult<ExplanationLoad> {
  return writeTransaction(ctx.db, (tx): ServiceResult<ExplanationLoad> => {
    const round = roundRow(tx, input.id)
    if (round === undefined) return notFound('round')
    // Solved again by another engine version the answer could differ from the stored proposals.
    const otherEngine = round.engineVersion !== null && round.engineVersion !== engineVersion
    if (round.snapshot === null || round.result === null || otherEngine) {
      appendAudit(tx, {
        principal: ctx.principal,
        action: 'round.read_explanation_refused',
        objectType: 'round',
        objectId: round.id,
        requestId: ctx.requestId,
      })
      return err({
        code: 'CONFLICT',
        detail: otherEngine
          ? `The round was solved by ${round.engineVersion}; this service runs ${engineVersion}, whose answer could differ from the stored one, so a full explanation is not made. Its stored result keeps each household's explanation.`
          : `The round is ${round.status} and has no stored result to explain yet.`,
      })
    }
    const inPool = inRoundPool(tx, round.id, input.householdId)
    const visible = visibilityFor(tx, ctx.principal, [input.householdId])
    const shown = inPool && visible.shows(input.householdId)
    appendAudit(tx, {
      principal: ctx.principal,
      action: shown ? 'round.read_explanation' : 'round.read_explanation_refused',
      objectType: 'round',
      objectId: round.id,
      requestId: ctx.requestId,
      ...(shown ? { subjectIds: [input.householdId] } : {}),
    })
    if (!shown) return notFound('household in this round')
    if (visible.withholdsPlace(input.householdId))
      return ok({ kind: 'withheld', roundId: round.id, householdId: input.householdId })
    return ok({
      kind: 'explain',
      roundId: round.id,
      householdId: input.householdId,
      snapshot: round.snapshot,
    })
  })
}
