import { maxMatchingSize } from '../../../solver/max-matching.ts'
import type { Edges, MatchProblem, SideConstraint } from '../../../solver/problem.ts'
import type { Policy } from '../policy.ts'
import type { RoundInput } from '../round.ts'
import { vacancyTypes } from '../vocabulary.ts'
import { householdTakesPart, type RuleContext, sweepHousehold, vacancySideBits } from './eligibility.ts'
import {
  type HouseholdFacts,
  householdFacts,
  normaliseDistrict,
  type VacancyColumns,
  type VacancyFacts,
  vacancyColumns,
  vacancyFacts,
} from './household-facts.ts'
import { pairCents, priorityTerms, type ScoreTerm, sumCents, waitingCentsOf } from './scoring.ts'

/** What a side constraint means in the policy's words, for reports and explanations. */
export interface ConstraintInfo {
  readonly name: string
  readonly family: 'childrenFloor' | 'districtCap' | 'programQuota' | 'groupParity'
  readonly params: Readonly<Record<string, string | number | boolean>>
}

/**
 * A floor (children floor, program quota) the round lowered below the policy's
 * figure because no assignment could place that many at once.
 */
export interface LoweredFloor {
  readonly name: string
  readonly family: 'childrenFloor' | 'programQuota'
  /** What the policy asked for in this round. */
  readonly wanted: number
  /** What the round asks for: the most that can be placed at once (0: the row is left out). */
  readonly atLeast: number
}

/**
 * A round made ready for the solver: households and vacancies in canonical
 * order, every eligible pair as an edge with its score, and the policy's side
 * constraints as rows.
 *
 * Canonical order is what makes results independent of input order:
 * households by (lottery number, id), vacancies by id, edges by (household,
 * vacancy). Solvers only ever see this order.
 */
export interface PreparedRound {
  readonly asOf: string
  readonly policy: Policy
  readonly households: readonly HouseholdFacts[]
  readonly vacancies: readonly VacancyFacts[]
  readonly priority: readonly { readonly terms: readonly ScoreTerm[]; readonly cents: number }[]
  /** Score of each edge in hundredths of a point (what the policy says the pair is worth). */
  readonly edgeCents: Int32Array
  readonly problem: MatchProblem
  readonly constraintInfo: readonly ConstraintInfo[]
  /** Floors lowered to what can be placed at once, in the order they were decided. */
  readonly loweredFloors: readonly LoweredFloor[]
  /**
   * Weight of one cent of score: edge weight = cents × tieScale + tie-breaks
   * (see `tieScales`), so the tie-breaks decide only between equal totals of score.
   */
  readonly tieScale: number
  /** Households per tie-break bucket: 1 unless the round is so large that exact ranks would overflow a double. */
  readonly tieBucket: number
  /** Vacancies per tie-break bucket, likewise. */
  readonly vacancyTieBucket: number
  /** Edge index range [start, end) for each household: edges are grouped by household. */
  readonly edgeStart: Int32Array
  /** The vacancies as columns, for checking a household against all of them at once (`sweepHousehold`). */
  readonly vacancyColumns: VacancyColumns
  /** The vacancy-side rules each vacancy fails, as bits (`vacancySideBits`). */
  readonly vacancyBits: Int32Array
  /**
   * Each household's sweep as preparing made it, kept for the explanations' rule counts so that they
   * need not sweep again: absent for a round above `keptSweepPairs` pairs (the memory it would take).
   */
  readonly sweeps?: KeptSweeps
}

/**
 * The sweeps of a round (`sweepHousehold`): household h's failed-rule bits per vacancy are
 * `fails[h·m … (h+1)·m)` and its household-side bits `householdBits[h]`, where `swept[h]` is 1 (a
 * household that takes no part was not swept).
 */
export interface KeptSweeps {
  readonly fails: Int32Array
  readonly householdBits: Int32Array
  readonly swept: Uint8Array
}

/** The largest round (households × vacancies) whose sweeps are kept: 64 MB of them. */
export const keptSweepPairs = 16_000_000

const compareHouseholds = (a: HouseholdFacts, b: HouseholdFacts) =>
  a.applicant.lotteryNumber - b.applicant.lotteryNumber || (a.applicant.id < b.applicant.id ? -1 : 1)

/** Vacancies free earliest come first (fewer empty days), then by id. */
const compareVacancies = (a: VacancyFacts, b: VacancyFacts) =>
  a.vacancy.availableFrom < b.vacancy.availableFrom
    ? -1
    : a.vacancy.availableFrom > b.vacancy.availableFrom
      ? 1
      : a.vacancy.id < b.vacancy.id
        ? -1
        : a.vacancy.id > b.vacancy.id
          ? 1
          : 0

/** Safe integer headroom: weights summed along augmenting paths and over a matching stay far below 2^53. */
const weightHeadroom = 2 ** 50

