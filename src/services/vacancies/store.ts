/**
 * The vacancy writes the repository does not have yet: a versioned replace
 * (optimistic concurrency). Same rules as `db/repo/vacancies.ts`: the document
 * is validated by the domain schema and the filter columns are written from the
 * same parsed object in the same statement.
 * (Belongs in db/repo/vacancies.ts as `updateVacancy`; kept here until that lands.)
 */
import { and, eq } from 'drizzle-orm'
import type { Executor } from '../../../db/client.ts'
import { isUniqueViolation } from '../../../db/errors.ts'
import { isoTimestamp } from '../../../db/repo/shared.ts'
import { type StoredVacancy, vacancyColumns } from '../../../db/repo/vacancies.ts'
import { vacancies } from '../../../db/schema.ts'
import { type Vacancy, vacancySchema } from '../../domain/vacancy.ts'
import { err, fieldIssues, ok, type Result } from '../../domain/validation.ts'
import type { ServiceError } from '../context.ts'

/** Replaces the vacancy if its version is still `expectedVersion`; the caller holds the write lock. */
export function replaceVacancy(
  tx: Executor,
  input: Vacancy,
  expectedVersion: number,
): Result<StoredVacancy, ServiceError> {
  const parsed = vacancySchema.safeParse(input)
  if (!parsed.success) {
    return err({
      code: 'INVALID',
      detail: 'The request has fields that are not valid.',
      issues: fieldIssues(parsed.error),
    })
  }
  const v = parsed.data
  const version = expectedVersion + 1
  try {
    const result = tx
      .update(vacancies)
      .set({ ...vacancyColumns(v), version, updatedAt: isoTimestamp() })
      .where(and(eq(vacancies.id, v.id), eq(vacancies.version, expectedVersion)))
      .run()
    if (result.changes !== 1) throw new Error('replaceVacancy: the version changed under the write lock')
  } catch (error) {
    if (isUniqueViolation(error)) {
      return err({ code: 'CONFLICT', detail: 'Another vacancy already has this external reference.' })
    }
    throw error
  }
  return ok({ vacancy: v, version })
}
