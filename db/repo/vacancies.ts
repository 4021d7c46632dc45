/**
 * Vacancies in the database, validated by the domain schema on the way in and out.
 */
import { count, eq } from 'drizzle-orm'
import { type Vacancy, type VacancyInput, vacancySchema } from '../../src/domain/vacancy.ts'
import { err, ok, type Result } from '../../src/domain/validation.ts'
import type { VacancyStatus } from '../../src/domain/vocabulary.ts'
import type { Executor } from '../client.ts'
import { isUniqueViolation } from '../errors.ts'
import { vacancies } from '../schema.ts'
import { type RepoError, validateIn, validateOut } from './shared.ts'

/** A vacancy as stored, with the version an update must quote. */
export interface StoredVacancy {
  vacancy: Vacancy
  version: number
}

/**
 * Inserts a new vacancy (version 1). A second vacancy with the same id, or the
 * same external reference, is a CONFLICT.
 *
 * @example
 * const r = insertVacancy(db, makeVacancy({ id: 'v-1', externalRef: 'OBO-1234' }))
 */
export function insertVacancy(executor: Executor, input: VacancyInput): Result<Vacancy, RepoError> {
  const valid = validateIn(vacancySchema, input)
  if (!valid.ok) return valid
  const v = valid.value
  try {
    executor
      .insert(vacancies)
      .values({ id: v.id, ...vacancyColumns(v) })
      .run()
  } catch (error) {
    if (isUniqueViolation(error)) {
      return err({
        code: 'CONFLICT',
        detail: `a vacancy with id "${v.id}"${v.externalRef === undefined ? '' : ` or external reference "${v.externalRef}"`} already exists`,
      })
    }
    throw error
  }
  return ok(v)
}

/**
 * The stored columns of a validated vacancy: the filter columns are copied from the same parsed
 * object as `body`, in the same statement, so they cannot drift from it.
 */
export function vacancyColumns(v: Vacancy) {
  return {
    type: v.type,
    landlord: v.landlord,
    district: v.district,
    status: v.status,
    availableFrom: v.availableFrom,
    externalRef: v.externalRef ?? null,
    body: v,
  }
}

/** Reads one vacancy, or undefined. */
export function getVacancy(executor: Executor, id: string): StoredVacancy | undefined {
  const row = executor
    .select({ body: vacancies.body, version: vacancies.version })
    .from(vacancies)
    .where(eq(vacancies.id, id))
    .get()
  if (row === undefined) return undefined
  return { vacancy: validateOut(vacancySchema, row.body, 'vacancies', id), version: row.version }
}

/** Number of vacancies, optionally with one status. */
export function countVacancies(executor: Executor, status?: VacancyStatus): number {
  const row = executor
    .select({ n: count() })
    .from(vacancies)
    .where(status === undefined ? undefined : eq(vacancies.status, status))
    .get()
  return row?.n ?? 0
}
