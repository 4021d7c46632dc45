import type { Executor } from '../../../db/client.ts'
import { getVacancy as readVacancy, type StoredVacancy } from '../../../db/repo/vacancies.ts'
import { ok } from '../../domain/validation.ts'
import { notFound, type ServiceCall, type ServiceContext, type ServiceResult } from '../context.ts'
import { mayReadVacancy } from './scope.ts'

/** Finds a vacancy the principal may see; one outside its scope is NOT_FOUND, as a missing one. */
export function findVacancyInScope(
  executor: Executor,
  ctx: ServiceContext,
  id: string,
): ServiceResult<StoredVacancy> {
  const stored = readVacancy(executor, id)
  if (stored === undefined || !mayReadVacancy(ctx.principal, stored.vacancy)) return notFound('vacancy')
  return ok(stored)
}

/**
 * Reads one vacancy with its version. Not audited: a vacancy is a unit, not a
 * person's record.
 *
 * @example
 * getVacancy({ ctx, input: { id: 'v-1' } })
 */
export function getVacancy({ ctx, input }: ServiceCall<{ id: string }>): ServiceResult<StoredVacancy> {
  return findVacancyInScope(ctx.db, ctx, input.id)
}
