/**
 * What each role sees of a household. Every response is built by a
 * projection here and has a strict schema here: a field not listed is never
 * sent, and the tests parse every response with the schema of the role that
 * asked, so a new field in the domain does not leak by default.
 *
 * - admin, allocator: the whole record.
 * - caseworker (own caseloads only): the whole record, except for a
 *   protected-identity household (skyddad identitet), where everything that
 *   could place the person is withheld: the safety details (exclusion
 *   districts, violence), preferred districts and declined vacancies.
 *   `withheld` names what was left out, so a client can say why.
 * - analyst, obo: never a household record.
 * - lists (any role): a summary with nothing that places a person.
 */
import { z } from 'zod'
import type { SituationRecord, StoredApplicant } from '../../../db/repo/applicants.ts'
import { applicantSchema, preferencesSchema, safetySchema } from '../../domain/applicant.ts'
import type { Role } from '../../domain/roles.ts'
import { entityId, isoDate } from '../../domain/schema-parts.ts'
import { allSituationKinds, applicantStatuses, situationCodes } from '../../domain/vocabulary.ts'
import type { ApplicantStats } from '../../services/applicants/applicant-stats.ts'
import type { ApplicantPage } from '../../services/applicants/list-applicants.ts'
import { named } from './registry.ts'

const version = z.number().int().min(1)

/**
 * Present only when retention has culled the household: what the record still shows are neutral
 * placeholders kept for the follow-up's counts, not facts about the household.
 */
const culled = z.strictObject({ on: isoDate }).optional().meta({
  description:
    'Set when the record was culled (gallrad) on that day: its personal details are neutral placeholders kept only for the follow-up, not facts about the household.',
})

/** The fields withheld from a case worker for a protected-identity household, as dotted paths. */
export const withheldForProtected = [
  'safety.excludedDistricts',
  'safety.domesticViolence',
  'preferences.districts',
  'declinedVacancyIds',
] as const

/** admin and allocator: the whole record and its version. */
export const applicantFullView = named('ApplicantFull', applicantSchema.extend({ version, culled }))

const caseworkerOpenView = applicantSchema.extend({
  version,
  culled,
  safety: safetySchema.extend({ protectedIdentity: z.literal(false) }),
})

const caseworkerProtectedView = applicantSchema.omit({ declinedVacancyIds: true }).extend({
  version,
  culled,
  safety: z.strictObject({ protectedIdentity: z.literal(true) }),
  preferences: preferencesSchema.omit({ districts: true }),
  withheld: z.array(z.enum(withheldForProtected)),
})

/** caseworker: the whole record, or the record with location-revealing fields withheld. */
export const applicantCaseworkerView = named(
  'ApplicantCaseworker',
  z.union([caseworkerOpenView, caseworkerProtectedView]),
)

export type ApplicantView = z.output<typeof applicantFullView> | z.output<typeof applicantCaseworkerView>

/** The strict schema a role's answer about one household must satisfy; undefined: the role sees none. */
export function applicantViewSchema(role: Role): z.ZodType | undefined {
  switch (role) {
    case 'admin':
    case 'allocator':
      return applicantFullView
    case 'caseworker':
      return applicantCaseworkerView
    default:
      return undefined
  }
}

/**
 * Projects a stored household for a role, building a new object from allowed
 * fields (never deleting from the stored one, so nothing is left behind by
 * accident).
 *
 * @example
 * applicantView('caseworker', stored) // for a protected household: { …, safety: { protectedIdentity: true }, withheld: [...] }
 */
