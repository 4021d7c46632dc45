import type { Applicant } from '../../src/domain/applicant.ts'
import { householdSize } from '../../src/domain/applicant.ts'
import { addDays, ageOn } from '../../src/domain/dates.ts'
import { defaultPolicy, type Policy } from '../../src/domain/policy.ts'
import type { Vacancy } from '../../src/domain/vacancy.ts'

/**
 * An APPROXIMATE statement of the match engine's hard rules, used only to tune
 * and check the generator's density (how many vacancies a typical household is
 * eligible for). It is not the engine's rule set and must not be used as one.
 */

/** How far past `asOf` a vacancy may become available and still take part. */
const availableWithinDays = 30

export function isRoughlyEligible(
  a: Applicant,
  v: Vacancy,
  asOf: string,
  policy: Policy = defaultPolicy,
): boolean {
  const rules = policy.rules
  if (!a.preferences.vacancyTypes.includes(v.type)) return false
  if (a.safety.excludedDistricts.includes(v.district)) return false
  // The date arithmetic only for the quarter of vacancies not yet free: this runs for every pair.
  if (v.availableFrom > asOf && v.availableFrom > addDays(asOf, availableWithinDays)) return false

  const persons = householdSize(a)
  if (persons > 2 * Math.max(1, v.rooms - 1)) return false
  if (v.type === 'obo_priority') {
    const cap = rules.oboOccupancyCaps.find((c) => v.areaM2 <= c.maxAreaM2)
    if (cap === undefined || persons > cap.maxPersons) return false
  }
  if (a.household.children.length > 0 && v.areaM2 / persons < rules.minAreaPerPersonWithChildren) return false

  const carried = a.economy.rentCarriedByMunicipality || rules.rentCarriedByProgram.includes(v.type)
  if (!carried && v.rent > a.economy.maxRent) return false

  if (a.needs.wheelchair && !v.wheelchairAccessible) return false
  if (a.needs.elevator && !v.elevator && v.floor > 0) return false
  if (a.needs.groundFloor && v.floor !== 0) return false

  if (v.type === 'housing_first' && !a.needs.housingFirstAssessed) return false
  if (v.type === 'training_flat' && !a.needs.skillsTrainingNeed) return false
  if (rules.highSupportRequiresOnSite && a.needs.supportLevel === 'high') {
    if (v.type !== 'housing_first' && !v.restrictions.supportOnSite) return false
  }
  if (rules.residencyRequiredFor.includes(v.type) && !a.resident) return false

  const { minAge, maxAge } = v.restrictions
  if (minAge !== undefined || maxAge !== undefined) {
    const birthYear = a.monitoring.birthYear
    if (birthYear === undefined) return false
    const age = ageOn(asOf, birthYear)
    if (minAge !== undefined && age < minAge) return false
    if (maxAge !== undefined && age > maxAge) return false
  }
  return true
}

export interface DensityReport {
  /** Mean over households of the share of vacancies each is eligible for. */
  mean: number
  median: number
  /** Share of households eligible for no vacancy at all. */
  none: number
}

/** Eligibility density of the active households against all vacancies. */
export function measureDensity(
  applicants: readonly Applicant[],
  vacancies: readonly Vacancy[],
  asOf: string,
): DensityReport {
  const shares: number[] = []
  for (const a of applicants) {
    if (a.status !== 'active') continue
    let eligible = 0
    for (const v of vacancies) if (isRoughlyEligible(a, v, asOf)) eligible++
    shares.push(eligible / vacancies.length)
  }
  shares.sort((x, y) => x - y)
  const total = shares.reduce((s, x) => s + x, 0)
  return {
    mean: total / shares.length,
    median: shares[Math.floor(shares.length / 2)] ?? 0,
    none: shares.filter((s) => s === 0).length / shares.length,
  }
}
