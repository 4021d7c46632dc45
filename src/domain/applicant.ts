import { z } from 'zod'
import { checkedAlways } from './plausible-dates.ts'
import { count, districtName, entityId, isoDate, kronor } from './schema-parts.ts'
import type { FieldIssue } from './validation.ts'
import {
  applicantStatuses,
  genders,
  homelessnessGrounds,
  memberRoles,
  preventionOutcomes,
  preventionTenures,
  responsibilityGrounds,
  type SituationCode,
  situationCodes,
  situationKinds,
  subletMoveReasons,
  supportGrants,
  supportLevels,
  vacancyTypes,
} from './vocabulary.ts'

const birthMonth = z
  .number()
  .int()
  .min(1, { error: 'must be a month 1–12' })
  .max(12, { error: 'must be a month 1–12' })
const genderEnum = z.enum(genders, { error: `must be one of ${genders.join(', ')}` })

/**
 * A child in the household; only year and month of birth are kept (enough for age rules, nothing
 * more), and the gender where it is given, so that the follow-up counts persons by gender as
 * Socialstyrelsen does. Like every member's gender, it never enters a score or a rule.
 */
export const childSchema = z.strictObject({
  birthYear: z.number().int().min(1990).max(2100),
  birthMonth,
  gender: genderEnum.optional(),
})

/**
 * The keyed pseudonym of a personnummer (hex HMAC-SHA256, `src/domain/pseudonym.ts`): set by the
 * server from the number a client sends, which is never stored. Without the key it reveals nothing.
 */
export const pnrPseudonym = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { error: 'must be a pseudonym this server gave out (64 hex digits)' })

/**
 * An adult of the household as a person: the applicant or a co-applicant, with year and month of
 * birth and gender (counted in the follow-up, never scored), and the pseudonym of the person's
 * personnummer where one was given.
 */
export const memberSchema = z.strictObject({
  role: z.enum(memberRoles, { error: `must be one of ${memberRoles.join(', ')}` }),
  birthYear: z.number().int().min(1900).max(2100),
  birthMonth,
  gender: genderEnum,
  pnrPseudonym: pnrPseudonym.optional(),
})

/** One situation code with the kinds that belong to it (the document states this as a `oneOf` per code). */
function situationOf<C extends SituationCode>(code: C) {
  const kinds = situationKinds[code]
  return z.strictObject({
    code: z.literal(code),
    kind: z.enum(kinds, { error: `must be one of ${kinds.join(', ')} (the kinds of the ${code} situation)` }),
    since: isoDate,
  })
}

/** Where the household is now, in Socialstyrelsen's terms, and since when; the kind must belong to the code. */
export const situationSchema = z.discriminatedUnion(
  'code',
  [
    situationOf('acute'),
    situationOf('institution'),
    situationOf('long_term_solution'),
    situationOf('short_term_self_arranged'),
  ],
  { error: `must be one of ${situationCodes.join(', ')}` },
)

export const needsSchema = z.strictObject({
  supportLevel: z.enum(supportLevels, { error: `must be one of ${supportLevels.join(', ')}` }),
  /** A Housing First assessment has been made and recommends it (long-term homelessness, complex needs). */
  housingFirstAssessed: z.boolean(),
  /** The household needs to train the skills to keep a home (training flats). */
  skillsTrainingNeed: z.boolean(),
  wheelchair: z.boolean(),
  elevator: z.boolean(),
  groundFloor: z.boolean(),
  pets: z.boolean(),
})

export const safetySchema = z.strictObject({
  /** Districts the household must never be placed in (violence, threats, protected identity). */
  excludedDistricts: z.array(districtName).max(30, { error: 'must list at most 30 districts' }),
  /** Skyddad identitet: the address must never leak; handled by the API layer. */
  protectedIdentity: z.boolean(),
  /** Våld i nära relation. */
  domesticViolence: z.boolean(),
})

export const urgencySchema = z.strictObject({
  /** Date of a decided eviction (avhysning), if any. */
  evictionDate: isoDate.optional(),
  /** Date the household must leave an institution (prison, HVB, SiS …), if any. */
  releaseDate: isoDate.optional(),
})

export const economySchema = z.strictObject({
  /** The highest monthly rent the household can carry on its own. */
  maxRent: kronor,
  /** The municipality carries the rent (e.g. via a social contract), so affordability is not the household's. */
  rentCarriedByMunicipality: z.boolean(),
})

export const preferencesSchema = z.strictObject({
  /** Districts in order of preference, most wanted first. Unlisted districts are acceptable but earn no points. */
  districts: z.array(districtName).max(10, { error: 'must list at most 10 districts' }),
  /** Vacancy types the household accepts, most wanted first. At least one. */
  vacancyTypes: z
    .array(z.enum(vacancyTypes, { error: `must be one of ${vacancyTypes.join(', ')}` }))
    .min(1, { error: 'must accept at least one vacancy type' })
    .max(vacancyTypes.length),
})

