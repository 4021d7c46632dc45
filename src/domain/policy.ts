import { z } from 'zod'
import { type DeclineConsequence, declineConsequences } from './round-lifecycle.ts'
import { districtName, entityId, notBlank } from './schema-parts.ts'
import { type SupportLevel, type VacancyType, vacancyTypes } from './vocabulary.ts'

/**
 * A policy is a versioned, named, publishable set of weights, rules and side
 * constraints. Every number that shapes a match lives here, so the same inputs
 * and policy always give the same result, and `docs/policy.md` can be generated
 * from it. Versions are immutable once used (enforced where policies are stored).
 */

const points = (max = 100) =>
  z
    .number({ error: 'must be a number of points' })
    .min(0, { error: 'cannot be negative' })
    .max(max, { error: `must be at most ${max} points` })
const days = z
  .number({ error: 'must be a number of days' })
  .int({ error: 'must be whole days' })
  .min(1)
  .max(3650)
const vacancyTypeEnum = z.enum(vacancyTypes, { error: `must be one of ${vacancyTypes.join(', ')}` })

export const scoringSchema = z.strictObject({
  /** Base points by homelessness situation: acute highest, long-term solution lowest but positive. */
  situation: z.strictObject({
    acute: points(),
    institution: points(),
    short_term_self_arranged: points(),
    long_term_solution: points().min(0.01, {
      error: 'must be positive: moving people on frees municipal units',
    }),
  }),
  /** Institution: extra points rising linearly to `points` as the release date comes within `withinDays`. */
  institutionRelease: z.strictObject({ points: points(), withinDays: days }),
  /** Points per child in the household, and extra per child younger than `youngChildUnderAge`. */
  perChild: points(),
  perYoungChild: points(),
  youngChildUnderAge: z.number().int().min(1).max(18),
  /** Eviction: points rising linearly to `points` as the eviction date comes within `withinDays` (full once passed). */
  eviction: z.strictObject({ points: points(), withinDays: days }),
  domesticViolence: points(),
  support: z.strictObject({ none: points(), low: points(), medium: points(), high: points() }),
  /**
   * Waiting time since registration: points per day, capped. `notCountedFor`: vacancy types where
   * waiting time earns nothing (ÖBO's priority flats go to the most urgent case first, with no
   * queue inside the priority group). Absent in policies stored before it existed: none.
   */
  waiting: z.strictObject({
    perDay: points(1),
    cap: points(),
    notCountedFor: z.array(vacancyTypeEnum).max(vacancyTypes.length).default([]),
  }),
  /** Preference for the vacancy's district: rank 1 earns `first`, each later rank `stepDown` less (never below 0). */
  districtPreference: z.strictObject({ first: points(), stepDown: points() }),
  /** Preference for the vacancy's type among the household's accepted types, same shape. */
  vacancyTypePreference: z.strictObject({ first: points(), stepDown: points() }),
  /** Penalty per room beyond the household's need, in family-sized vacancies only. */
  underOccupancyPerSpareRoom: points(),
  /** Every eligible pair scores at least this, so that no eligible pair is ever worth leaving empty. */
  minimumPairScore: points(10).min(0.01, { error: 'must be positive' }),
})

const occupancyCap = z.strictObject({
  maxAreaM2: z.number().min(1).max(1000),
  maxPersons: z.number().int().min(1).max(30),
})