export function prepareRound(input: RoundInput): PreparedRound {
  const { asOf, policy } = input
  const ctx: RuleContext = { asOf, policy }
  const households = input.applicants.map((a) => householdFacts(a, asOf, policy)).sort(compareHouseholds)
  const vacancies = input.vacancies.map((v) => vacancyFacts(v, policy)).sort(compareVacancies)
  const priority = households.map((h) => {
    const terms = priorityTerms(h, asOf, policy)
    return { terms, cents: sumCents(terms), waiting: waitingCentsOf(terms) }
  })

  // Edges go straight into typed arrays that double when full: a national round has about 10^8
  // pairs, which as plain arrays of numbers took gigabytes of the heap (and its limit) before a
  // copy into typed arrays; typed arrays live outside the heap, at 4 bytes an entry.
  const out = new EdgeBuffer(Math.max(16, Math.min(households.length * vacancies.length, 1 << 20)))
  const edgeStart = new Int32Array(households.length + 1)
  let maxCents = 1
  // One-sided rules once per side; then each household against every vacancy at once, by the pair
  // rules' sweeps over the vacancies as columns. Edges stay in (household, vacancy) canonical order.
  const anyHousehold = households[0]
  const anyVacancy = vacancies[0]
  const columns = vacancyColumns(vacancies)
  const vacancyBits = vacancySideBits(anyHousehold, vacancies, ctx)
  const m = vacancies.length
  const keep = households.length * m <= keptSweepPairs
  const sweeps: KeptSweeps | undefined = keep
    ? {
        fails: new Int32Array(households.length * m),
        householdBits: new Int32Array(households.length),
        swept: new Uint8Array(households.length),
      }
    : undefined
  const scratch = keep ? undefined : new Int32Array(m)
  households.forEach((h, i) => {
    edgeStart[i] = out.length
    if (anyVacancy === undefined || !householdTakesPart(h, anyVacancy, ctx)) return
    const fails = sweeps === undefined ? (scratch as Int32Array) : sweeps.fails.subarray(i * m, (i + 1) * m)
    const householdBits = sweepHousehold(h, columns, vacancyBits, ctx, fails)
    if (sweeps !== undefined) {
      sweeps.householdBits[i] = householdBits
      sweeps.swept[i] = 1
    }
    const p = priority[i]?.cents ?? 0
    const w = priority[i]?.waiting ?? 0
    for (let j = 0; j < fails.length; j++) {
      if (fails[j] !== 0) continue
      const c = pairCents(p, w, h, vacancies[j] as VacancyFacts, policy)
      out.push(i, j, c)
      if (c > maxCents) maxCents = c
    }
  })
  edgeStart[households.length] = out.length
  const { household: hs, vacancy: vs, cents: edgeCents } = out.finish()

  const { tieScale, vacancyScale, tieBucket, vacancyTieBucket } = tieScales(
    households.length,
    vacancies.length,
    maxCents,
  )
  const n = households.length
  const weight = new Float64Array(hs.length)
  for (let e = 0; e < hs.length; e++) {
    const tieH = Math.floor((n - 1 - (hs[e] as number)) / tieBucket)
    const tieV = Math.floor((m - 1 - (vs[e] as number)) / vacancyTieBucket)
    weight[e] = (edgeCents[e] as number) * tieScale + tieH * vacancyScale + tieV
  }
  const edges: Edges = { household: hs, vacancy: vs, weight }

  const { constraints, info, lowered } = sideConstraints(policy, households, vacancies, edges)
  return {
    asOf,
    policy,
    households,
    vacancies,
    priority,
    edgeCents,
    problem: { households: n, vacancies: vacancies.length, edges, constraints },
    constraintInfo: info,
    loweredFloors: lowered,
    tieScale,
    tieBucket,
    vacancyTieBucket,
    edgeStart,
    vacancyColumns: columns,
    vacancyBits,
    ...(sweeps === undefined ? {} : { sweeps }),
  }
}

/** Edges as three typed arrays that grow by doubling; `finish` trims them to their length. */
class EdgeBuffer {
  #household: Int32Array
  #vacancy: Int32Array
  #cents: Int32Array
  length = 0

  constructor(capacity: number) {
    this.#household = new Int32Array(capacity)
    this.#vacancy = new Int32Array(capacity)
    this.#cents = new Int32Array(capacity)
  }

  push(h: number, v: number, cents: number): void {
    if (this.length === this.#household.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2)
        b.set(a)
        return b
      }
      this.#household = grow(this.#household)
      this.#vacancy = grow(this.#vacancy)
      this.#cents = grow(this.#cents)
    }
    this.#household[this.length] = h
    this.#vacancy[this.length] = v
    this.#cents[this.length] = cents
    this.length++
  }

  finish(): { household: Int32Array; vacancy: Int32Array; cents: Int32Array } {
    return {
      household: this.#household.slice(0, this.length),
      vacancy: this.#vacancy.slice(0, this.length),
      cents: this.#cents.slice(0, this.length),
    }
  }
}