/**
 * Attributes kept ONLY to monitor equality (jämlikhet, likabehandling).
 * They never enter a score, and enter exactly one rule: a program's documented
 * age range (birthYear). Property tests prove that changing them changes nothing else.
 */
export const monitoringSchema = z.strictObject({
  gender: z.enum(genders, { error: `must be one of ${genders.join(', ')}` }),
  birthYear: z.number().int().min(1900).max(2100).optional(),
  bornAbroad: z.boolean().optional(),
})

/**
 * A support decision (biståndsbeslut) of the social welfare committee under the Social Services Act
 * (SoL 2001:453, chapter 4 section 1): what it granted, when, until when, and its reference in the
 * case file. A decision can be appealed; only a granted one is recorded here.
 */
export const supportDecisionSchema = z.strictObject({
  reference: entityId,
  grants: z.enum(supportGrants, { error: `must be one of ${supportGrants.join(', ')}` }),
  decidedOn: isoDate,
  /** The last day the decision is valid; absent: until further notice. (One before `decidedOn` is never in force.) */
  validUntil: isoDate.optional(),
})

/**
 * On what ground the municipality acts for the household: individual or structural homelessness,
 * which municipality is responsible (SoL chapter 2 a), and the support decisions granted. Absent in
 * records written before it existed: then responsibility follows `resident`, the kind of
 * homelessness is not recorded, and there is no support decision.
 */
export const legalBasisSchema = z.strictObject({
  homelessness: z.enum(homelessnessGrounds, { error: `must be one of ${homelessnessGrounds.join(', ')}` }),
  responsibility: z.enum(responsibilityGrounds, {
    error: `must be one of ${responsibilityGrounds.join(', ')}`,
  }),
  supportDecisions: z.array(supportDecisionSchema).max(20, { error: 'must list at most 20 decisions' }),
})

const kronorOwed = z
  .number({ error: 'must be an amount in kronor' })
  .int({ error: 'must be whole kronor' })
  .min(1, { error: 'must be at least 1 krona' })
  .max(10_000_000, { error: 'must be at most 10000000 kronor' })

/**
 * A prevention case (vräkningsförebyggande): a household at risk of losing its own home, registered
 * before it is homeless. Its signals are what the municipality learned: rent arrears, the landlord's
 * notice to the social welfare committee (Jordabalken 12 kap. 44 §), an application for eviction
 * at Kronofogden; a decided eviction date is `urgency.evictionDate`. Counted apart from
 * Socialstyrelsen's four situations, never in them (`src/domain/prevention.ts`).
 */
export const preventionSchema = z.strictObject({
  /** What the household risks losing. */
  tenure: z.enum(preventionTenures, { error: `must be one of ${preventionTenures.join(', ')}` }),
  /** The day the municipality learned of the risk (the first signal). */
  since: isoDate,
  signals: z.strictObject({
    rentArrears: z
      .strictObject({
        amount: kronorOwed,
        months: z.number().int().min(1, { error: 'must be at least 1 month' }).max(120),
      })
      .optional(),
    /** The landlord's notice to the social welfare committee (underrättelse, JB 12:44). */
    landlordNotice: z.strictObject({ receivedOn: isoDate }).optional(),
    /** The landlord's application for eviction at Kronofogden (ansökan om avhysning). */
    evictionApplication: z.strictObject({ filedOn: isoDate }).optional(),
  }),
  /** How the case ended; absent while it is open. */
  outcome: z
    .strictObject({
      kind: z.enum(preventionOutcomes, { error: `must be one of ${preventionOutcomes.join(', ')}` }),
      on: isoDate,
    })
    .optional(),
})

export const householdSchema = z.strictObject({
  adults: count('adults', 10).min(1, { error: 'must be at least 1 adult' }),
  children: z.array(childSchema).max(15, { error: 'must list at most 15 children' }),
  /**
   * The adults as persons. Optional (a client that sends only the counts is served as before);
   * when given, no more than `adults` of them and at most four (the applicant and up to three
   * co-applicants, as an application names them); adults not listed are counted with gender and
   * age unknown.
   */
  members: z
    .array(memberSchema)
    .max(4, { error: 'must list at most 4 adults: the applicant and up to three co-applicants' })
    .optional(),
})

