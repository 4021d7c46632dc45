import { writeTransaction } from '../../../db/client.ts'
import { situationHistory as readHistory, type SituationRecord } from '../../../db/repo/applicants.ts'
import { ok } from '../../domain/validation.ts'
import type { ServiceCall, ServiceResult } from '../context.ts'
import { applicantAction, auditApplicant, findApplicantInScope } from './get-applicant.ts'

/**
 * The household's situations, oldest first, as recorded whenever it changed
 * (the strategy's follow-up counts flows between situations). Audited as
 * `applicant.read_history` (or `_protected`).
 *
 * @example
 * situationHistory({ ctx, input: { id: 'a-1' } }) // [{ code: 'acute', kind: 'shelter', since, recordedAt }, …]
 */
export function situationHistory({
  ctx,
  input,
}: ServiceCall<{ id: string }>): ServiceResult<SituationRecord[]> {
  return writeTransaction(ctx.db, (tx): ServiceResult<SituationRecord[]> => {
    const found = findApplicantInScope(tx, ctx, input.id, 'read_history')
    if (!found.ok) return found
    auditApplicant(tx, ctx, applicantAction('read_history', found.value.applicant), input.id)
    return ok(readHistory(tx, input.id))
  })
}