export function applicantView(role: Role, stored: StoredApplicant): ApplicantView {
  if (applicantViewSchema(role) === undefined) {
    throw new Error(`applicantView: a ${role} never sees a household record`)
  }
  const a = stored.applicant
  const culledOn = stored.culled === undefined ? {} : { culled: stored.culled }
  if (role !== 'caseworker' || !a.safety.protectedIdentity)
    return { ...a, version: stored.version, ...culledOn }
  return {
    id: a.id,
    registeredOn: a.registeredOn,
    lotteryNumber: a.lotteryNumber,
    ...(a.situation === undefined ? {} : { situation: a.situation }),
    ...(a.prevention === undefined ? {} : { prevention: a.prevention }),
    household: a.household,
    needs: a.needs,
    safety: { protectedIdentity: true },
    urgency: a.urgency,
    economy: a.economy,
    resident: a.resident,
    // The legal basis and a reason to move say nothing of where the person is: the case worker needs them.
    ...(a.legalBasis === undefined ? {} : { legalBasis: a.legalBasis }),
    ...(a.subletMoveReason === undefined ? {} : { subletMoveReason: a.subletMoveReason }),
    preferences: { vacancyTypes: a.preferences.vacancyTypes },
    caseload: a.caseload,
    status: a.status,
    monitoring: a.monitoring,
    version: stored.version,
    ...culledOn,
    withheld: [...withheldForProtected],
  }
}

/** One household in a list (every role that may list). */
export const applicantSummaryView = named(
  'ApplicantSummary',
  z.strictObject({
    id: entityId,
    status: z.enum(applicantStatuses),
    /** Null for a prevention case, which is in none of the four situations. */
    situation: z.strictObject({ code: z.enum(situationCodes), since: isoDate }).nullable(),
    /** At risk of eviction and not homeless: a prevention case. */
    preventionCase: z.boolean(),
    caseload: entityId,
    registeredOn: isoDate,
    adults: z.number().int().min(1),
    children: z.number().int().min(0),
    protectedIdentity: z.boolean(),
    version,
  }),
)

export const applicantPageView = named(
  'ApplicantPage',
  z.strictObject({
    items: z.array(applicantSummaryView),
    nextCursor: z.string().nullable(),
  }),
)

export function applicantPageBody(page: ApplicantPage): z.output<typeof applicantPageView> {
  return {
    items: page.items.map((s) => ({
      id: s.id,
      status: s.status,
      situation: s.situation === null ? null : { code: s.situation.code, since: s.situation.since },
      preventionCase: s.situation === null,
      caseload: s.caseload,
      registeredOn: s.registeredOn,
      adults: s.adults,
      children: s.children,
      protectedIdentity: s.protectedIdentity,
      version: s.version,
    })),
    nextCursor: page.nextCursor,
  }
}

/** The situation history (admin, allocator). */
export const situationHistoryView = named(
  'SituationHistory',
  z.strictObject({
    items: z.array(
      z.strictObject({
        code: z.enum(situationCodes),
        kind: z.enum(allSituationKinds as [string, ...string[]]),
        since: isoDate,
        recordedAt: z.string(),
      }),
    ),
  }),
)

export function situationHistoryBody(records: SituationRecord[]): z.output<typeof situationHistoryView> {
  return {
    items: records.map((r) => ({ code: r.code, kind: r.kind, since: r.since, recordedAt: r.recordedAt })),
  }
}

const cell = z
  .strictObject({ count: z.number().int().min(0).nullable(), suppressed: z.boolean() })
  .refine((c) => (c.suppressed ? c.count === null : c.count !== null && (c.count === 0 || c.count >= 5)), {
    error: 'a shown count is 0 or at least 5; a suppressed one is null',
  })

/** Aggregates (admin, allocator, analyst): counts with small cells suppressed. */
export const applicantStatsView = named(
  'ApplicantStats',
  z.strictObject({
    suppressionThreshold: z.literal(5),
    total: cell,
    bySituation: z.strictObject(
      Object.fromEntries(situationCodes.map((c) => [c, cell])) as Record<string, typeof cell>,
    ),
    byStatus: z.strictObject(
      Object.fromEntries(applicantStatuses.map((s) => [s, cell])) as Record<string, typeof cell>,
    ),
    byChildren: z.strictObject({ withChildren: cell, withoutChildren: cell }),
    /** Households at risk of eviction, not homeless: in no situation's count. */
    preventionCases: cell,
  }),
)

export function applicantStatsBody(stats: ApplicantStats): z.output<typeof applicantStatsView> {
  return {
    suppressionThreshold: 5,
    total: stats.total,
    bySituation: { ...stats.bySituation },
    byStatus: { ...stats.byStatus },
    byChildren: {
      withChildren: stats.byChildren.withChildren,
      withoutChildren: stats.byChildren.withoutChildren,
    },
    preventionCases: stats.preventionCases,
  }
}
