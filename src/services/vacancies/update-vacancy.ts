import { writeTransaction } from '../../../db/client.ts'
import { type StoredVacancy, updateVacancy as writeVacancy } from '../../../db/repo/vacancies.ts'
import { vacancyDateIssues } from '../../domain/plausible-dates.ts'
import type { Vacancy } from '../../domain/vacancy.ts'
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
import { auditVacancy } from './create-vacancy.ts'
import { findVacancyInScope } from './get-vacancy.ts'
import type { VacancyPatch } from './schemas.ts'
import { landlordScope } from './scope.ts'

export interface UpdateVacancyInput {
  id: string
  expectedVersion: number
  patch: VacancyPatch
}

/**
 * Applies a partial update (each given top-level field replaces the stored
 * one) if the stored version is still `expectedVersion`, else STALE (412).
 * ÖBO's token cannot hand a unit to another landlord. Audited as `vacancy.update`.
 *
 * @example
 * updateVacancy({ ctx, input: { id: 'v-1', expectedVersion: 1, patch: { rent: 7100 } } })
 */
export function updateVacancy({ ctx, input }: ServiceCall<UpdateVacancyInput>): ServiceResult<StoredVacancy> {
  const given = Object.entries(input.patch).filter(([, v]) => v !== undefined)
  if (given.length === 0) return invalid([], 'The request names no field to change.')
  const dates = vacancyDateIssues(input.patch, nowOf(ctx).toISOString().slice(0, 10))
  if (dates.length > 0) return invalid(dates)
  const district = knownDistricts(ctx, { district: input.patch.district })
  if (!district.ok) return district
  const known = district.value.district?.[0]
  if (known !== undefined) given.push(['district', known])
  return writeTransaction(ctx.db, (tx): ServiceResult<StoredVacancy> => {
    const found = findVacancyInScope(tx, ctx, input.id)
    if (!found.ok) return found
    const current = found.value
    if (current.version !== input.expectedVersion) {
      return stale('vacancy', current.version, input.expectedVersion)
    }
    const merged = { ...current.vacancy, ...Object.fromEntries(given) } as Vacancy
    const only = landlordScope(ctx.principal)
    if (only !== undefined && merged.landlord !== only) {
      return forbidden([
        { path: 'landlord', message: `must be ${only}: your token manages only its own units` },
      ])
    }
    const breaks = openOfferBrokenBy(tx, { vacancy: merged })
    if (breaks !== undefined) return err({ code: 'CONFLICT', detail: breaks })
    const written = writeVacancy(tx, merged, input.expectedVersion)
    if (!written.ok) {
      // The version was checked under the write lock held since BEGIN IMMEDIATE: what is left is a
      // rule across fields the patch schema cannot see alone, or another unit's external reference.
      if (written.error.code === 'INVALID') return invalid(written.error.issues)
      if (written.error.code === 'CONFLICT') return err(written.error)
      throw new Error(`updateVacancy: unexpected ${written.error.code} under the write lock`)
    }
    auditVacancy(tx, ctx, 'update', input.id)
    return ok(written.value)
  })
}
