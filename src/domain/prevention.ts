/**
 * Eviction prevention: a household at risk of losing its own home is registered before it is
 * homeless, as a prevention case. Örebro's strategy against homelessness makes preventing evictions
 * its third area, above all for families with children; the earliest signal the municipality gets
 * is the landlord's notice to the social welfare committee when it gives notice for unpaid rent
 * (Jordabalken 12 kap. 44 §).
 *
 * The case's lifecycle and its rules, each with a test in tests/domain/prevention.test.ts:
 *
 * ```
 *  registered (no situation, prevention without outcome) ──outcome──► ended
 *     stay_put_agreement | arrears_settled | moved_on_own | rehoused | closed_other: ended at home or elsewhere
 *     evicted: the household is homeless now and has its situation (one of the four)
 * ```
 *
 * - PV1: a household is in one of Socialstyrelsen's four situations, or is a prevention case
 *   (no situation, a prevention record); one of the two is given.
 * - PV2: a prevention case is counted in none of the four situations: not in the map, the trend,
 *   the daily snapshots, the flows or the stats by situation. It is counted apart, as a prevention
 *   case, with its children (`childrenAtRisk`).
 * - PV3: an open prevention case is matched only to the vacancy types the policy opens to
 *   prevention cases (`rules.preventionOpenTo`; absent in a stored policy: none).
 * - PV4: a prevention case with an outcome is not matched: it has ended.
 * - PV5: a case that ended in eviction has the situation the household is in now; from then on it
 *   is counted there, like any homeless household, and its prevention record stays as its history.
 * - PV6: a stay-put agreement (KvarBo-style) is an outcome of the case, never a vacancy.
 */
import type { Applicant, Prevention } from './applicant.ts'
import { ageOn } from './dates.ts'
import type { PreventionOutcome, PreventionTenure, VacancyType } from './vocabulary.ts'

/** PV1/PV2: a household in none of the four situations is a prevention case. */
export function isPreventionCase(a: Pick<Applicant, 'situation'>): boolean {
  return a.situation === undefined
}

/** A prevention case that has not ended (PV4). */
export function isOpenPreventionCase(a: Pick<Applicant, 'situation' | 'prevention'>): boolean {
  return a.situation === undefined && a.prevention !== undefined && a.prevention.outcome === undefined
}

/**
 * PV3/PV4: may this household be offered a vacancy of `type` as far as prevention goes? A household
 * in one of the four situations always passes; an open prevention case only for a type the policy
 * opens to prevention cases; an ended prevention case never.
 */
export function preventionAllows(
  a: Pick<Applicant, 'situation' | 'prevention'>,
  type: VacancyType,
  openTo: readonly VacancyType[],
): boolean {
  if (!isPreventionCase(a)) return true
  return isOpenPreventionCase(a) && openTo.includes(type)
}

/**
 * Children at risk of eviction: the children under 18 on `asOf` of an open prevention case (0 for
 * any other household). Flagged on the household's page and counted in the prevention report.
 */
export function childrenAtRisk(
  a: Pick<Applicant, 'situation' | 'prevention' | 'household'>,
  asOf: string,
): number {
  if (!isOpenPreventionCase(a)) return 0
  return a.household.children.filter((c) => ageOn(asOf, c.birthYear, c.birthMonth) < 18).length
}

/** PV6: the outcomes that end a case with the household housed (at home or elsewhere). */
export const housedOutcomes: readonly PreventionOutcome[] = [
  'stay_put_agreement',
  'arrears_settled',
  'moved_on_own',
  'rehoused',
]

/** The outcomes in Swedish, as staff and reports name them. */
export const preventionOutcomeNames: Record<PreventionOutcome, string> = {
  stay_put_agreement: 'avtal om att bo kvar',
  arrears_settled: 'hyresskulden betald',
  moved_on_own: 'flyttade på egen hand',
  rehoused: 'fick en annan bostad',
  evicted: 'vräktes',
  closed_other: 'avslutat av annat skäl',
}

/** What the household risks losing, in Swedish. */
export const preventionTenureNames: Record<PreventionTenure, string> = {
  first_hand_lease: 'eget förstahandskontrakt',
  sublet: 'andrahandskontrakt i eget namn',
  owned: 'egen bostad (bostadsrätt eller hus)',
}

/** A prevention case's signals as short Swedish phrases, for pages and extracts. */
export function preventionSignalsSv(p: Prevention, evictionDate: string | undefined): string[] {
  const out: string[] = []
  const arrears = p.signals.rentArrears
  if (arrears !== undefined) {
    const kr = new Intl.NumberFormat('sv-SE').format(arrears.amount)
    out.push(`hyresskuld ${kr} kr, ${arrears.months} ${arrears.months === 1 ? 'månad' : 'månader'}`)
  }
  if (p.signals.landlordNotice !== undefined)
    out.push(`underrättelse från hyresvärden (JB 12:44) mottagen ${p.signals.landlordNotice.receivedOn}`)
  if (p.signals.evictionApplication !== undefined)
    out.push(`ansökan om avhysning hos Kronofogden ${p.signals.evictionApplication.filedOn}`)
  if (evictionDate !== undefined) out.push(`beslutat avhysningsdatum ${evictionDate}`)
  return out
}
