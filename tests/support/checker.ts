/**
 * An independent checker for match rounds. It re-implements the hard rules,
 * the score and the side constraints straight from the policy's words, with
 * none of the engine's code, and judges a result against them. Tests never
 * trust the engine's own report.
 */
import type { Applicant } from '../../src/domain/applicant.ts'
import type { RoundInput } from '../../src/domain/round.ts'
import type { Vacancy } from '../../src/domain/vacancy.ts'
import { vacancyTypes } from '../../src/domain/vocabulary.ts'

const DAY = 86_400_000
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY)
/** Districts compare ignoring case, accents and spacing. */
const lower = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ')
    .toLowerCase()

function age(asOf: string, year: number, month: number) {
  const [y, m] = asOf.split('-').map(Number) as [number, number]
  return y - year - (m < month ? 1 : 0)
}

function childAges(input: RoundInput, a: Applicant) {
  return a.household.children.map((c) => Math.max(0, age(input.asOf, c.birthYear, c.birthMonth)))
}

function bedroomsNeeded(input: RoundInput, a: Applicant): number {
  const rules = input.policy.rules
  const kids = childAges(input, a)
  const persons = a.household.adults + kids.length
  if (rules.overcrowdingNorm === 'norm2') return Math.max(1, Math.ceil(persons / 2))
  const adults = a.household.adults >= 2 ? a.household.adults - 1 : a.household.adults
  if (!rules.norm3ChildrenUnder12Share) return Math.max(1, adults + kids.length)
  const young = kids.filter((k) => k < 12).length
  return Math.max(1, adults + Math.ceil(young / 2) + (kids.length - young))
}

/** The names of the hard rules the pair breaks (empty when eligible). */
export function brokenRules(input: RoundInput, a: Applicant, v: Vacancy): string[] {
  const p = input.policy
  const broken: string[] = []
  const persons = a.household.adults + a.household.children.length
  const bedrooms = Math.max(1, v.rooms - 1)
  if (a.status !== 'active') broken.push('applicant_active')
  if (v.status !== 'open') broken.push('vacancy_open')
  if (v.availableFrom > input.asOf) broken.push('available_by_round_date')
  if (a.declinedVacancyIds.includes(v.id)) broken.push('not_declined_before')
  if (!a.preferences.vacancyTypes.includes(v.type)) broken.push('vacancy_type_accepted')
  if (bedroomsNeeded(input, a) > bedrooms) broken.push('rooms_norm')
  if (v.type === 'obo_priority') {
    const caps = [...p.rules.oboOccupancyCaps].sort((x, y) => x.maxAreaM2 - y.maxAreaM2)
    const cap = caps.find((c) => v.areaM2 <= c.maxAreaM2) ?? caps.at(-1)
    if (cap && persons > cap.maxPersons) broken.push('obo_occupancy_cap')
  }
  if (a.household.children.length > 0 && v.areaM2 / persons < p.rules.minAreaPerPersonWithChildren) {
    broken.push('no_extreme_overcrowding_for_children')
  }
  const carried = a.economy.rentCarriedByMunicipality || p.rules.rentCarriedByProgram.includes(v.type)
  if (!carried && v.rent > a.economy.maxRent) broken.push('rent_affordable')
  if (a.needs.wheelchair && !v.wheelchairAccessible) broken.push('wheelchair_access')
  if (a.needs.elevator && !v.elevator && v.floor > 0) broken.push('elevator')
  if (a.needs.groundFloor && v.floor !== 0) broken.push('ground_floor')
  if (v.type === 'housing_first' && !a.needs.housingFirstAssessed) broken.push('housing_first_assessment')
  if (v.type === 'training_flat' && !a.needs.skillsTrainingNeed) broken.push('skills_training_need')
  const { minAge, maxAge } = v.restrictions
  if (minAge !== undefined || maxAge !== undefined) {
    // Within the range at some point of the round's calendar year (only the birth year is known).
    const y = a.monitoring.birthYear
    const turns = y === undefined ? undefined : Number(input.asOf.slice(0, 4)) - y
    if (
      turns === undefined ||
      (minAge !== undefined && turns < minAge) ||
      (maxAge !== undefined && turns - 1 > maxAge)
    ) {
      broken.push('program_age_range')
    }
  }
  if (
    p.rules.highSupportRequiresOnSite &&
    a.needs.supportLevel === 'high' &&
    v.type !== 'housing_first' &&
    !v.restrictions.supportOnSite
  ) {
    broken.push('support_on_site')
  }
  if (a.safety.excludedDistricts.some((d) => lower(d) === lower(v.district)))
    broken.push('not_excluded_district')
  if (!a.resident && p.rules.residencyRequiredFor.includes(v.type)) broken.push('residency')
  if (v.type === 'obo_priority' && p.rules.oboPriorityRequired && a.oboPriority === undefined)
    broken.push('obo_priority_approved')
  // The legal basis, from the policy's words: a structural case gets only what is opened to it; the
  // municipality's own programmes need a granted decision of the same kind in force on the day, and the
  // municipality to be the responsible one; nobody moves from one municipal sublet to another without a reason.
  if (a.legalBasis?.homelessness === 'structural' && !p.rules.structuralCasesOpenTo.includes(v.type))
    broken.push('structural_case_scope')
  if (
    p.rules.supportDecisionRequiredFor.includes(v.type) &&
    !(a.legalBasis?.supportDecisions ?? []).some(
      (d) =>
        d.grants === v.type &&
        d.decidedOn <= input.asOf &&
        (d.validUntil === undefined || input.asOf <= d.validUntil),
    )
  )
    broken.push('support_decision')
  const ground = a.legalBasis?.responsibility ?? (a.resident ? 'settled_here' : 'unknown')
  if (
    p.rules.responsibilityRequiredFor.includes(v.type) &&
    !['settled_here', 'staying_here', 'moving_in'].includes(ground)
  )
    broken.push('responsible_municipality')
  const inSublet =
    a.situation?.code === 'long_term_solution' &&
    ['social_contract', 'training_flat', 'trial_flat', 'municipal_contract'].includes(a.situation.kind)
  if (inSublet && a.subletMoveReason === undefined && p.rules.subletMoveNeedsReason.includes(v.type))
    broken.push('no_move_between_sublets')
  // A household in none of the four situations is a prevention case: only what the policy opens to
  // such cases, and nothing once the case has ended.
  if (
    a.situation === undefined &&
    (a.prevention?.outcome !== undefined || !p.rules.preventionOpenTo.includes(v.type))
  )
    broken.push('prevention_case_open')
  return broken
}

