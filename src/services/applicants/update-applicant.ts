import { writeTransaction } from '../../../db/client.ts'
import { type StoredApplicant, updateApplicant as writeApplicant } from '../../../db/repo/applicants.ts'
import type { Applicant } from '../../domain/applicant.ts'
import { applicantDateIssues } from '../../domain/plausible-dates.ts'
import type { FieldIssue } from '../../domain/validation.ts'
import { err, ok } from '../../domain/validation.ts'
import {
  forbidden,
  invalid,
  knownDistricts,
  nowOf,
  type ServiceCall,
  type ServiceResult,
  stale,
} from '../context.ts'
import { openOfferBrokenBy } from '../offers/offer-guard.ts'
import { applicantAction, auditApplicant, findApplicantInScope } from './get-applicant.ts'
import { refuseDuplicatePersons, storedMembers } from './persons.ts'
import type { ApplicantPatch } from './schemas.ts'
import { mayAccessCaseload, maySeeProtectedDetails } from './scope.ts'

export interface UpdateApplicantInput {
  id: string
  /** The version the client read (its If-Match). */
  expectedVersion: number
  patch: ApplicantPatch
}

/**
 * Fields a role that may not see a protected-identity household's location
 * may not write either: it cannot read what it would overwrite (each field is
 * replaced whole), so it would erase exclusion districts it never saw.
 */
const withheldTopLevel = ['safety', 'preferences'] as const

/**
 * Applies a partial update: each given top-level field replaces the stored
 * one, the result is validated as a whole applicant, and it is written only
 * if the stored version is still `expectedVersion` (else STALE, 412). A changed
 * situation is appended to the history by the repository. Audited as
 * `applicant.update` (or `applicant.update_protected`).
 *
 * @example
 * updateApplicant({ ctx, input: { id: 'a-1', expectedVersion: 3, patch: { household: { adults: 2, children: [] } } } })
 */
export function updateApplicant({
  ctx,
  input,
}: ServiceCall<UpdateApplicantInput>): ServiceResult<StoredApplicant> {
  const given = Object.keys(input.patch).filter((k) => input.patch[k as keyof ApplicantPatch] !== undefined)
  if (given.length === 0) return invalid([], 'The request names no field to change.')
  const dates = applicantDateIssues(input.patch, nowOf(ctx).toISOString().slice(0, 10))
  if (dates.length > 0) return invalid(dates)
  const districts = knownDistricts(ctx, {
    'safety.excludedDistricts': input.patch.safety?.excludedDistricts,
    'preferences.districts': input.patch.preferences?.districts,
  })
  if (!districts.ok) return districts
  const patch: ApplicantPatch = {
    ...input.patch,
    ...(input.patch.safety === undefined
      ? {}
      : {
          safety: {
            ...input.patch.safety,
            excludedDistricts: districts.value['safety.excludedDistricts'] ?? [],
          },
        }),
    ...(input.patch.preferences === undefined
      ? {}
      : {
          preferences: {
            ...input.patch.preferences,
            districts: districts.value['preferences.districts'] ?? [],
          },
        }),
  }
  return writeTransaction(ctx.db, (tx): ServiceResult<StoredApplicant> => {
    const found = findApplicantInScope(tx, ctx, input.id, 'update')
    if (!found.ok) return found
    const current = found.value
    if (current.version !== input.expectedVersion) {
      return stale('applicant', current.version, input.expectedVersion)
    }
    const issues: FieldIssue[] = []
    if (current.applicant.safety.protectedIdentity && !maySeeProtectedDetails(ctx.principal)) {
      for (const field of withheldTopLevel) {
        if (input.patch[field] !== undefined) {
          issues.push({
            path: field,
            message:
              'is withheld from your role for a protected-identity household; ask allocation staff to change it',
          })
        }
      }
    }
    if (input.patch.caseload !== undefined && !mayAccessCaseload(ctx.principal, input.patch.caseload)) {
      issues.push({ path: 'caseload', message: 'must be one of your caseloads' })
    }
    if (issues.length > 0) return forbidden(issues)
    let household = current.applicant.household
    if (patch.household !== undefined) {
      const members = storedMembers(ctx, patch.household.members, current.applicant.household.members ?? [])
      if (!members.ok) return members
      const { members: _sent, ...rest } = patch.household
      household = members.value === undefined ? rest : { ...rest, members: members.value }
    }
    const merged: Applicant = { ...current.applicant, ...definedOnly(patch), household }
    // A household that still seeks housing shares no person with another one that does.
    if (patch.household !== undefined && ['active', 'paused', 'offered'].includes(merged.status)) {
      const duplicate = refuseDuplicatePersons(tx, ctx, merged.household.members, merged.id)
      if (!duplicate.ok) return duplicate
    }
    const breaks = openOfferBrokenBy(tx, { applicant: merged })
    if (breaks !== undefined) return err({ code: 'CONFLICT', detail: breaks })
    const written = writeApplicant(tx, merged, input.expectedVersion)
    if (!written.ok) {
      // The lock is held since BEGIN IMMEDIATE, so CONFLICT/NOT_FOUND cannot happen here; INVALID can
      // (a rule across fields the patch schema cannot see alone).
      if (written.error.code === 'INVALID') return invalid(written.error.issues)
      throw new Error(`updateApplicant: unexpected ${written.error.code} under the write lock`)
    }
    auditApplicant(tx, ctx, applicantAction('update', current.applicant, merged), input.id)
    return ok(written.value)
  })
}

/** The patch without keys whose value is undefined (zod's partial leaves none, but a spread must not erase). */
function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>
}
