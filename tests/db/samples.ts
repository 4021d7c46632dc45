/**
 * Valid sample documents for database tests, with overrides. Deliberately
 * plain (not the synthetic generator): a test states what it depends on.
 */
import type { ApplicantInput } from '../../src/domain/applicant.ts'
import type { VacancyInput } from '../../src/domain/vacancy.ts'

/** A valid applicant; `overrides` replace top-level fields. */
export function sampleApplicant(overrides: Partial<ApplicantInput> = {}): ApplicantInput {
  return {
    id: 'a-1',
    registeredOn: '2025-11-03',
    lotteryNumber: 1234567,
    situation: { code: 'acute', kind: 'shelter', since: '2025-10-20' },
    household: { adults: 1, children: [{ birthYear: 2019, birthMonth: 4 }] },
    needs: {
      supportLevel: 'low',
      housingFirstAssessed: false,
      skillsTrainingNeed: false,
      wheelchair: false,
      elevator: false,
      groundFloor: false,
      pets: false,
    },
    safety: { excludedDistricts: ['Vivalla'], protectedIdentity: false, domesticViolence: true },
    urgency: {},
    economy: { maxRent: 7500, rentCarriedByMunicipality: false },
    resident: true,
    preferences: { districts: ['Väster', 'Centrum'], vacancyTypes: ['social_contract', 'obo_priority'] },
    caseload: 'team-norr',
    status: 'active',
    monitoring: { gender: 'woman', birthYear: 1990, bornAbroad: false },
    ...overrides,
  }
}

/** A valid vacancy; `overrides` replace top-level fields. */
export function sampleVacancy(overrides: Partial<VacancyInput> = {}): VacancyInput {
  return {
    id: 'v-1',
    type: 'social_contract',
    landlord: 'obo',
    externalRef: 'OBO-1001',
    district: 'Väster',
    rooms: 2,
    areaM2: 58,
    rent: 6900,
    floor: 1,
    elevator: true,
    wheelchairAccessible: false,
    availableFrom: '2026-02-01',
    restrictions: { supportOnSite: false },
    status: 'open',
    ...overrides,
  }
}
