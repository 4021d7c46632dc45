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
