import { writeTransaction } from '../../../db/client.ts'
import { type StoredApplicant, updateApplicant as writeApplicant } from '../../../db/repo/applicants.ts'
import type { Situation } from '../../domain/applicant.ts'
import { applicantDateIssues } from '../../domain/plausible-dates.ts'
import { canReopen } from '../../domain/round-lifecycle.ts'
import { err, ok } from '../../domain/validation.ts'
import { invalid, nowOf, type ServiceCall, type ServiceResult, stale } from '../context.ts'
import { latestPlacement } from '../offers/placement-pathway.ts'
import { isoDay } from '../rounds/store.ts'
import { applicantAction, auditApplicant, findApplicantInScope } from './get-applicant.ts'
import { refuseDuplicatePersons } from './persons.ts'

export interface ReopenApplicantInput {
  id: string
  /** The version the client read (its If-Match). */
  expectedVersion: number
  /** Where the household is now, in Socialstyrelsen's terms (situation 1–4), since the placement ended or later. */
  situation: Situation
}

/**
 * Reopens a housed household whose placement ended without a home of its own (rule P10: evicted,
 * or left): it is `active` in the pool again, its new situation appended to its situation history;
 * its earlier placements, declines (never proposed the same flat again) and decisions are kept.
 * CONFLICT for a household that still lives in its placement, took over its contract, moved to a
 * home of its own, or is not housed; and for a member who is in another household that seeks
 * housing. The household's case worker (own caseloads) or allocation staff; audited
 * `applicant.reopen` (or `_protected`).
 *
 * @example
 * reopenApplicant({ ctx, input: { id: 'a-1', expectedVersion: 5, situation: { code: 'acute', kind: 'shelter', since: '2027-04-01' } } })
 */
export function reopenApplicant({
  ctx,
  input,
}: ServiceCall<ReopenApplicantInput>): ServiceResult<StoredApplicant> {
  const dates = applicantDateIssues({ situation: input.situation }, isoDay(nowOf(ctx)))
  if (dates.length > 0) return invalid(dates)
  return writeTransaction(ctx.db, (tx): ServiceResult<StoredApplicant> => {
    const found = findApplicantInScope(tx, ctx, input.id, 'reopen')
    if (!found.ok) return found
    const current = found.value
    if (current.version !== input.expectedVersion) {
      return stale('applicant', current.version, input.expectedVersion)
    }
    const latest = latestPlacement(tx, { applicantId: input.id })
    const refused = canReopen({ status: current.applicant.status, latest })
    if (refused) return err(refused)
    const endedOn = latest?.endedOn as string
    if (input.situation.since < endedOn) {
      return err({
        code: 'CONFLICT',
        detail: `The new situation cannot begin before the placement ended (${endedOn}).`,
        issues: [{ path: 'situation.since', message: `must not be before ${endedOn}` }],
      })
    }
    const reopened = { ...current.applicant, status: 'active' as const, situation: input.situation }
    const duplicate = refuseDuplicatePersons(tx, ctx, reopened.household.members, reopened.id)
    if (!duplicate.ok) return duplicate
    // The repository appends the new situation to the history; placements, declines and decisions stay as they are.
    const written = writeApplicant(tx, reopened, input.expectedVersion)
    if (!written.ok) {
      if (written.error.code === 'INVALID') return invalid(written.error.issues)
      throw new Error(`reopenApplicant: unexpected ${written.error.code} under the write lock`)
    }
    auditApplicant(tx, ctx, applicantAction('reopen', current.applicant), input.id)
    return ok(written.value)
  })
}
