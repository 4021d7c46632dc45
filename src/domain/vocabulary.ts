/**
 * The closed vocabularies of the domain, as `as const` arrays so that zod
 * (validation), drizzle (CHECK constraints) and the solver share one list.
 */

/** Socialstyrelsen's four homelessness situations (the national definition), in the order of the national definition. */
export const situationCodes = [
  'acute',
  'institution',
  'long_term_solution',
  'short_term_self_arranged',
] as const
export type SituationCode = (typeof situationCodes)[number]

/** The sub-kind of a situation: where the household actually is. Each belongs to exactly one situation. */
export const situationKinds = {
  acute: ['shelter', 'emergency_housing', 'protected_housing', 'outdoors'],
  institution: ['prison', 'hvb', 'family_home', 'sis_institution', 'supported_housing'],
  long_term_solution: ['social_contract', 'training_flat', 'trial_flat', 'municipal_contract'],
  short_term_self_arranged: ['with_friends', 'with_family', 'temporary_sublet', 'lodger'],
} as const satisfies Record<SituationCode, readonly string[]>
export const allSituationKinds = Object.values(situationKinds).flat() as SituationKind[]
export type SituationKind = (typeof situationKinds)[SituationCode][number]

/** The six vacancy types (programs). */
export const vacancyTypes = [
  'social_contract',
  'housing_first',
  'training_flat',
  'trial_flat',
  'supported_housing',
  'obo_priority',
] as const
export type VacancyType = (typeof vacancyTypes)[number]

export const landlords = ['obo', 'municipality', 'private'] as const
export type Landlord = (typeof landlords)[number]

export const supportLevels = ['none', 'low', 'medium', 'high'] as const
export type SupportLevel = (typeof supportLevels)[number]

export const applicantStatuses = ['active', 'paused', 'offered', 'housed', 'withdrawn'] as const
export type ApplicantStatus = (typeof applicantStatuses)[number]

export const vacancyStatuses = ['open', 'offered', 'let', 'withdrawn'] as const
export type VacancyStatus = (typeof vacancyStatuses)[number]

/** Monitoring-only attribute values (never scored; see `monitoring` on the applicant). */
export const genders = ['woman', 'man', 'other', 'unknown'] as const
export type Gender = (typeof genders)[number]

/**
 * Individual or structural homelessness (the strategy's distinction). Individual: the household
 * cannot solve its housing alone for social reasons (addiction, mental illness, debts, violence,
 * a disability needing support): a matter for social services, with a right to support (bistånd).
 * Structural: it lacks a home only because the market has none for it (low income, payment
 * remarks, no queue points or network): the municipality has no duty to provide a home.
 */
export const homelessnessGrounds = ['individual', 'structural'] as const
export type HomelessnessGround = (typeof homelessnessGrounds)[number]

/**
 * What a support decision (biståndsbeslut) granted: one of the municipality's own housing
 * programmes, or social services' recommendation to ÖBO for priority (förtur), which ÖBO decides.
 */
export const supportGrants = [
  'social_contract',
  'training_flat',
  'trial_flat',
  'housing_first',
  'supported_housing',
  'obo_priority_recommendation',
] as const
export type SupportGrant = (typeof supportGrants)[number]

/**
 * On what ground a municipality is responsible for a person's support (the Social Services Act's
 * chapter 2 a): `settled_here` (bosatt: normally folkbokförd here), `staying_here` (vistas here and
 * settled in no other municipality), `moving_in` (settled elsewhere, applying for support to move
 * here, decided here as if settled), `settled_elsewhere` (another municipality is responsible; this
 * one helps only in an emergency).
 */
export const responsibilityGrounds = [
  'settled_here',
  'staying_here',
  'moving_in',
  'settled_elsewhere',
] as const
export type ResponsibilityGround = (typeof responsibilityGrounds)[number]

/**
 * Why a household already living in one of the municipality's sublets (a social contract, a
 * training or trial flat) may be moved to another such sublet instead of taking over its own.
 */
export const subletMoveReasons = [
  'household_changed_size',
  'safety',
  'accessibility',
  'landlord_refuses_take_over',
  'support_need_changed',
] as const
export type SubletMoveReason = (typeof subletMoveReasons)[number]

/**
 * The adults of a household as persons (`household.members`): the applicant (sökande) and any
 * co-applicants (medsökande). Children are listed in `household.children`.
 */
export const memberRoles = ['applicant', 'co_applicant'] as const
export type MemberRole = (typeof memberRoles)[number]

/**
 * What a household at risk of eviction risks losing: its own tenancy (a first-hand lease), a sublet
 * it holds in its own name, or a home it owns (a tenant-owned flat or a house).
 */
export const preventionTenures = ['first_hand_lease', 'sublet', 'owned'] as const
export type PreventionTenure = (typeof preventionTenures)[number]

/**
 * How a prevention case ended. A stay-put agreement (KvarBo-style: the household stays in its home
 * on conditions agreed with the landlord) is an outcome, never a vacancy. `evicted`: the eviction
 * was carried out and the household is now homeless, in one of the four situations.
 */
export const preventionOutcomes = [
  'stay_put_agreement',
  'arrears_settled',
  'moved_on_own',
  'rehoused',
  'evicted',
  'closed_other',
] as const
export type PreventionOutcome = (typeof preventionOutcomes)[number]
