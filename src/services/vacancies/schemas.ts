/**
 * What a client may send about a vacancy. The server sets `id` and `status`
 * (`open` at registration, `withdrawn` through the withdraw verb; `offered` and
 * `let` come from rounds and offers): naming them is a 422.
 */
import { z } from 'zod'
import { checkedOnParseDay, vacancyDateIssues } from '../../domain/plausible-dates.ts'
import { districtName, isoDate } from '../../domain/schema-parts.ts'
import { vacancySchema } from '../../domain/vacancy.ts'
import type { FieldIssue } from '../../domain/validation.ts'
import { landlords, vacancyStatuses, vacancyTypes } from '../../domain/vocabulary.ts'
import { cursorParam, limitParam } from '../query-params.ts'

export const serverSetVacancyFields = ['id', 'status'] as const

/** POST /v1/vacancies. Strict: unknown keys are refused. */
const vacancyCreateFields = vacancySchema.omit({ id: true, status: true })
/** `availableFrom` must be plausible on the day of the write (`vacancyDateIssues`). */
export const vacancyDatesRule =
  '`availableFrom` must be within five years before or after the day of the write.'
export const vacancyCreateSchema = vacancyCreateFields.superRefine(checkedOnParseDay(vacancyDateIssues))
export type VacancyCreate = z.output<typeof vacancyCreateSchema>

/** PATCH /v1/vacancies/:id: any writable top-level field, each replacing the stored one whole. */
export const vacancyPatchSchema = vacancyCreateFields
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { error: 'must name at least one field to change' })
  .superRefine(checkedOnParseDay(vacancyDateIssues))
  .meta({ minProperties: 1 })
export type VacancyPatch = z.output<typeof vacancyPatchSchema>

/** GET /v1/vacancies query. `availableBefore` is strict: a unit available from that day is excluded. */
export const vacancyListQuerySchema = z.strictObject({
  type: z.enum(vacancyTypes, { error: `must be one of ${vacancyTypes.join(', ')}` }).optional(),
  status: z.enum(vacancyStatuses, { error: `must be one of ${vacancyStatuses.join(', ')}` }).optional(),
  landlord: z.enum(landlords, { error: `must be one of ${landlords.join(', ')}` }).optional(),
  district: districtName.optional(),
  availableBefore: isoDate.optional(),
  limit: limitParam.optional(),
  cursor: cursorParam.optional(),
})
export type VacancyListQuery = z.output<typeof vacancyListQuerySchema>

/** Rewords "not a known field" for fields the server sets. */
export function explainServerSetVacancyFields(issues: FieldIssue[]): FieldIssue[] {
  const serverSet: readonly string[] = serverSetVacancyFields
  return issues.map((i) =>
    serverSet.includes(i.path) && i.message === 'is not a known field'
      ? { path: i.path, message: 'is set by the server and cannot be written' }
      : i,
  )
}
