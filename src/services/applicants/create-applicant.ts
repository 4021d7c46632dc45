import { randomInt } from 'node:crypto'
import { writeTransaction } from '../../../db/client.ts'
import { insertApplicant, type StoredApplicant } from '../../../db/repo/applicants.ts'
import type { Applicant } from '../../domain/applicant.ts'
import { applicantDateIssues } from '../../domain/plausible-dates.ts'
import { ok } from '../../domain/validation.ts'
import {
  forbidden,
  invalid,
  knownDistricts,
  newId,
  nowOf,
  type ServiceCall,
  type ServiceResult,
} from '../context.ts'
import { applicantAction, auditApplicant } from './get-applicant.ts'
import { refuseDuplicatePersons, storedMembers } from './persons.ts'
import type { ApplicantCreate } from './schemas.ts'
import { mayAccessCaseload } from './scope.ts'

/** Lottery numbers are uniform in [0, 2^31): the domain schema's range. */
const lotteryBound = 2 ** 31

/**
 * Registers a household: the server assigns the id, today's registration date,
 * the lottery number (crypto.randomInt, so no caller can predict or choose it)
 * and status `active`. A case worker may register only into its own caseloads.
 * The insert and its audit row commit together.
 *
 * @example
 * const r = createApplicant({ ctx, input: { situation, household, … , caseload: 'team-norr' } })
 * if (r.ok) r.value.applicant.lotteryNumber // e.g. 1739204518
 */
export function createApplicant({
  ctx,
  input,
}: ServiceCall<ApplicantCreate>): ServiceResult<StoredApplicant> {
  if (!mayAccessCaseload(ctx.principal, input.caseload)) {
    return forbidden([{ path: 'caseload', message: 'must be one of your caseloads' }])
  }
  const now = nowOf(ctx)
  const dates = applicantDateIssues(input, now.toISOString().slice(0, 10))
  if (dates.length > 0) return invalid(dates)
  const districts = knownDistricts(ctx, {
    'safety.excludedDistricts': input.safety.excludedDistricts,
    'preferences.districts': input.preferences.districts,
  })
  if (!districts.ok) return districts
  const members = storedMembers(ctx, input.household.members, [])
  if (!members.ok) return members
  const { members: _sent, ...household } = input.household
  const applicant: Applicant = {
    ...input,
    household: members.value === undefined ? household : { ...household, members: members.value },
    safety: { ...input.safety, excludedDistricts: districts.value['safety.excludedDistricts'] ?? [] },
    preferences: { ...input.preferences, districts: districts.value['preferences.districts'] ?? [] },
    id: newId(now),
    registeredOn: now.toISOString().slice(0, 10),
    lotteryNumber: randomInt(lotteryBound),
    status: 'active',
    declinedVacancyIds: [],
  }
  return writeTransaction(ctx.db, (tx): ServiceResult<StoredApplicant> => {
    const duplicate = refuseDuplicatePersons(tx, ctx, applicant.household.members, undefined)
    if (!duplicate.ok) return duplicate
    const inserted = insertApplicant(tx, applicant)
    // The input was validated by the same schema, so INVALID is a defect; a CONFLICT would be a UUID collision.
    if (!inserted.ok)
      throw new Error(
        `createApplicant: the repository refused a validated applicant (${inserted.error.code})`,
      )
    auditApplicant(tx, ctx, applicantAction('create', applicant), applicant.id)
    return ok({ applicant: inserted.value, version: 1 })
  })
}
