/**
 * What a client may send about an applicant. The server sets `id`,
 * `registeredOn`, `lotteryNumber` (drawn with crypto.randomInt), `status`
 * (`active` at registration, `withdrawn` only through the withdraw verb) and
 * `declinedVacancyIds` and `closedVacancyTypes` (recorded from offers): a client naming any of them, or
 * any field the schema does not know (`priorityScore`), gets a 422 naming it.
 */
import { z } from 'zod'
import {
  applicantSchema,
  householdRecordIssues,
  householdSchema,
  memberSchema,
  membersIssues,
} from '../../domain/applicant.ts'
import { applicantDateIssues, checkedAlways, checkedOnParseDay } from '../../domain/plausible-dates.ts'
import { parsePersonnummer } from '../../domain/pseudonym.ts'
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

/**
 * A personnummer or samordningsnummer as a client writes it (the form the document states); its
 * date and check digit are a rule (`x-rules`). Taken only to be turned into its keyed pseudonym:
 * never stored, returned or logged, and no error message repeats it.
 */
const personnummerInput = z
  .string()
  .regex(
    /^(?:(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])-?|\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]?)\d{4}$/,
    {
      error: 'must be a personnummer: YYYYMMDD-NNNN or YYMMDD-NNNN',
    },
  )

/**
 * An adult as a client writes it: with the personnummer in clear (optional), never a pseudonym (the
 * server sets `pnrPseudonym`; a PATCH keeps a member's pseudonym by itself, see `storedMembers`).
 */
const memberCreate = memberSchema
  .omit({ pnrPseudonym: true })
  .extend({ personnummer: personnummerInput.optional() })

/** Rules of the members a write sends: no more than the adults, valid and distinct numbers. */
function memberWriteIssues(
  household: {
    adults: number
    members?: readonly { role: string; personnummer?: string | undefined }[] | undefined
  },
  today: string,
): FieldIssue[] {
  const issues = membersIssues(household)
  const seen = new Set<string>()
  household.members?.forEach((m, i) => {
    const path = `household.members[${i}]`
    if (m.personnummer === undefined) return
    const parsed = parsePersonnummer(m.personnummer, new Date(`${today}T23:59:59Z`))
    if (!parsed.ok) issues.push({ path: `${path}.personnummer`, message: parsed.error })
    else if (seen.has(parsed.value))
      issues.push({ path: `${path}.personnummer`, message: 'is given for two members of the household' })
    else seen.add(parsed.value)
  })
  // Checked on the `household` field itself, whose issues zod places under `household` already.
  return issues.map((i) => ({ ...i, path: i.path.replace(/^household\./, '') }))
}

const householdCreate = householdSchema
  .extend({
    members: z
      .array(memberCreate)
      .max(4, { error: 'must list at most 4 adults: the applicant and up to three co-applicants' })
      .optional(),
  })
  .superRefine(checkedOnParseDay(memberWriteIssues))

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
  "a prevention case's dates (`since`, the signals' dates, `outcome.on`) from 1950-01-01 to today; " +
  '`urgency.evictionDate` within five years before or two years after today; `urgency.releaseDate` ' +
  'within five years before or ten years after; a child born at most 25 years ago and not after this month; ' +
  '`monitoring.birthYear` 15 to 120 years ago.'
/** The record rules without the members rule, which the household field checks itself (no issue twice). */
function householdRecordIssuesWithoutMembers(a: Parameters<typeof householdRecordIssues>[0]): FieldIssue[] {
  return householdRecordIssues({ ...a, household: undefined })
}

/** The rules across fields a registration must keep (besides the dates): situation or prevention case. */
export const applicantRecordRule =
  'A household is in one of the four situations or is a prevention case: `situation` or `prevention` is given; ' +
  'a prevention case whose `outcome` is `evicted` also gives the `situation` the household is in now.'
export const membersRule =
  '`household.members`, where given, lists no more adults than `household.adults` (adults not listed ' +
  'are counted with gender and age unknown); a `personnummer` must have a ' +
  'real date of birth and a valid check digit, and may not be given for two members.'
export const applicantCreateSchema = applicantCreateFields
  .extend({ household: householdCreate })
  .superRefine(checkedOnParseDay(applicantDateIssues))
  .superRefine(checkedAlways(householdRecordIssuesWithoutMembers))
export type ApplicantCreate = z.output<typeof applicantCreateSchema>

/**
 * PATCH /v1/applicants/:id: any of the writable top-level fields; each one
 * given replaces that field whole (send all of `needs`, not one flag of it).
 */
export const applicantPatchSchema = applicantCreateFields
  .extend({ household: householdCreate })
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
  /** Prevention cases only (`true`: at risk of eviction, in no situation) or households in a situation (`false`). */
  preventionCase: boolText.optional(),
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
    i.message === 'is not a known field' && serverSet.includes(i.path)
      ? { path: i.path, message: 'is set by the server and cannot be written' }
      : i.message === 'is not a known field' && /^household\.members\[\d+\]\.pnrPseudonym$/.test(i.path)
        ? {
            path: i.path,
            message:
              'is set by the server and cannot be written: leave it out (the member keeps its pseudonym) or send the personnummer',
          }
        : i,
  )
}