/**
 * The scales of the three-level edge weight
 *   cents × tieScale + tieH(household) × vacancyScale + tieV(vacancy)
 * where tieH is larger for an earlier lottery number and tieV larger for a
 * vacancy earlier in canonical order. Over any matching (at most k edges) the
 * tieV sum stays below vacancyScale and the lower two levels below tieScale, so
 * each level decides only between equal totals of the levels above it.
 *
 * When exact ranks would push weights past 2^50 (sums of them must stay exact
 * in a double), ranks are grouped in buckets: vacancies first, then households.
 */
export function tieScales(n: number, m: number, maxCents: number) {
  const k = Math.max(1, Math.min(n, m))
  let tieBucket = 1
  let vacancyTieBucket = 1
  for (;;) {
    const levelsH = Math.ceil(Math.max(1, n) / tieBucket)
    const levelsV = Math.ceil(Math.max(1, m) / vacancyTieBucket)
    // tieV ≤ levelsV − 1, so Σ tieV over k edges < k(levelsV − 1) + 1; likewise one level up.
    const vacancyScale = k * (levelsV - 1) + 1
    const tieScale = (k * (levelsH - 1) + 1) * vacancyScale
    if (maxCents * tieScale * (k + 1) <= weightHeadroom) {
      return { tieScale, vacancyScale, tieBucket, vacancyTieBucket }
    }
    if (levelsV > 1) vacancyTieBucket *= 2
    else if (levelsH > 1) tieBucket *= 2
    else
      throw new RangeError(
        `a round of ${n} × ${m} with scores up to ${maxCents} cents exceeds exact arithmetic`,
      )
  }
}

