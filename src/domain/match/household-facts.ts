import type { Applicant } from '../applicant.ts'
import { ageOn } from '../dates.ts'
import {
  grantedTypeBits,
  isStructural,
  livesInSublet,
  municipalityResponsible,
  typeBit,
} from '../legal-basis.ts'
import type { Policy } from '../policy.ts'
import type { Vacancy } from '../vacancy.ts'
import { type VacancyType, vacancyTypes } from '../vocabulary.ts'

/**
 * Facts derived once per household and once per vacancy for a round, so that
 * the pair loop (up to millions of pairs) does no repeated work.
 */
export interface HouseholdFacts {
  readonly applicant: Applicant
  readonly persons: number
  readonly childAges: readonly number[]
  readonly hasChildren: boolean
  /** Bedrooms the household needs under the policy's overcrowding norm. */
  readonly bedroomsNeeded: number
  /**
   * The age the main applicant turns in the round's calendar year (round year −
   * birth year), if the birth year is known. Used ONLY for a program's documented
   * age rule. Only the year is kept, so the exact age on the round date is this or
   * one less.
   */
  readonly ageThisYear: number | undefined
  readonly excludedDistricts: ReadonlySet<string>
  readonly districtRank: ReadonlyMap<string, number>
  readonly typeRank: ReadonlyMap<VacancyType, number>
  readonly declined: ReadonlySet<string>
  /** The vacancy types the household holds a support decision for on the round's date, as `typeBit`s. */
  readonly grantedTypes: number
  /** The household's homelessness is recorded as structural. */
  readonly structural: boolean
  /** This municipality is responsible for the household (SoL chapter 2 a). */
  readonly responsible: boolean
  /** The household lives in one of the municipality's sublets and has no recorded reason to move to another. */
  readonly subletMoveBarred: boolean
}

export interface VacancyFacts {
  readonly vacancy: Vacancy
  /** The district, normalised for comparison. */
  readonly district: string
  /** Bedrooms: kitchen and living room not counted; a one-room flat's room is its bedroom. */
  readonly bedrooms: number
  /** ÖBO's cap on persons for this area, when the vacancy is an obo_priority flat. */
  readonly oboMaxPersons: number | undefined
  readonly familySized: boolean
  /** Waiting time earns points for this vacancy (not for a type in the policy's `waiting.notCountedFor`). */
  readonly waitingCounts: boolean
  /** The vacancy's type as a bit (`typeBit`), to test against `HouseholdFacts.grantedTypes`. */
  readonly typeBit: number
  /** The policy offers this type only on a granted support decision of the kind. */
  readonly needsSupportDecision: boolean
  /** The policy does not open this type to structural cases. */
  readonly closedToStructural: boolean
  /** The policy gives this type only where the municipality is the responsible one. */
  readonly needsResponsibility: boolean
  /** The policy does not move a household from one of the municipality's sublets to this type without a reason. */
  readonly subletMoveNeedsReason: boolean
}

/**
 * A round's vacancies as columns, in the round's vacancy order: what the pair rules read, as
 * numbers, so that one household is checked against every vacancy in a few tight loops
 * (`sweepHousehold`) instead of one call per rule and pair.
 */
export interface VacancyColumns {
  readonly count: number
  /** Each vacancy's type, as its index in `vacancyTypes`. */
  readonly typeIndex: Uint8Array
  readonly bedrooms: Float64Array
  readonly rent: Float64Array
  readonly areaM2: Float64Array
  readonly floor: Float64Array
  /** ÖBO's cap on persons; Infinity where there is none. */
  readonly oboMaxPersons: Float64Array
  readonly wheelchairAccessible: Uint8Array
  readonly elevator: Uint8Array
  readonly supportOnSite: Uint8Array
  /** A program's age range; NaN where that end of it is open. */
  readonly minAge: Float64Array
  readonly maxAge: Float64Array
  /** The normalised district as a number (`districtCode` maps one to the other). */
  readonly district: Int32Array
  readonly districtCode: ReadonlyMap<string, number>
  /** The indices of the vacancies with each id (one, in a valid round). */
  readonly indicesOfId: ReadonlyMap<string, readonly number[]>
  /** One vacancy of each type the round has, by type index: the rules that read only the type ask it. */
  readonly ofType: readonly (VacancyFacts | undefined)[]
  /** Per type index, 1 when the type is in `types` (a policy's list), made once per list. */
  typeFlags(types: readonly VacancyType[]): Uint8Array
}

export function vacancyColumns(vacancies: readonly VacancyFacts[]): VacancyColumns {
  const count = vacancies.length
  const typeIndex = new Uint8Array(count)
  const bedrooms = new Float64Array(count)
  const rent = new Float64Array(count)
  const areaM2 = new Float64Array(count)
  const floor = new Float64Array(count)
  const oboMaxPersons = new Float64Array(count)
  const wheelchairAccessible = new Uint8Array(count)
  const elevator = new Uint8Array(count)
  const supportOnSite = new Uint8Array(count)
  const minAge = new Float64Array(count)
  const maxAge = new Float64Array(count)
  const district = new Int32Array(count)
  const districtCode = new Map<string, number>()
  const indicesOfId = new Map<string, number[]>()
  const ofType: (VacancyFacts | undefined)[] = vacancyTypes.map(() => undefined)
  vacancies.forEach((f, v) => {
    const x = f.vacancy
    const t = vacancyTypes.indexOf(x.type)
    typeIndex[v] = t
    ofType[t] ??= f
    bedrooms[v] = f.bedrooms
    rent[v] = x.rent
    areaM2[v] = x.areaM2
    floor[v] = x.floor
    oboMaxPersons[v] = f.oboMaxPersons ?? Number.POSITIVE_INFINITY
    wheelchairAccessible[v] = x.wheelchairAccessible ? 1 : 0
    elevator[v] = x.elevator ? 1 : 0
    supportOnSite[v] = x.restrictions.supportOnSite ? 1 : 0
    minAge[v] = x.restrictions.minAge ?? Number.NaN
    maxAge[v] = x.restrictions.maxAge ?? Number.NaN
    let code = districtCode.get(f.district)
    if (code === undefined) {
      code = districtCode.size
      districtCode.set(f.district, code)
    }
    district[v] = code
    const same = indicesOfId.get(x.id)
    if (same) same.push(v)
    else indicesOfId.set(x.id, [v])
  })
  const flags = new Map<readonly VacancyType[], Uint8Array>()
  return {
    count,
    typeIndex,
    bedrooms,
    rent,
    areaM2,
    floor,
    oboMaxPersons,
    wheelchairAccessible,
    elevator,
    supportOnSite,
    minAge,
    maxAge,
    district,
    districtCode,
    indicesOfId,
    ofType,
    typeFlags(types) {
      let out = flags.get(types)
      if (!out) {
        out = Uint8Array.from(vacancyTypes, (t) => (types.includes(t) ? 1 : 0))
        flags.set(types, out)
      }
      return out
    },
  }
}