const eligibleMemo = new WeakMap<RoundInput, Map<string, boolean>>()

/** True when the pair breaks no hard rule (memoised per round: exhaustive search asks often). */
export function eligible(input: RoundInput, a: Applicant, v: Vacancy): boolean {
  let memo = eligibleMemo.get(input)
  if (!memo) {
    memo = new Map()
    eligibleMemo.set(input, memo)
  }
  const key = `${a.id}\u0000${v.id}`
  let answer = memo.get(key)
  if (answer === undefined) {
    answer = brokenRules(input, a, v).length === 0
    memo.set(key, answer)
  }
  return answer
}

const toCents = (x: number) => Math.round(x * 100)

/** The pair's score in hundredths of a point, from the policy's definition. */
export function scoreCents(input: RoundInput, a: Applicant, v: Vacancy): number {
  const s = input.policy.scoring
  const asOf = input.asOf
  let c = a.situation === undefined ? 0 : toCents(s.situation[a.situation.code])
  const ramp = (date: string | undefined, pts: number, within: number) => {
    if (date === undefined) return 0
    const left = days(asOf, date)
    return toCents(pts * Math.min(1, Math.max(0, 1 - left / within)))
  }
  if (a.situation?.code === 'institution')
    c += ramp(a.urgency.releaseDate, s.institutionRelease.points, s.institutionRelease.withinDays)
  const kids = childAges(input, a)
  c +=
    toCents(s.perChild) * kids.length +
    toCents(s.perYoungChild) * kids.filter((k) => k < s.youngChildUnderAge).length
  c += ramp(a.urgency.evictionDate, s.eviction.points, s.eviction.withinDays)
  if (a.safety.domesticViolence) c += toCents(s.domesticViolence)
  c += toCents(s.support[a.needs.supportLevel])
  // Waiting time counts except for the types the policy names (ÖBO: no queue inside the priority group).
  if (!s.waiting.notCountedFor.includes(v.type))
    c += Math.min(toCents(s.waiting.cap), toCents(s.waiting.perDay * Math.max(0, days(a.registeredOn, asOf))))
  const dRank = a.preferences.districts.findIndex((d) => lower(d) === lower(v.district))
  if (dRank >= 0)
    c += Math.max(0, toCents(s.districtPreference.first) - toCents(s.districtPreference.stepDown) * dRank)
  const tRank = a.preferences.vacancyTypes.indexOf(v.type)
  if (tRank >= 0)
    c += Math.max(
      0,
      toCents(s.vacancyTypePreference.first) - toCents(s.vacancyTypePreference.stepDown) * tRank,
    )
  if (v.rooms >= input.policy.constraints.childrenFloor.familySizedMinRooms) {
    const spare = Math.max(1, v.rooms - 1) - bedroomsNeeded(input, a)
    if (spare > 0) c -= toCents(s.underOccupancyPerSpareRoom) * spare
  }
  return Math.max(toCents(s.minimumPairScore), c)
}

