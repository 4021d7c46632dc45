import { daysBetween } from '../dates.ts'
import type { Policy } from '../policy.ts'
import type { HouseholdFacts, VacancyFacts } from './household-facts.ts'

/**
 * Score = priority of the household + fit of the pair. Every term is explicit
 * and weighted in the policy. Terms are kept in hundredths of a point
 * (integers), so that the terms shown to a person add up exactly to the score
 * the solver used, and equal cases have exactly equal scores.
 *
 * Protected attributes (gender, birth country, birth year) are never read here.
 */

export const scoreTermCodes = [
  'situation',
  'institution_release',
  'children',
  'young_children',
  'eviction',
  'domestic_violence',
  'support_need',
  'waiting_time',
  'district_preference',
  'vacancy_type_preference',
  'under_occupancy',
  'minimum_pair_score',
] as const
export type ScoreTermCode = (typeof scoreTermCodes)[number]

export interface ScoreTerm {
  readonly term: ScoreTermCode
  /** Hundredths of a point (may be negative for penalties). */
  readonly cents: number
  readonly params: Readonly<Record<string, string | number | boolean>>
}

/** Points as hundredths of a point, rounded: how every term is kept. */
export const cents = (points: number) => Math.round(points * 100)

/**
 * The cents of a preference chosen at `rank` (0 for the first choice): `first`,
 * `stepDown` less per later choice, never below 0.
 */
export function preferenceCents(
  pref: { readonly first: number; readonly stepDown: number },
  rank: number,
): number {
  return Math.max(0, cents(pref.first) - cents(pref.stepDown) * rank)
}

/** Linear ramp: 0 when the date is `withinDays` or more away, full when it has come (or passed). */
function ramp(asOf: string, date: string, withinDays: number): { fraction: number; daysLeft: number } {
  const daysLeft = daysBetween(asOf, date)
  const fraction = Math.min(1, Math.max(0, 1 - daysLeft / withinDays))
  return { fraction, daysLeft }
}

/** The household's priority terms: what makes its need urgent, independent of the vacancy. */
export function priorityTerms(h: HouseholdFacts, asOf: string, policy: Policy): ScoreTerm[] {
  const s = policy.scoring
  const a = h.applicant
  // A prevention case is in none of the four situations, so it has no situation term; its urgency
  // is its eviction date and its children, scored as for every household.
  const terms: ScoreTerm[] =
    a.situation === undefined
      ? []
      : [
          {
            term: 'situation',
            cents: cents(s.situation[a.situation.code]),
            params: { situation: a.situation.code },
          },
        ]
  if (a.situation?.code === 'institution' && a.urgency.releaseDate !== undefined) {
    const r = ramp(asOf, a.urgency.releaseDate, s.institutionRelease.withinDays)
    if (r.fraction > 0) {
      terms.push({
        term: 'institution_release',
        cents: cents(s.institutionRelease.points * r.fraction),
        params: { daysLeft: r.daysLeft, withinDays: s.institutionRelease.withinDays },
      })
    }
  }
  if (h.hasChildren) {
    const n = h.childAges.length
    terms.push({ term: 'children', cents: cents(s.perChild) * n, params: { children: n } })
    const young = h.childAges.filter((age) => age < s.youngChildUnderAge).length
    if (young > 0) {
      terms.push({
        term: 'young_children',
        cents: cents(s.perYoungChild) * young,
        params: { youngChildren: young, underAge: s.youngChildUnderAge },
      })
    }
  }
  if (a.urgency.evictionDate !== undefined) {
    const r = ramp(asOf, a.urgency.evictionDate, s.eviction.withinDays)
    if (r.fraction > 0) {
      terms.push({
        term: 'eviction',
        cents: cents(s.eviction.points * r.fraction),
        params: { daysLeft: r.daysLeft, withinDays: s.eviction.withinDays },
      })
    }
  }
  if (a.safety.domesticViolence) {
    terms.push({ term: 'domestic_violence', cents: cents(s.domesticViolence), params: {} })
  }
  const support = cents(s.support[a.needs.supportLevel])
  if (support !== 0)
    terms.push({ term: 'support_need', cents: support, params: { level: a.needs.supportLevel } })
  const waited = Math.max(0, daysBetween(a.registeredOn, asOf))
  // The product is rounded, not the rate: 0.015 points a day for 100 days is 1.50 points.
  const waiting = Math.min(cents(s.waiting.cap), cents(s.waiting.perDay * waited))
  if (waiting > 0) {
    // Types the household accepts where waiting time earns nothing are named on the term, so that
    // every reader sees it (a type the household does not accept is never proposed to it).
    const except = s.waiting.notCountedFor.filter((t) => h.typeRank.has(t))
    terms.push({
      term: 'waiting_time',
      cents: waiting,
      params: except.length === 0 ? { days: waited } : { days: waited, exceptFor: except.join(',') },
    })
  }
  return terms
}

