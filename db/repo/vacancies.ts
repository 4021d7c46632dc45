/**
 * Vacancies in the database, validated by the domain schema on the way in and out.
 */
import { and, count, eq } from 'drizzle-orm'
import { type Vacancy, type VacancyInput, vacancySchema } from '../../src/domain/vacancy.ts'
import { err, ok, type Result } from '../../src/domain/validation.ts'
import type { VacancyStatus } from '../../src/domain/vocabulary.ts'
import type { Executor } from '../client.ts'
import { isUniqueViolation } from '../errors.ts'
import { vacancies } from '../schema.ts'
import { isoTimestamp, type RepoError, validateIn, validateOut } from './shared.ts'

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

/**
 * Replaces a vacancy if its stored version is still `expectedVersion`
 * (optimistic concurrency), bumping the version; the filter columns are written
 * from the same parsed document. NOT_FOUND when there is no such vacancy,
 * CONFLICT when its version moved on or another vacancy has the same external
 * reference.
 *
 * @example
 * const r = updateVacancy(tx, { ...stored.vacancy, status: 'withdrawn' }, stored.version)
 */
export function updateVacancy(
  executor: Executor,
  input: VacancyInput,
  expectedVersion: number,
): Result<StoredVacancy, RepoError> {
  const valid = validateIn(vacancySchema, input)
  if (!valid.ok) return valid
  const v = valid.value
  const version = expectedVersion + 1
  let changes: number
  try {
    changes = executor
      .update(vacancies)
      .set({ ...vacancyColumns(v), version, updatedAt: isoTimestamp() })
      .where(and(eq(vacancies.id, v.id), eq(vacancies.version, expectedVersion)))
      .run().changes
  } catch (error) {
    if (isUniqueViolation(error)) {
      return err({ code: 'CONFLICT', detail: 'Another vacancy already has this external reference.' })
    }
    throw error
  }
  if (changes === 1) return ok({ vacancy: v, version })
  const current = getVacancy(executor, v.id)
  if (current === undefined) return err({ code: 'NOT_FOUND', detail: `vacancy "${v.id}" does not exist` })
  return err({
    code: 'CONFLICT',
    detail: `vacancy "${v.id}" is at version ${current.version}, not ${expectedVersion}; read it again`,
  })
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