export interface Pair {
  applicantId: string
  vacancyId: string
}

const hasEligible = (input: RoundInput, a: Applicant) => input.vacancies.some((v) => eligible(input, a, v))

/** The most pairs of these households and vacancies that can be made at once (augmenting paths, by recursion). */
function mostAtOnce(
  input: RoundInput,
  households: readonly Applicant[],
  vacancies: readonly Vacancy[],
): number {
  const holder = new Map<string, Applicant>()
  const tryPlace = (a: Applicant, seen: Set<string>): boolean => {
    for (const v of vacancies) {
      if (seen.has(v.id) || !eligible(input, a, v)) continue
      seen.add(v.id)
      const other = holder.get(v.id)
      if (!other || tryPlace(other, seen)) {
        holder.set(v.id, a)
        return true
      }
    }
    return false
  }
  let placed = 0
  for (const a of households) if (tryPlace(a, new Set())) placed++
  return placed
}

const floorMemo = new WeakMap<RoundInput, { children: number; quotas: Map<string, number> }>()

/**
 * What each floor asks for in this round: the policy's figure, lowered to the most that can be
 * placed at once. Quotas are decided in the order of the vacancy types, each while the earlier
 * ones hold: by Rado's theorem, min over sets J of earlier quotas of (most placeable in the type
 * and J together) − (what J asks for).
 */
export function floorsAskedFor(input: RoundInput): { children: number; quotas: Map<string, number> } {
  const memo = floorMemo.get(input)
  if (memo) return memo
  const c = input.policy.constraints
  const family = input.vacancies.filter((v) => v.rooms >= c.childrenFloor.familySizedMinRooms).length
  const parents = input.applicants.filter((a) => a.household.children.length > 0)
  const children = c.childrenFloor.enabled
    ? Math.min(Math.ceil(c.childrenFloor.share * family), mostAtOnce(input, parents, input.vacancies))
    : 0
  const quotas = new Map<string, number>()
  const earlier: { type: string; asks: number }[] = []
  for (const type of vacancyTypes) {
    const wanted = Math.max(0, ...c.programQuotas.filter((q) => q.type === type).map((q) => q.atLeast))
    if (wanted === 0) continue
    let asks = wanted
    for (let subset = 0; subset < 1 << earlier.length; subset++) {
      const chosen = earlier.filter((_, i) => subset & (1 << i))
      const types = new Set([type, ...chosen.map((q) => q.type)])
      const most = mostAtOnce(
        input,
        input.applicants,
        input.vacancies.filter((v) => types.has(v.type)),
      )
      asks = Math.min(asks, most - chosen.reduce((n, q) => n + q.asks, 0))
    }
    asks = Math.max(0, asks)
    quotas.set(type, asks)
    if (asks > 0) earlier.push({ type, asks })
  }
  const out = { children, quotas }
  floorMemo.set(input, out)
  return out
}

/**
 * The policy's side constraints, as predicates over a set of pairs. Each
 * returns a violation message or null.
 */