/**
 * The pair's fit terms: preferences and the use of the flat. Returns their sum
 * in cents and, when `out` is given, appends the terms to it; the pair loop of a
 * large round passes null and allocates nothing.
 */
export function fitInto(h: HouseholdFacts, v: VacancyFacts, policy: Policy, out: ScoreTerm[] | null): number {
  const s = policy.scoring
  let total = 0
  const districtRank = h.districtRank.get(v.district)
  if (districtRank !== undefined) {
    const c = preferenceCents(s.districtPreference, districtRank)
    if (c > 0) {
      total += c
      out?.push({ term: 'district_preference', cents: c, params: { rank: districtRank + 1 } })
    }
  }
  const typeRank = h.typeRank.get(v.vacancy.type)
  if (typeRank !== undefined) {
    const c = preferenceCents(s.vacancyTypePreference, typeRank)
    if (c > 0) {
      total += c
      out?.push({ term: 'vacancy_type_preference', cents: c, params: { rank: typeRank + 1 } })
    }
  }
  if (v.familySized) {
    const spare = v.bedrooms - h.bedroomsNeeded
    if (spare > 0) {
      const c = -cents(s.underOccupancyPerSpareRoom) * spare
      total += c
      out?.push({ term: 'under_occupancy', cents: c, params: { spareBedrooms: spare } })
    }
  }
  return total
}

/** The cents of the waiting-time term among a household's priority terms (0 when it has none). */
export function waitingCentsOf(priority: readonly ScoreTerm[]): number {
  for (const t of priority) if (t.term === 'waiting_time') return t.cents
  return 0
}

/**
 * The score of an eligible pair in cents, given the household's priority in cents and the part of it
 * that is waiting time (dropped for a vacancy where waiting time does not count); no allocation.
 */
export function pairCents(
  priorityCents: number,
  waitingCents: number,
  h: HouseholdFacts,
  v: VacancyFacts,
  policy: Policy,
): number {
  const priority = v.waitingCounts ? priorityCents : priorityCents - waitingCents
  return Math.max(cents(policy.scoring.minimumPairScore), priority + fitInto(h, v, policy, null))
}

/**
 * The full score of an eligible pair, in hundredths of a point, with its terms.
 * The sum never falls below the policy's minimum pair score, so that an
 * eligible pair is always worth making (non-wastefulness); when the floor
 * lifts a score, a `minimum_pair_score` term says by how much.
 */
export function scorePair(
  priority: readonly ScoreTerm[],
  priorityCents: number,
  h: HouseholdFacts,
  v: VacancyFacts,
  policy: Policy,
): { cents: number; terms: ScoreTerm[] } {
  let terms: ScoreTerm[]
  let base = priorityCents
  if (v.waitingCounts) terms = [...priority]
  else {
    // Waiting time earns nothing for this type of vacancy (ÖBO: the most urgent case first, no queue
    // inside the priority group); the term stays, at 0, so the explanation says so.
    terms = priority.map((t) => {
      if (t.term !== 'waiting_time') return t
      base -= t.cents
      return {
        term: t.term,
        cents: 0,
        params: { days: t.params.days as number, notCountedFor: v.vacancy.type },
      }
    })
  }
  let total = base + fitInto(h, v, policy, terms)
  const floor = cents(policy.scoring.minimumPairScore)
  if (total < floor) {
    terms.push({
      term: 'minimum_pair_score',
      cents: floor - total,
      params: { floor: policy.scoring.minimumPairScore },
    })
    total = floor
  }
  return { cents: total, terms }
}

/** Sum of term cents. */
export function sumCents(terms: readonly ScoreTerm[]): number {
  let total = 0
  for (const t of terms) total += t.cents
  return total
}