export const applicantSchema = z.strictObject({
  id: entityId,
  registeredOn: isoDate,
  /**
   * Drawn once when the household is registered (uniform in [0, 2^31)) and never
   * changed; breaks ties between equal scores (lower number first), then the id.
   */
  lotteryNumber: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  /**
   * Where the household is now, in Socialstyrelsen's terms. Absent only for a prevention case: a
   * household at risk of eviction that is not homeless (`prevention`).
   */
  situation: situationSchema.optional(),
  /** The prevention case the household was registered as, open or ended (`src/domain/prevention.ts`). */
  prevention: preventionSchema.optional(),
  household: householdSchema,
  needs: needsSchema,
  safety: safetySchema,
  urgency: urgencySchema,
  economy: economySchema,
  /** Resident (folkbokförd) in the municipality; some programs require it (a policy switch). */
  resident: z.boolean(),
  /** The legal basis of the case (individual or structural, responsible municipality, support decisions). */
  legalBasis: legalBasisSchema.optional(),
  /**
   * Why a household already in one of the municipality's sublets may be moved to another sublet
   * rather than take over its own contract (rule `no_move_between_sublets`). Absent: no such reason.
   */
  subletMoveReason: z
    .enum(subletMoveReasons, { error: `must be one of ${subletMoveReasons.join(', ')}` })
    .optional(),
  preferences: preferencesSchema,
  /** Vacancies this household has declined; it is never proposed them again. */
  declinedVacancyIds: z.array(entityId).max(200).default([]),
  /**
   * Vacancy types closed to this household by the consequence of a decline (ÖBO's rule that a
   * declined priority offer ends the priority); set by the server when a decline is recorded.
   * Absent: none closed.
   */
  closedVacancyTypes: z
    .array(z.enum(vacancyTypes, { error: `must be one of ${vacancyTypes.join(', ')}` }))
    .max(vacancyTypes.length)
    .optional(),
  /**
   * ÖBO's approved priority (förtur) decision for the household, if it has one: ÖBO's reference and
   * the day it was decided. Set by the server from ÖBO's priority import, removed when the priority
   * ends (a decline, no answer, a placement, or ÖBO's own end). An `obo_priority` vacancy is offered
   * only to a household that has one (rule `obo_priority_approved`, a policy switch).
   */
  oboPriority: z.strictObject({ decisionRef: entityId, decidedOn: isoDate }).optional(),
  /** The case-worker team that owns the case. */
  caseload: entityId,
  status: z.enum(applicantStatuses, { error: `must be one of ${applicantStatuses.join(', ')}` }),
  monitoring: monitoringSchema,
})

/**
 * The rules across fields of a whole household record (each a custom issue, stated in the API
 * document's `x-rules`):
 * - a household is in one of the four situations or is a prevention case: `situation` or
 *   `prevention` is given;
 * - a prevention case that ended in eviction has the situation the household is in now;
 * - the members, where listed, are no more than `adults`.
 */
export function householdRecordIssues(a: {
  situation?: unknown
  prevention?: { outcome?: { kind: string } | undefined } | undefined
  household?: { adults: number; members?: readonly { role: string }[] | undefined } | undefined
}): FieldIssue[] {
  const issues: FieldIssue[] = []
  if (a.situation === undefined && a.prevention === undefined) {
    issues.push({
      path: 'situation',
      message: 'must be given unless the household is a prevention case (give `prevention` instead)',
    })
  }
  if (a.situation === undefined && a.prevention?.outcome?.kind === 'evicted') {
    issues.push({
      path: 'situation',
      message: 'must be given when the prevention case ended in eviction: where the household is now',
    })
  }
  issues.push(...membersIssues(a.household))
  return issues
}

/**
 * The members rule alone (it reads only `household`), so a PATCH of `household` can be judged by
 * itself: the members are adults of the household, so no more of them than `adults` (the adults not
 * listed are counted with gender and age unknown). Each says whether the person is an applicant or
 * a co-applicant (a couple applying together may both be applicants).
 */
export function membersIssues(
  household: { adults: number; members?: readonly { role: string }[] | undefined } | undefined,
): FieldIssue[] {
  const members = household?.members
  if (household === undefined || members === undefined) return []
  const issues: FieldIssue[] = []
  if (members.length > household.adults) {
    issues.push({
      path: 'household.members',
      message: `must list no more than the household's adults: adults is ${household.adults}, members lists ${members.length}`,
    })
  }
  return issues
}

/** The stored household record: the schema and its rules across fields. */
export const applicantRecordSchema = applicantSchema.superRefine(checkedAlways(householdRecordIssues))

export type Applicant = z.infer<typeof applicantSchema>
export type ApplicantInput = z.input<typeof applicantSchema>
export type Child = z.infer<typeof childSchema>
export type Member = z.infer<typeof memberSchema>
export type Prevention = z.infer<typeof preventionSchema>
export type Situation = z.infer<typeof situationSchema>
export type SupportDecision = z.infer<typeof supportDecisionSchema>
export type LegalBasisRecord = z.infer<typeof legalBasisSchema>

/** Persons in the household (adults and children). */
export function householdSize(a: Pick<Applicant, 'household'>): number {
  return a.household.adults + a.household.children.length
}
