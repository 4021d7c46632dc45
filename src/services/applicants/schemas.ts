/**
 * What a client may send about an applicant. The server sets `id`,
 * `registeredOn`, `lotteryNumber` (drawn with crypto.randomInt), `status`
 * (`active` at registration, `withdrawn` only through the withdraw verb) and
 * `declinedVacancyIds` and `closedVacancyTypes` (recorded from offers): a client naming any of them, or
 * any field the schema does not know (`priorityScore`), gets a 422 naming it.
 */
import { z } from 'zod'
import { applicantSchema } from '../../domain/applicant.ts'
import { applicantDateIssues, checkedOnParseDay } from '../../domain/plausible-dates.ts'
import { districtName, entityId, isoDate } from '../../domain/schema-parts.ts'
import type { FieldIssue } from '../../domain/validation.ts'
import { applicantStatuses, situationCodes } from '../../domain/vocabulary.ts'
import { cursorParam, limitParam } from '../query-params.ts'

export { cursorParam, defaultPageSize, limitParam, maxPageSize } from '../query-params.ts'

/** Fields only the server writes. */
export const serverSetApplicantFields = [
  'id',
  'registeredOn',
  'lotteryNumber',
  'status',
  'declinedVacancyIds',
  'closedVacancyTypes',
  'oboPriority',
] as const

/** POST /v1/applicants: the household as a case worker registers it. Strict: unknown keys are refused. */
const applicantCreateFields = applicantSchema.omit({
  id: true,
  registeredOn: true,
  lotteryNumber: true,
  status: true,
  declinedVacancyIds: true,
  closedVacancyTypes: true,
  oboPriority: true,
})
/** The dates of a write must be plausible on the day it is made (`applicantDateIssues`). */
export const applicantDatesRule =
  'Dates must be plausible on the day of the write: `situation.since` from 1950-01-01 to today; ' +
  '`urgency.evictionDate` within five years before or two years after today; `urgency.releaseDate` ' +
  'within five years before or ten years after; a child born at most 25 years ago and not after this month; ' +
  '`monitoring.birthYear` 15 to 120 years ago.'
export const applicantCreateSchema = applicantCreateFields.superRefine(checkedOnParseDay(applicantDateIssues))
export type ApplicantCreate = z.output<typeof applicantCreateSchema>

/**
 * PATCH /v1/applicants/:id: any of the writable top-level fields; each one
 * given replaces that field whole (send all of `needs`, not one flag of it).
 */
export const applicantPatchSchema = applicantCreateFields
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { error: 'must name at least one field to change' })
  .superRefine(checkedOnParseDay(applicantDateIssues))
  .meta({ minProperties: 1 })
export type ApplicantPatch = z.output<typeof applicantPatchSchema>

const boolText = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true')

/** GET /v1/applicants query. Dates compare strictly: `registeredBefore=2026-01-01` excludes that day. */
export const applicantListQuerySchema = z.strictObject({
  situation: z.enum(situationCodes, { error: `must be one of ${situationCodes.join(', ')}` }).optional(),
  status: z.enum(applicantStatuses, { error: `must be one of ${applicantStatuses.join(', ')}` }).optional(),
  caseload: entityId.optional(),
  hasChildren: boolText.optional(),
  /** A district the household lists among its preferred ones (compared as the engine does: no case, accents or extra spaces). */
  district: districtName.optional(),
  registeredBefore: isoDate.optional(),
  registeredAfter: isoDate.optional(),
  limit: limitParam.optional(),
  cursor: cursorParam.optional(),
})
export type ApplicantListQuery = z.output<typeof applicantListQuerySchema>

/**
 * Rewords the "not a known field" issue for fields the server sets, so the
 * client learns why its `status` was refused.
 */
export function explainServerSetFields(issues: FieldIssue[]): FieldIssue[] {
  const serverSet: readonly string[] = serverSetApplicantFields
  return issues.map((i) =>
    serverSet.includes(i.path) && i.message === 'is not a known field'
      ? { path: i.path, message: 'is set by the server and cannot be written' }
      : i,
  )
}
