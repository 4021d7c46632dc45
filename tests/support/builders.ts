import type { Applicant } from '../../src/domain/applicant.ts'
import { defaultPolicy, type Policy } from '../../src/domain/policy.ts'
import type { RoundInput } from '../../src/domain/round.ts'
import type { Vacancy } from '../../src/domain/vacancy.ts'

/** Deep partial for builder overrides. */
export type Overrides<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? Overrides<T[K]> : T[K]
}

function merge<T>(base: T, overrides: Overrides<T> | undefined): T {
  if (!overrides) return base
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) }
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key]
    if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object'
    ) {
      out[key] = merge(current, value as Overrides<typeof current>)
    } else if (value !== undefined) out[key] = value
  }
  return out as T
}

/**
 * Support decisions granting every one of the municipality's own programmes, decided when the builders'
 * household registered and valid until further notice: the builders' household is an individual case
 * this municipality is responsible for, so only the rule a test is about decides.
 */
export const grantedEverything: NonNullable<Applicant['legalBasis']> = {
  homelessness: 'individual',
  responsibility: 'settled_here',
  supportDecisions: (
    ['social_contract', 'training_flat', 'trial_flat', 'housing_first', 'supported_housing'] as const
  ).map((grants) => ({ reference: `SOC-${grants}`, grants, decidedOn: '2026-01-15' })),
}

/** A plain active single-adult household with no special needs. @example makeApplicant({ id: 'A2', household: { children: [...] } }) */
export function makeApplicant(overrides?: Overrides<Applicant>): Applicant {
  return merge<Applicant>(
    {
      id: 'A1',
      registeredOn: '2026-01-15',
      lotteryNumber: 1000,
      situation: { code: 'acute', kind: 'shelter', since: '2026-01-10' },
      household: { adults: 1, children: [] },
      needs: {
        supportLevel: 'none',
        housingFirstAssessed: false,
        skillsTrainingNeed: false,
        wheelchair: false,
        elevator: false,
        groundFloor: false,
        pets: false,
      },
      safety: { excludedDistricts: [], protectedIdentity: false, domesticViolence: false },
      urgency: {},
      economy: { maxRent: 9000, rentCarriedByMunicipality: false },
      resident: true,
      legalBasis: grantedEverything,
      preferences: { districts: [], vacancyTypes: ['social_contract', 'obo_priority'] },
      declinedVacancyIds: [],
      caseload: 'team-norr',
      status: 'active',
      monitoring: { gender: 'unknown' },
    },
    overrides,
  )
}

/** A plain open two-room social contract flat in Centrum. */
export function makeVacancy(overrides?: Overrides<Vacancy>): Vacancy {
  return merge<Vacancy>(
    {
      id: 'V1',
      type: 'social_contract',
      landlord: 'municipality',
      district: 'Centrum',
      rooms: 2,
      areaM2: 55,
      rent: 6500,
      floor: 1,
      elevator: true,
      wheelchairAccessible: false,
      availableFrom: '2026-11-01',
      restrictions: { supportOnSite: false },
      status: 'open',
    },
    overrides,
  )
}

/** A policy with every side constraint switched off, for tests of the pure assignment. */
export const unconstrainedPolicy: Policy = {
  ...defaultPolicy,
  constraints: {
    ...defaultPolicy.constraints,
    childrenFloor: { ...defaultPolicy.constraints.childrenFloor, enabled: false },
    districtCaps: { ...defaultPolicy.constraints.districtCaps, enabled: false },
    programQuotas: [],
    groupParity: { ...defaultPolicy.constraints.groupParity, enabled: false },
  },
}

export function makeRound(overrides: Partial<RoundInput> = {}): RoundInput {
  return { asOf: '2026-11-27', policy: unconstrainedPolicy, applicants: [], vacancies: [], ...overrides }
}