export const rulesSchema = z.strictObject({
  /** Boverket's overcrowding norm for the rooms rule: norm 2 (two per bedroom) or norm 3 (own room, couples share). */
  overcrowdingNorm: z.enum(['norm2', 'norm3']),
  /** Norm 3 variant: two children under 12 may share a room. */
  norm3ChildrenUnder12Share: z.boolean(),
  /**
   * ÖBO's rule that its priority flats go only to households it has approved for priority (förtur):
   * with this on, an obo_priority vacancy is proposed only to a household holding an approved ÖBO
   * priority decision. Absent in policies stored before the ÖBO integration: on.
   */
  oboPriorityRequired: z.boolean().default(true),
  /** ÖBO's occupancy caps by area, applied to obo_priority vacancies: up to maxAreaM2, at most maxPersons. */
  oboOccupancyCaps: z.array(occupancyCap).min(1).max(20),
  /** A household with children is never placed with less than this area per person (extreme overcrowding). */
  minAreaPerPersonWithChildren: z.number().min(1).max(50),
  /** Programs where the municipality carries the rent, so the household's own rent limit does not apply. */
  rentCarriedByProgram: z.array(vacancyTypeEnum),
  /** High support need requires staff on site, except in Housing First (support follows the person). */
  highSupportRequiresOnSite: z.boolean(),
  /** Residency switch: programs that require the household to be resident in the municipality. */
  residencyRequiredFor: z.array(vacancyTypeEnum),
  /**
   * Programs offered only on a granted support decision (bistånd, SoL chapter 4 section 1) of the
   * matching kind, in force on the round's date (rule `support_decision`). Absent in policies stored
   * before it existed: none.
   */
  supportDecisionRequiredFor: z.array(vacancyTypeEnum).default([]),
  /**
   * What the policy opens to a structural case (no other problem than lacking a home, so no duty to
   * provide one): only these programs (rule `structural_case_scope`). Absent in policies stored before
   * it existed: every program.
   */
  structuralCasesOpenTo: z.array(vacancyTypeEnum).default([...vacancyTypes]),
  /**
   * Programs that only the responsible municipality gives (SoL chapter 2 a: where the person is
   * settled, or stays when settled nowhere else), rule `responsible_municipality`. Absent in policies
   * stored before it existed: none.
   */
  responsibilityRequiredFor: z.array(vacancyTypeEnum).default([]),
  /**
   * Sublets a household already living in one of the municipality's sublets is not moved to without a
   * recorded reason: taking over its own contract is its way forward (rule `no_move_between_sublets`).
   * Absent in policies stored before it existed: none.
   */
  subletMoveNeedsReason: z.array(vacancyTypeEnum).default([]),
  /**
   * The vacancy types an open prevention case (a household at risk of eviction, not yet homeless)
   * may be proposed (rule `prevention_case_open`). Absent in policies stored before prevention cases
   * existed, and empty in the default: none, so prevention work is advice, paid arrears and
   * stay-put agreements (outcomes of the case) until a policy opens a type.
   */
  preventionOpenTo: z.array(vacancyTypeEnum).default([]),
})

export const constraintsSchema = z.strictObject({
  /**
   * Children floor: at least ceil(share × family-sized vacancies in the round)
   * placements go to households with children (counted over all placements).
   */
  childrenFloor: z.strictObject({
    enabled: z.boolean(),
    familySizedMinRooms: z.number().int().min(2).max(12),
    share: z.number().min(0).max(1),
  }),
  /** District caps against segregation: at most `maxPerDistrict` placements per listed district per round. */
  districtCaps: z.strictObject({
    enabled: z.boolean(),
    maxPerDistrict: z.number().int().min(0).max(10_000),
    districts: z.array(districtName).max(100),
    /**
     * A placement in a district the household itself listed among its preferred districts
     * (`preferences.districts`, any rank) does not count against the district's cap, so a cap never
     * leaves a vacancy empty against the household's own choice. Absent in policies stored before
     * it existed: every placement counts, as it did then (their rounds replay unchanged).
     */
    exemptOwnChoice: z.boolean().optional(),
  }),
  /** Program quotas: at least `atLeast` placements in vacancies of the type. */
  programQuotas: z
    .array(z.strictObject({ type: vacancyTypeEnum, atLeast: z.number().int().min(0).max(100_000) }))
    .max(vacancyTypes.length),
  /**
   * Group parity (equality): for each monitored group, its match rate among its
   * eligible households within `epsilon` of the overall rate. Off by default;
   * its figures are always reported.
   */
  groupParity: z.strictObject({
    enabled: z.boolean(),
    attributes: z.array(z.enum(['gender', 'bornAbroad'])).max(2),
    epsilon: z.number().min(0).max(1),
  }),
})

const consequence = z.enum(declineConsequences, { error: `must be one of ${declineConsequences.join(', ')}` })

/** What an offer is given: how long the household has to answer, and what a decline means per vacancy type. */
export const offersSchema = z.strictObject({
  /** Days from the offer to the last day to answer; an offer unanswered after that day expires (no answer). */
  answerDays: z.number().int().min(1).max(60),
  /** The consequence of a household's decline, per vacancy type (docs/rounds.md, rule O4). */
  declineConsequence: z.strictObject({
    social_contract: consequence,
    housing_first: consequence,
    training_flat: consequence,
    trial_flat: consequence,
    supported_housing: consequence,
    obo_priority: consequence,
  }),
})

/** The offer terms of policies stored before offers existed (version 1 of the default policy). */
export const defaultOfferTerms: z.output<typeof offersSchema> = {
  answerDays: 7,
  declineConsequence: {
    social_contract: 'none',
    housing_first: 'none',
    training_flat: 'none',
    trial_flat: 'none',
    supported_housing: 'none',
    obo_priority: 'end_priority',
  } satisfies Record<VacancyType, DeclineConsequence>,
}

const months = z
  .number()
  .int()
  .min(1, { error: 'must be at least 1 month' })
  .max(60, { error: 'must be at most 60 months' })