/**
 * Bedrooms needed. Norm 2 (Boverket): at most two persons per bedroom.
 * Norm 3: everyone their own bedroom, except that two adults (a couple) share,
 * and, as a variant, two children under 12 may share.
 */
export function bedroomsNeeded(adults: number, childAges: readonly number[], policy: Policy): number {
  const persons = adults + childAges.length
  if (policy.rules.overcrowdingNorm === 'norm2') return Math.max(1, Math.ceil(persons / 2))
  const adultRooms = adults >= 2 ? adults - 1 : adults
  if (!policy.rules.norm3ChildrenUnder12Share) return Math.max(1, adultRooms + childAges.length)
  const young = childAges.filter((a) => a < 12).length
  const older = childAges.length - young
  return Math.max(1, adultRooms + Math.ceil(young / 2) + older)
}

export function householdFacts(applicant: Applicant, asOf: string, policy: Policy): HouseholdFacts {
  const childAges = applicant.household.children.map((c) =>
    Math.max(0, ageOn(asOf, c.birthYear, c.birthMonth)),
  )
  const birthYear = applicant.monitoring.birthYear
  return {
    applicant,
    persons: applicant.household.adults + childAges.length,
    childAges,
    hasChildren: childAges.length > 0,
    bedroomsNeeded: bedroomsNeeded(applicant.household.adults, childAges, policy),
    ageThisYear: birthYear === undefined ? undefined : Number(asOf.slice(0, 4)) - birthYear,
    excludedDistricts: new Set(applicant.safety.excludedDistricts.map(normaliseDistrict)),
    districtRank: new Map(applicant.preferences.districts.map((d, i) => [normaliseDistrict(d), i] as const)),
    // A type closed by a decline's consequence (ÖBO: a declined priority offer ends the priority) is no
    // longer accepted; the others keep their preference rank.
    typeRank: new Map(
      applicant.preferences.vacancyTypes
        .map((t, i) => [t, i] as const)
        .filter(([t]) => !applicant.closedVacancyTypes?.includes(t)),
    ),
    declined: new Set(applicant.declinedVacancyIds),
    grantedTypes: grantedTypeBits(applicant, asOf),
    structural: isStructural(applicant),
    responsible: municipalityResponsible(applicant),
    subletMoveBarred: livesInSublet(applicant) && applicant.subletMoveReason === undefined,
  }
}

export function vacancyFacts(vacancy: Vacancy, policy: Policy): VacancyFacts {
  let oboMaxPersons: number | undefined
  if (vacancy.type === 'obo_priority') {
    // ÖBO's caps are brackets "up to N m²"; above the largest bracket its cap still applies.
    const caps = [...policy.rules.oboOccupancyCaps].sort((a, b) => a.maxAreaM2 - b.maxAreaM2)
    const bracket = caps.find((c) => vacancy.areaM2 <= c.maxAreaM2) ?? caps[caps.length - 1]
    oboMaxPersons = bracket?.maxPersons
  }
  return {
    vacancy,
    district: normaliseDistrict(vacancy.district),
    bedrooms: Math.max(1, vacancy.rooms - 1),
    oboMaxPersons,
    familySized: vacancy.rooms >= policy.constraints.childrenFloor.familySizedMinRooms,
    waitingCounts: !policy.scoring.waiting.notCountedFor.includes(vacancy.type),
    typeBit: typeBit(vacancy.type),
    needsSupportDecision: policy.rules.supportDecisionRequiredFor.includes(vacancy.type),
    closedToStructural: !policy.rules.structuralCasesOpenTo.includes(vacancy.type),
    needsResponsibility: policy.rules.responsibilityRequiredFor.includes(vacancy.type),
    subletMoveNeedsReason: policy.rules.subletMoveNeedsReason.includes(vacancy.type),
  }
}

/** normaliseDistrict's answers by name. */
const normalised = new Map<string, string>()

/**
 * District names compare without regard to case, accents or spacing
 * ("Väster" = "vaster" = " VÄSTER "). Folding accents errs on the side of
 * safety: an exclusion zone written without its ä still applies.
 */
export function normaliseDistrict(name: string): string {
  let key = normalised.get(name)
  if (key === undefined) {
    key = name
      .normalize('NFD')
      .replace(/\p{Mn}/gu, '')
      .trim()
      .replace(/\s+/g, ' ')
      .toLocaleLowerCase('sv')
    // A round names a few dozen districts, thousands of times over; the cache is bounded all the same.
    if (normalised.size >= 10_000) normalised.clear()
    normalised.set(name, key)
  }
  return key
}
