import { type Executor, writeTransaction } from '../../../db/client.ts'
import {
  applicantCaseload,
  getApplicantToShow,
  getApplicant as readApplicant,
  type StoredApplicant,
} from '../../../db/repo/applicants.ts'
import type { Applicant } from '../../domain/applicant.ts'
import { ok } from '../../domain/validation.ts'
import { appendAudit } from '../audit.ts'
import { notFound, type ServiceCall, type ServiceContext, type ServiceResult } from '../context.ts'
import { mayAccessCaseload } from './scope.ts'

export type ApplicantVerb = 'create' | 'read' | 'update' | 'withdraw' | 'reopen' | 'read_history' | 'extract'

/**
 * The audit action for a verb on a household: `applicant.read`, or
 * `applicant.read_protected` when any of the given states has a protected
 * identity, so that every access to such a household can be found as such.
 */
export function applicantAction(verb: ApplicantVerb, ...states: Pick<Applicant, 'safety'>[]): string {
  return states.some((a) => a.safety.protectedIdentity) ? `applicant.${verb}_protected` : `applicant.${verb}`
}

/** Appends one audit row about one applicant, in `tx`. */
export function auditApplicant(tx: Executor, ctx: ServiceContext, action: string, id: string): void {
  appendAudit(tx, {
    principal: ctx.principal,
    action,
    objectType: 'applicant',
    objectId: id,
    requestId: ctx.requestId,
  })
}

/**
 * Finds one applicant inside `tx` for the principal. When the household
 * exists outside the caller's scope the answer is NOT_FOUND, word for word
 * the same as for an id that does not exist (a case worker cannot learn which
 * ids exist in other caseloads), and `applicant.<verb>_denied` is appended so
 * the attempt is on record. An id that does not exist is audited the same way
 * (`applicant.<verb>_missing`): the same row written, so the two answers also
 * take the same time (an unaudited 404 was measurably faster, which told a
 * case worker that the other id exists). The caller audits the access itself
 * on success. `read` reads the household once in scope: a caller that only
 * shows it passes `getApplicantToShow` (a frozen, shared document).
 */
export function findApplicantInScope(
  tx: Executor,
  ctx: ServiceContext,
  id: string,
  verb: ApplicantVerb,
  read: (tx: Executor, id: string) => StoredApplicant | undefined = readApplicant,
): ServiceResult<StoredApplicant> {
  // The caseload column first: a refused or missing id costs the same one index lookup and one
  // audit row, and a refused household's body is never read.
  const caseload = applicantCaseload(tx, id)
  if (caseload === undefined || !mayAccessCaseload(ctx.principal, caseload)) {
    auditApplicant(tx, ctx, `applicant.${verb}_${caseload === undefined ? 'missing' : 'denied'}`, id)
    return notFound('applicant')
  }
  const stored = read(tx, id)
  if (stored === undefined) return notFound('applicant') // not reached: same transaction
  return ok(stored)
}

/**
 * Reads one applicant with its version (the ETag), audited in the same
 * transaction as the read (`applicant.read` or `applicant.read_protected`).
 * The document is frozen and may be shared with other reads: show it, never change it.
 *
 * @example
 * const r = getApplicant({ ctx, input: { id: 'a-1' } })
 * if (!r.ok && r.error.code === 'NOT_FOUND') // missing, or in another caseload
 */
export function getApplicant({ ctx, input }: ServiceCall<{ id: string }>): ServiceResult<StoredApplicant> {
  return writeTransaction(ctx.db, (tx): ServiceResult<StoredApplicant> => {
    // Only shown (the route builds a new object of the fields the role may see): a frozen, shared document.
    const found = findApplicantInScope(tx, ctx, input.id, 'read', getApplicantToShow)
    if (found.ok) auditApplicant(tx, ctx, applicantAction('read', found.value.applicant), input.id)
    return found
  })
}
