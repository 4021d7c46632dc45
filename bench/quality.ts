import type { MatchProblem } from '../solver/problem.ts'
import { daysBetween } from '../src/domain/dates.ts'
import type { PreparedRound } from '../src/domain/match/prepare-round.ts'
import { rowValue } from '../src/domain/match/run-round.ts'

/**
 * What the benchmark needs to know about each household to judge an answer,
 * in the solver's canonical order. Kept apart from the solvers so that every
 * answer (exact, heuristic, or wrong) is judged by the same code.
 */
export interface HouseholdProfile {
  /** Children in the household. */
  readonly children: Int32Array
  /** 1 when the household is in acute homelessness (situation 1). */
  readonly acute: Uint8Array
  /** The household's priority under the policy, in hundredths of a point (independent of the vacancy). */
  readonly priorityCents: Float64Array
  /** Days from registration to the round's date. */
  readonly waitDays: Float64Array
  /** 1 when the household has at least one eligible vacancy (an edge). */
  readonly eligible: Uint8Array
}

export function householdProfile(prepared: PreparedRound): HouseholdProfile {
  const n = prepared.households.length
  const profile = {
    children: new Int32Array(n),
    acute: new Uint8Array(n),
    priorityCents: new Float64Array(n),
    waitDays: new Float64Array(n),
    eligible: new Uint8Array(n),
  }
  prepared.households.forEach((h, i) => {
    profile.children[i] = h.childAges.length
    profile.acute[i] = h.applicant.situation?.code === 'acute' ? 1 : 0
    profile.priorityCents[i] = prepared.priority[i]?.cents ?? 0
    profile.waitDays[i] = Math.max(0, daysBetween(h.applicant.registeredOn, prepared.asOf))
  })
  for (const h of prepared.problem.edges.household) profile.eligible[h] = 1
  return profile
}

export interface Quality {
  /** Households placed. */
  readonly housed: number
  /** Children in the households placed. */
  readonly childrenHoused: number
  /** Households with children placed. */
  readonly familiesHoused: number
  /** Households in acute homelessness placed. */
  readonly acuteHoused: number
  /** Σ priority of the placed / Σ priority of every household with an eligible vacancy (0..1). */
  readonly priorityCoverage: number
  /** Mean days since registration of the placed; null when nobody is placed. */
  readonly meanWaitDaysHoused: number | null
}

/**
 * Quality of a set of chosen edges, recomputed from the edges alone. Assumes
 * nothing about the answer: a household chosen twice is counted once here and
 * reported by `violations`.
 *
 * @example
 *   const q = quality(problem, householdProfile(prepared), result.chosen)
 */
export function quality(
  problem: MatchProblem,
  profile: HouseholdProfile,
  chosen: ArrayLike<number>,
): Quality {
  const placed = new Uint8Array(problem.households)
  for (let i = 0; i < chosen.length; i++) placed[problem.edges.household[chosen[i] as number] as number] = 1
  let housed = 0
  let childrenHoused = 0
  let familiesHoused = 0
  let acuteHoused = 0
  let coveredCents = 0
  let eligibleCents = 0
  let waitSum = 0
  for (let h = 0; h < problem.households; h++) {
    if (profile.eligible[h]) eligibleCents += profile.priorityCents[h] as number
    if (!placed[h]) continue
    housed++
    const children = profile.children[h] as number
    childrenHoused += children
    if (children > 0) familiesHoused++
    acuteHoused += profile.acute[h] as number
    coveredCents += profile.priorityCents[h] as number
    waitSum += profile.waitDays[h] as number
  }
  return {
    housed,
    childrenHoused,
    familiesHoused,
    acuteHoused,
    priorityCoverage: eligibleCents > 0 ? coveredCents / eligibleCents : 0,
    meanWaitDaysHoused: housed > 0 ? waitSum / housed : null,
  }
}

export interface Violation {
  readonly name: string
  readonly value: number
  readonly sense: '<=' | '>=' | '=='
  readonly rhs: number
}

/**
 * Every rule of the problem an answer breaks: an edge that does not exist, a
 * household or vacancy used twice, a side constraint that fails (with 1e-6
 * tolerance for fractional parity coefficients).
 */
export function violations(problem: MatchProblem, chosen: ArrayLike<number>): Violation[] {
  const { edges } = problem
  const E = edges.weight.length
  const found: Violation[] = []
  const usedH = new Int32Array(problem.households)
  const usedV = new Int32Array(problem.vacancies)
  const valid: number[] = []
  for (let i = 0; i < chosen.length; i++) {
    const e = chosen[i] as number
    if (!Number.isInteger(e) || e < 0 || e >= E) {
      found.push({ name: `edge ${e} does not exist`, value: 1, sense: '==', rhs: 0 })
      continue
    }
    valid.push(e)
    const h = edges.household[e] as number
    const v = edges.vacancy[e] as number
    usedH[h] = (usedH[h] as number) + 1
    usedV[v] = (usedV[v] as number) + 1
  }
  usedH.forEach((n, h) => {
    if (n > 1) found.push({ name: `household ${h} at most once`, value: n, sense: '<=', rhs: 1 })
  })
  usedV.forEach((n, v) => {
    if (n > 1) found.push({ name: `vacancy ${v} at most once`, value: n, sense: '<=', rhs: 1 })
  })
  problem.constraints.forEach((c, k) => {
    const value = rowValue(problem, k, valid)
    const ok = c.sense === '<=' ? value <= c.rhs + 1e-6 : value >= c.rhs - 1e-6
    if (!ok) found.push({ name: c.name, value: Math.round(value * 1e6) / 1e6, sense: c.sense, rhs: c.rhs })
  })
  return found
}

/** Σ w_e over the chosen edges, recomputed (exact: integer weights, sums far below 2^53). */
export function objectiveOf(problem: MatchProblem, chosen: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < chosen.length; i++) sum += problem.edges.weight[chosen[i] as number] ?? 0
  return sum
}