export function constraintViolations(input: RoundInput, pairs: readonly Pair[]): string[] {
  const c = input.policy.constraints
  const byId = new Map(input.applicants.map((a) => [a.id, a]))
  const vById = new Map(input.vacancies.map((v) => [v.id, v]))
  const out: string[] = []
  const floors = floorsAskedFor(input)
  if (c.childrenFloor.enabled) {
    const need = floors.children
    const got = pairs.filter((p) => (byId.get(p.applicantId)?.household.children.length ?? 0) > 0).length
    if (got < need) out.push(`childrenFloor: ${got} < ${need}`)
  }
  if (c.districtCaps.enabled) {
    // With exemptOwnChoice, a household that lists the district among its preferred districts (any
    // rank) is not counted; a policy without the switch counts everyone.
    const exempt = (p: Pair, d: string) =>
      c.districtCaps.exemptOwnChoice === true &&
      (byId.get(p.applicantId)?.preferences.districts ?? []).some((x) => lower(x) === lower(d))
    for (const d of c.districtCaps.districts) {
      const got = pairs.filter(
        (p) => lower(vById.get(p.vacancyId)?.district ?? '') === lower(d) && !exempt(p, d),
      ).length
      if (got > c.districtCaps.maxPerDistrict)
        out.push(`districtCap:${d}: ${got} > ${c.districtCaps.maxPerDistrict}`)
    }
  }
  for (const [type, need] of floors.quotas) {
    const got = pairs.filter((p) => vById.get(p.vacancyId)?.type === type).length
    if (got < need) out.push(`programQuota:${type}: ${got} < ${need}`)
  }
  if (c.groupParity.enabled) {
    const pool = input.applicants.filter((a) => hasEligible(input, a))
    const matched = new Set(pairs.map((p) => p.applicantId))
    const overall = pool.filter((a) => matched.has(a.id)).length / Math.max(1, pool.length)
    for (const attribute of c.groupParity.attributes) {
      const groups = new Map<string, Applicant[]>()
      for (const a of pool) {
        const key = String(a.monitoring[attribute] ?? 'unknown')
        groups.set(key, [...(groups.get(key) ?? []), a])
      }
      if (groups.size < 2) continue
      for (const [value, members] of groups) {
        const rate = members.filter((a) => matched.has(a.id)).length / members.length
        if (Math.abs(rate - overall) > c.groupParity.epsilon + 1e-9) {
          out.push(`groupParity:${attribute}=${value}: |${rate} - ${overall}| > ${c.groupParity.epsilon}`)
        }
      }
    }
  }
  return out
}

/** Everything wrong with a result's proposals; empty when it is a valid answer for the round. */
export function violations(input: RoundInput, pairs: readonly (Pair & { score: number })[]): string[] {
  const out: string[] = []
  const byId = new Map(input.applicants.map((a) => [a.id, a]))
  const vById = new Map(input.vacancies.map((v) => [v.id, v]))
  const seenA = new Set<string>()
  const seenV = new Set<string>()
  for (const p of pairs) {
    if (seenA.has(p.applicantId)) out.push(`household ${p.applicantId} used twice`)
    if (seenV.has(p.vacancyId)) out.push(`vacancy ${p.vacancyId} used twice`)
    seenA.add(p.applicantId)
    seenV.add(p.vacancyId)
    const a = byId.get(p.applicantId)
    const v = vById.get(p.vacancyId)
    if (!a || !v) {
      out.push(`unknown pair ${p.applicantId}/${p.vacancyId}`)
      continue
    }
    const broken = brokenRules(input, a, v)
    if (broken.length > 0) out.push(`${p.applicantId}→${p.vacancyId} breaks ${broken.join(', ')}`)
    const expected = scoreCents(input, a, v)
    if (toCents(p.score) !== expected)
      out.push(`${p.applicantId}→${p.vacancyId} score ${p.score} ≠ ${expected / 100}`)
  }
  out.push(...constraintViolations(input, pairs))
  return out
}

/** Σ score in cents of a set of pairs, recomputed. */
export function totalCents(input: RoundInput, pairs: readonly Pair[]): number {
  const byId = new Map(input.applicants.map((a) => [a.id, a]))
  const vById = new Map(input.vacancies.map((v) => [v.id, v]))
  let total = 0
  for (const p of pairs) {
    const a = byId.get(p.applicantId)
    const v = vById.get(p.vacancyId)
    if (a && v) total += scoreCents(input, a, v)
  }
  return total
}

/**
 * The best total score (cents) of any valid set of pairs, by exhaustive search
 * over vacancies (each to one eligible household or nobody). For small rounds
 * only: up to about 8 households × 5 vacancies. null when no valid set exists.
 */
export function exhaustiveOptimum(input: RoundInput): number | null {
  const vacancies = input.vacancies
  const options = vacancies.map((v) => input.applicants.filter((a) => eligible(input, a, v)))
  let best: number | null = null
  const chosen: Pair[] = []
  const used = new Set<string>()
  const visit = (j: number) => {
    if (j === vacancies.length) {
      if (constraintViolations(input, chosen).length === 0) {
        const t = totalCents(input, chosen)
        if (best === null || t > best) best = t
      }
      return
    }
    visit(j + 1)
    const v = vacancies[j] as Vacancy
    for (const a of options[j] ?? []) {
      if (used.has(a.id)) continue
      used.add(a.id)
      chosen.push({ applicantId: a.id, vacancyId: v.id })
      visit(j + 1)
      chosen.pop()
      used.delete(a.id)
    }
  }
  visit(0)
  return best
}
