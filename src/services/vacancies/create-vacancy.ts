import { type Executor, writeTransaction } from '../../../db/client.ts'
import { insertVacancy, type StoredVacancy } from '../../../db/repo/vacancies.ts'
import { vacancyDateIssues } from '../../domain/plausible-dates.ts'
import type { Vacancy } from '../../domain/vacancy.ts'
import { ok } from '../../domain/validation.ts'
import { appendAudit } from '../audit.ts'
import {
  forbidden,
  invalid,
  knownDistricts,
  newId,
  nowOf,
  type ServiceCall,
  type ServiceContext,
  type ServiceResult,
} from '../context.ts'
import type { VacancyCreate } from './schemas.ts'
import { landlordScope } from './scope.ts'

/** Appends one audit row about a vacancy write, in `tx`. */
export function auditVacancy(tx: Executor, ctx: ServiceContext, verb: string, id: string): void {
  appendAudit(tx, {
    principal: ctx.principal,
    action: `vacancy.${verb}`,
    objectType: 'vacancy',
    objectId: id,
    requestId: ctx.requestId,
  })
}

/**
 * Registers a vacancy with a server-assigned id and status `open`. ÖBO's token
 * registers ÖBO's units only. A second unit with the same `externalRef` is a
 * CONFLICT, so a re-sent feed entry cannot insert a unit twice.
 *
 * @example
 * createVacancy({ ctx, input: { type: 'obo_priority', landlord: 'obo', externalRef: 'OBO-1234', … } })
 */
export function createVacancy({ ctx, input }: ServiceCall<VacancyCreate>): ServiceResult<StoredVacancy> {
  const only = landlordScope(ctx.principal)
  if (only !== undefined && input.landlord !== only) {
    return forbidden([
      { path: 'landlord', message: `must be ${only}: your token registers only its own units` },
    ])
  }
  const dates = vacancyDateIssues(input, nowOf(ctx).toISOString().slice(0, 10))
  if (dates.length > 0) return invalid(dates)
  const district = knownDistricts(ctx, { district: input.district })
  if (!district.ok) return district
  const vacancy: Vacancy = {
    ...input,
    district: district.value.district?.[0] ?? input.district,
    id: newId(nowOf(ctx)),
    status: 'open',
  }
  return writeTransaction(ctx.db, (tx): ServiceResult<StoredVacancy> => {
    const inserted = insertVacancy(tx, vacancy)
    if (!inserted.ok) {
      if (inserted.error.code === 'CONFLICT') {
        return {
          ok: false,
          error: { code: 'CONFLICT', detail: 'A vacancy with this external reference already exists.' },
        }
      }
      throw new Error(`createVacancy: the repository refused a validated vacancy (${inserted.error.code})`)
    }
    auditVacancy(tx, ctx, 'create', vacancy.id)
    return ok({ vacancy: inserted.value, version: 1 })
  })
}