/** The policy's switched-on side constraints as solver rows, with their meaning. */
function sideConstraints(
  policy: Policy,
  households: readonly HouseholdFacts[],
  vacancies: readonly VacancyFacts[],
  edges: Edges,
): { constraints: SideConstraint[]; info: ConstraintInfo[]; lowered: LoweredFloor[] } {
  const constraints: SideConstraint[] = []
  const info: ConstraintInfo[] = []
  const lowered: LoweredFloor[] = []
  const H = households.length
  const M = vacancies.length
  const c = policy.constraints
  const hasEdge = new Uint8Array(households.length)
  const vacancyHasEdge = new Uint8Array(vacancies.length)
  for (let e = 0; e < edges.weight.length; e++) {
    hasEdge[edges.household[e] as number] = 1
    vacancyHasEdge[edges.vacancy[e] as number] = 1
  }

  if (c.childrenFloor.enabled) {
    const familySized = vacancies.filter((v) => v.familySized).length
    const wanted = Math.ceil(c.childrenFloor.share * familySized)
    const coef = new Float64Array(H)
    const mask = new Uint8Array(H)
    let candidates = 0
    households.forEach((h, i) => {
      if (h.hasChildren && hasEdge[i]) {
        coef[i] = 1
        mask[i] = 1
        candidates++
      }
    })
    // A floor above what can be placed at once could never hold: it asks for the largest number of
    // households with children that one assignment can place (a maximum matching on their eligible
    // pairs), and the result says so. Floors on vacancies (program quotas) need no adjustment for
    // this one: a set of households and a set of vacancies that can each be placed can be placed
    // together (Mendelsohn–Dulmage).
    const placeable = maxMatchingSize(H, M, edges, { households: mask, limit: wanted })
    const rhs = Math.min(wanted, placeable)
    if (rhs < wanted) lowered.push({ name: 'childrenFloor', family: 'childrenFloor', wanted, atLeast: rhs })
    if (rhs > 0) {
      constraints.push({ name: 'childrenFloor', scope: { kind: 'households', coef }, sense: '>=', rhs })
      info.push({
        name: 'childrenFloor',
        family: 'childrenFloor',
        params: {
          familySizedVacancies: familySized,
          share: c.childrenFloor.share,
          wanted,
          atLeast: rhs,
          candidates,
        },
      })
    }
  }

  if (c.districtCaps.enabled) {
    const capped = new Map(c.districtCaps.districts.map((d) => [normaliseDistrict(d), d] as const))
    const groups = new Map<string, number[]>()
    vacancies.forEach((v, j) => {
      if (!vacancyHasEdge[j] || !capped.has(v.district)) return
      const list = groups.get(v.district) ?? []
      list.push(j)
      groups.set(v.district, list)
    })
    for (const [key, members] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
      // A cap at or above the district's eligible vacancies cannot bind; it is left out of the model.
      if (members.length <= c.districtCaps.maxPerDistrict) continue
      const coef = new Float64Array(vacancies.length)
      for (const j of members) coef[j] = 1
      const district = capped.get(key) ?? key
      const name = `districtCap:${district}`
      // The households the policy exempts here: those that listed the district among their own
      // preferred districts (any rank). None listed it: the row is the plain cap, as before.
      let exempt: Uint8Array | undefined
      if (c.districtCaps.exemptOwnChoice === true) {
        households.forEach((h, i) => {
          if (!h.districtRank.has(key)) return
          exempt ??= new Uint8Array(H)
          exempt[i] = 1
        })
      }
      constraints.push({
        name,
        scope: exempt === undefined ? { kind: 'vacancies', coef } : { kind: 'vacancies', coef, exempt },
        sense: '<=',
        rhs: c.districtCaps.maxPerDistrict,
      })
      info.push({
        name,
        family: 'districtCap',
        params: {
          district,
          atMost: c.districtCaps.maxPerDistrict,
          vacancies: members.length,
          ...(c.districtCaps.exemptOwnChoice === true ? { exemptOwnChoice: true } : {}),
        },
      })
    }
  }

  // Program quotas, decided in the fixed order of the vacancy types (a type listed twice asks for the
  // larger figure). Each asks for at most what can be placed in its type while the quotas decided
  // before it hold: by Rado's theorem on the vacancies a matching can fill, that is
  // min over earlier sets J of rank(type ∪ J) − Σ_J atLeast, where rank counts the vacancies one
  // assignment can fill at once (a maximum matching). So the quotas can always hold together.
  const quotaTarget = new Map<string, number>()
  for (const quota of c.programQuotas) {
    if (quota.atLeast > 0)
      quotaTarget.set(quota.type, Math.max(quotaTarget.get(quota.type) ?? 0, quota.atLeast))
  }
  const decided: { mask: Uint8Array; atLeast: number }[] = []
  for (const type of vacancyTypes) {
    const wanted = quotaTarget.get(type)
    if (wanted === undefined) continue
    const coef = new Float64Array(M)
    const mask = new Uint8Array(M)
    let available = 0
    vacancies.forEach((v, j) => {
      if (v.vacancy.type === type) {
        coef[j] = 1
        mask[j] = 1
        available++
      }
    })
    let rhs = wanted
    for (let subset = 0; subset < 1 << decided.length && rhs > 0; subset++) {
      const union = mask.slice()
      let asked = 0
      decided.forEach((d, i) => {
        if (!(subset & (1 << i))) return
        asked += d.atLeast
        for (let j = 0; j < M; j++) if (d.mask[j]) union[j] = 1
      })
      const rank = maxMatchingSize(H, M, edges, { vacancies: union, limit: wanted + asked })
      rhs = Math.min(rhs, rank - asked)
    }
    rhs = Math.max(0, rhs)
    const name = `programQuota:${type}`
    if (rhs < wanted) lowered.push({ name, family: 'programQuota', wanted, atLeast: rhs })
    if (rhs === 0) continue
    decided.push({ mask, atLeast: rhs })
    constraints.push({ name, scope: { kind: 'vacancies', coef }, sense: '>=', rhs })
    info.push({
      name,
      family: 'programQuota',
      params: { type, wanted, atLeast: rhs, available },
    })
  }

  if (c.groupParity.enabled) {
    const eligible = households.map((_, i) => hasEdge[i] === 1)
    const total = eligible.filter(Boolean).length
    for (const attribute of c.groupParity.attributes) {
      const groups = new Map<string, number[]>()
      households.forEach((h, i) => {
        if (!eligible[i]) return
        const value = String(h.applicant.monitoring[attribute] ?? 'unknown')
        const list = groups.get(value) ?? []
        list.push(i)
        groups.set(value, list)
      })
      if (groups.size < 2) continue
      for (const [value, members] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
        // m_g/n_g − m/n within ±ε  ⇔  Σ_h ([h∈g] − n_g/n) x_h within ±ε·n_g.
        const share = members.length / total
        const coef = new Float64Array(households.length)
        households.forEach((_, i) => {
          if (eligible[i]) coef[i] = -share
        })
        for (const i of members) coef[i] = 1 - share
        const slack = c.groupParity.epsilon * members.length
        const base = `groupParity:${attribute}=${value}`
        constraints.push({
          name: `${base}:upper`,
          scope: { kind: 'households', coef },
          sense: '<=',
          rhs: slack,
        })
        constraints.push({
          name: `${base}:lower`,
          scope: { kind: 'households', coef },
          sense: '>=',
          rhs: -slack,
        })
        const params = { attribute, value, eligible: members.length, epsilon: c.groupParity.epsilon }
        info.push({ name: `${base}:upper`, family: 'groupParity', params })
        info.push({ name: `${base}:lower`, family: 'groupParity', params })
      }
    }
  }
  return { constraints, info, lowered }
}
