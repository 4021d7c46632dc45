import { writeTransaction } from '../../../db/client.ts'
import { type StoredApplicant, updateApplicant as writeApplicant } from '../../../db/repo/applicants.ts'
import { err, ok } from '../../domain/validation.ts'
import { type ServiceCall, type ServiceResult, stale } from '../context.ts'
import { openOfferBrokenBy } from '../offers/offer-guard.ts'
import { applicantAction, auditApplicant, findApplicantInScope } from './get-applicant.ts'

export interface WithdrawApplicantInput {
  id: string
  expectedVersion: number
}

/**
 * Withdraws a household from matching: status `withdrawn`; the record and its
 * history are kept (follow-up counts flows out, and decisions must stay
 * traceable). Withdrawing a withdrawn household changes nothing and answers
 * the record as it is. Audited as `applicant.withdraw` (or `_protected`).
 *
 * @example
 * withdrawApplicant({ ctx, input: { id: 'a-1', expectedVersion: 4 } })
 */
export function withdrawApplicant({
  ctx,
  input,
}: ServiceCall<WithdrawApplicantInput>): ServiceResult<StoredApplicant> {
  return writeTransaction(ctx.db, (tx): ServiceResult<StoredApplicant> => {
    const found = findApplicantInScope(tx, ctx, input.id, 'withdraw')
    if (!found.ok) return found
    const current = found.value
    if (current.version !== input.expectedVersion) {
      return stale('applicant', current.version, input.expectedVersion)
    }
    if (current.applicant.status === 'withdrawn') {
      auditApplicant(tx, ctx, applicantAction('withdraw', current.applicant), input.id)
      return ok(current)
    }
    const breaks = openOfferBrokenBy(tx, { applicant: { ...current.applicant, status: 'withdrawn' } })
    if (breaks !== undefined) return err({ code: 'CONFLICT', detail: breaks })
    auditApplicant(tx, ctx, applicantAction('withdraw', current.applicant), input.id)
    const written = writeApplicant(tx, { ...current.applicant, status: 'withdrawn' }, input.expectedVersion)
    if (!written.ok)
      throw new Error(`withdrawApplicant: unexpected ${written.error.code} under the write lock`)
    return ok(written.value)
  })
}