/**
 * The tenancy pathway: the trial period (prövotid) of the municipality's sublets, in months from
 * the placement's start, after which the household may take over the contract (överta kontraktet).
 */
export const tenancySchema = z.strictObject({
  trialPeriodMonths: z.strictObject({ social_contract: months, training: months, trial: months }),
})

export const policySchema = z.strictObject({
  id: entityId,
  version: z.number().int().min(1),
  name: z.string().trim().regex(notBlank, { error: 'must not be empty' }).max(200),
  /** Districts the municipality counts as socio-economically vulnerable (used by district caps and reports). */
  vulnerableDistricts: z.array(districtName).max(100),
  scoring: scoringSchema,
  rules: rulesSchema,
  constraints: constraintsSchema,
  /** Absent in a stored policy written before offers existed: those get `defaultOfferTerms`. */
  offers: offersSchema.default(defaultOfferTerms),
  /** Absent in a stored policy written before the tenancy pathway: a placement has no trial period unless one is given. */
  tenancy: tenancySchema.optional(),
})

export type Policy = z.infer<typeof policySchema>
export type Scoring = Policy['scoring']
export type Rules = Policy['rules']
export type Constraints = Policy['constraints']

/** Vulnerable districts named in Örebro's strategy against homelessness. */
export const orebroVulnerableDistricts = ['Vivalla', 'Oxhagen', 'Varberga', 'Baronbackarna', 'Brickebacken']

/**
 * The default policy, version 1. Its figures are the municipality's starting
 * point for consultation, not research results: each is a judgement written
 * down so that it can be published, argued with and changed in a new version.
 */
export const defaultPolicy: Policy = {
  id: 'orebro-default',
  version: 1,
  name: 'Örebro default allocation policy',
  vulnerableDistricts: orebroVulnerableDistricts,
  scoring: {
    situation: { acute: 40, institution: 15, short_term_self_arranged: 20, long_term_solution: 8 },
    institutionRelease: { points: 20, withinDays: 90 },
    perChild: 6,
    perYoungChild: 4,
    youngChildUnderAge: 7,
    eviction: { points: 30, withinDays: 90 },
    domesticViolence: 20,
    support: { none: 0, low: 2, medium: 4, high: 6 } satisfies Record<SupportLevel, number>,
    waiting: { perDay: 0.02, cap: 15, notCountedFor: ['obo_priority'] satisfies VacancyType[] },
    districtPreference: { first: 6, stepDown: 1.5 },
    vacancyTypePreference: { first: 4, stepDown: 1 },
    underOccupancyPerSpareRoom: 4,
    minimumPairScore: 1,
  },
  rules: {
    overcrowdingNorm: 'norm2',
    norm3ChildrenUnder12Share: true,
    oboPriorityRequired: true,
    oboOccupancyCaps: [
      { maxAreaM2: 50, maxPersons: 3 },
      { maxAreaM2: 70, maxPersons: 4 },
      { maxAreaM2: 90, maxPersons: 6 },
      { maxAreaM2: 110, maxPersons: 8 },
      { maxAreaM2: 120, maxPersons: 10 },
    ],
    minAreaPerPersonWithChildren: 10,
    rentCarriedByProgram: ['supported_housing'] satisfies VacancyType[],
    highSupportRequiresOnSite: true,
    residencyRequiredFor: ['obo_priority'] satisfies VacancyType[],
    supportDecisionRequiredFor: [
      'social_contract',
      'housing_first',
      'training_flat',
      'trial_flat',
      'supported_housing',
    ] satisfies VacancyType[],
    structuralCasesOpenTo: ['obo_priority'] satisfies VacancyType[],
    responsibilityRequiredFor: [
      'social_contract',
      'housing_first',
      'training_flat',
      'trial_flat',
      'supported_housing',
    ] satisfies VacancyType[],
    subletMoveNeedsReason: ['social_contract', 'training_flat', 'trial_flat'] satisfies VacancyType[],
    preventionOpenTo: [] satisfies VacancyType[],
  },
  constraints: {
    childrenFloor: { enabled: true, familySizedMinRooms: 3, share: 0.5 },
    // `exemptOwnChoice` (a household's own preferred district not counted) is left off: with it every
    // cap becomes a crossing row and a round's needed scores take re-solves (docs/domain.md says what it costs).
    districtCaps: { enabled: true, maxPerDistrict: 2, districts: orebroVulnerableDistricts },
    programQuotas: [],
    groupParity: { enabled: false, attributes: ['gender', 'bornAbroad'], epsilon: 0.1 },
  },
  offers: defaultOfferTerms,
  tenancy: { trialPeriodMonths: { social_contract: 12, training: 12, trial: 12 } },
}
