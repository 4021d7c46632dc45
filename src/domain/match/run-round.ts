import { type Engine, solveMatch } from '../../../solver/index.ts'
import type { MatchProblem, SolveResult, SolveStatus } from '../../../solver/problem.ts'
import type { RoundInput } from '../round.ts'
import { canonicalPairing } from './canonical-pairing.ts'
import {
  explainProposal,
  explainUnmatched,
  type ProposalExplanation,
  type UnmatchedExplanation,
} from './explain.ts'
import { type ConstraintInfo, type PreparedRound, prepareRound } from './prepare-round.ts'
import { points } from './texts.ts'

/** Branch and bound on crossing constraints stops here unless told otherwise; the best answer found is kept. */
export const defaultTimeLimitMs = 30_000

export interface RoundOptions {
  readonly engine?: Engine
  /** Wall-clock budget for what a solver can interrupt (default `defaultTimeLimitMs`). */
  readonly timeLimitMs?: number
  /** Explanations for every proposal and unmatched household (default true). Benchmarks turn them off. */
  readonly explain?: boolean
  /** Re-solve without each constraint family to report its price (default true). */
  readonly priceConstraints?: boolean
}

export interface ConstraintReport {
  readonly name: string
  readonly family: ConstraintInfo['family']
  readonly sense: '<=' | '>='
  readonly rhs: number
  /** The row's value in the proposal. */
  readonly value: number
  /** True when the row holds with no room to spare. */
  readonly tight: boolean
  readonly params: ConstraintInfo['params']
  /**
   * The price of the constraint's family: objective (points) without the family
   * minus with it. 0 means the family cost nothing this round.
   */
  readonly price: number | null
}

export interface GroupFigure {
  readonly attribute: 'gender' | 'bornAbroad' | 'hasChildren' | 'situation'
  readonly value: string
  /** Households in the group eligible for at least one vacancy. */
  readonly eligible: number
  readonly matched: number
  readonly rate: number | null
}

export interface RoundResult {
  readonly status: SolveStatus
  readonly asOf: string
  readonly policy: { readonly id: string; readonly version: number }
  /** Sum of the proposals' scores, in points. */
  readonly objective: number
  /** An upper bound on the best achievable objective, in points. */
  readonly bound: number
  /** (bound − objective) / bound, 0 when proven optimal. */
  readonly gap: number
  readonly conflicting?: readonly string[]
  readonly message?: string
  readonly proposals: readonly {
    readonly applicantId: string
    readonly vacancyId: string
    readonly score: number
    readonly explanation?: ProposalExplanation
  }[]
  readonly unmatched: readonly { readonly applicantId: string; readonly explanation?: UnmatchedExplanation }[]
  readonly constraints: readonly ConstraintReport[]
  /** Equality monitoring: match rates per monitored group among eligible households, always reported. */
  readonly equality: { readonly overallRate: number | null; readonly groups: readonly GroupFigure[] }
  readonly stats: {
    readonly engine: string
    readonly applicants: number
    readonly vacancies: number
    readonly eligiblePairs: number
    readonly tieBucket: number
    readonly vacancyTieBucket: number
  }
}

/**
 * Runs one match round: eligibility, scores, one optimisation over the whole
 * round, and the reading of the answer with explanations. Pure: the same input
 * gives the same result, byte for byte, in any input order.
 */
export function runRound(input: RoundInput, options: RoundOptions = {}): RoundResult {
  const prepared = prepareRound(input)
  const solved = solveMatch(prepared.problem, {
    engine: options.engine,
    timeLimitMs: options.timeLimitMs ?? defaultTimeLimitMs,
  })
  // Only a proven optimum has a canonical pairing; an incumbent is reported as found.
  const chosen = solved.status === 'optimal' ? canonicalPairing(prepared, solved.chosen) : solved.chosen
  return readResult(prepared, { ...solved, chosen }, options)
}

export function readResult(
  prepared: PreparedRound,
  solved: SolveResult,
  options: RoundOptions = {},
): RoundResult {
  const { problem, households, vacancies, edgeCents, tieScale } = prepared
  const { edges } = problem
  const explain = options.explain ?? true
  const chosen = [...solved.chosen].sort(
    (a, b) => (edges.household[a] as number) - (edges.household[b] as number),
  )
  const matchedEdgeOfHousehold = new Int32Array(households.length).fill(-1)
  const matchedEdgeOfVacancy = new Int32Array(vacancies.length).fill(-1)
  let objectiveCents = 0
  for (const e of chosen) {
    matchedEdgeOfHousehold[edges.household[e] as number] = e
    matchedEdgeOfVacancy[edges.vacancy[e] as number] = e
    objectiveCents += edgeCents[e] as number
  }
  const constraints = constraintReports(prepared, solved, options)
  const reading = { prepared, solved, matchedEdgeOfHousehold, matchedEdgeOfVacancy, constraints }

  const proposals = chosen.map((e) => {
    const h = edges.household[e] as number
    const v = edges.vacancy[e] as number
    return {
      applicantId: households[h]?.applicant.id ?? '',
      vacancyId: vacancies[v]?.vacancy.id ?? '',
      score: points(edgeCents[e] as number),
      ...(explain ? { explanation: explainProposal(reading, e) } : {}),
    }
  })
  const unmatched: RoundResult['unmatched'][number][] = []
  households.forEach((h, i) => {
    if (matchedEdgeOfHousehold[i] !== -1) return
    unmatched.push({
      applicantId: h.applicant.id,
      ...(explain ? { explanation: explainUnmatched(reading, i) } : {}),
    })
  })
  // Results are listed by id, not by the internal canonical order, so that people can find themselves.
  proposals.sort((a, b) => (a.applicantId < b.applicantId ? -1 : 1))
  unmatched.sort((a, b) => (a.applicantId < b.applicantId ? -1 : 1))

  const solvedOk = solved.status === 'optimal' || (solved.status === 'timedout' && solved.chosen.length > 0)
  const objective = solvedOk ? points(objectiveCents) : 0
  const bound =
    solved.status === 'optimal' ? objective : solvedOk ? points(Math.floor(solved.bound / tieScale)) : 0
  return {
    status: solved.status,
    asOf: prepared.asOf,
    policy: { id: prepared.policy.id, version: prepared.policy.version },
    objective,
    bound,
    gap: bound > 0 ? Math.max(0, (bound - objective) / bound) : 0,
    ...(solved.conflicting ? { conflicting: solved.conflicting } : {}),
    ...(solved.message ? { message: solved.message } : {}),
    proposals,
    unmatched,
    constraints,
    equality: equalityFigures(prepared, matchedEdgeOfHousehold),
    stats: {
      engine: String(solved.stats.engine ?? solved.stats.solver ?? 'unknown'),
      applicants: households.length,
      vacancies: vacancies.length,
      eligiblePairs: edges.weight.length,
      tieBucket: prepared.tieBucket,
      vacancyTieBucket: prepared.vacancyTieBucket,
    },
  }
}

export type Reading = {
  readonly prepared: PreparedRound
  readonly solved: SolveResult
  readonly matchedEdgeOfHousehold: Int32Array
  readonly matchedEdgeOfVacancy: Int32Array
  readonly constraints: readonly ConstraintReport[]
}

/** The value of row `k` for a set of chosen edges. */
export function rowValue(problem: MatchProblem, k: number, chosen: Iterable<number>): number {
  const c = problem.constraints[k]
  if (!c) return 0
  let value = 0
  for (const e of chosen) {
    const index = c.scope.kind === 'households' ? problem.edges.household[e] : problem.edges.vacancy[e]
    value += c.scope.coef[index as number] ?? 0
  }
  return value
}

function constraintReports(
  prepared: PreparedRound,
  solved: SolveResult,
  options: RoundOptions,
): ConstraintReport[] {
  const { problem, constraintInfo } = prepared
  const families = [...new Set(constraintInfo.map((i) => i.family))]
  const price = new Map<string, number | null>()
  const priced = (options.priceConstraints ?? true) && solved.status === 'optimal'
  for (const family of families) {
    if (!priced) {
      price.set(family, null)
      continue
    }
    const without = problem.constraints.filter((_, k) => constraintInfo[k]?.family !== family)
    const relaxed = solveMatch(
      { ...problem, constraints: without },
      { engine: options.engine, timeLimitMs: options.timeLimitMs ?? defaultTimeLimitMs },
    )
    price.set(
      family,
      relaxed.status === 'optimal'
        ? Math.max(0, points(centsOf(prepared, relaxed.chosen) - centsOf(prepared, solved.chosen)))
        : null,
    )
  }
  return problem.constraints.map((c, k) => {
    // prepareRound pushes each row and its meaning together: the two lists are parallel.
    const info = constraintInfo[k] as ConstraintInfo
    const value = rowValue(problem, k, solved.chosen)
    const slack = c.sense === '<=' ? c.rhs - value : value - c.rhs
    return {
      name: c.name,
      family: info.family,
      sense: c.sense,
      rhs: round6(c.rhs),
      value: round6(value),
      tight: Math.abs(slack) < 1e-9,
      params: info.params,
      price: price.get(info.family) ?? null,
    }
  })
}

function centsOf(prepared: PreparedRound, chosen: Iterable<number>): number {
  let total = 0
  for (const e of chosen) total += prepared.edgeCents[e] as number
  return total
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6

function equalityFigures(
  prepared: PreparedRound,
  matchedEdgeOfHousehold: Int32Array,
): RoundResult['equality'] {
  const { households, edgeStart } = prepared
  const groups = new Map<
    string,
    { attribute: GroupFigure['attribute']; value: string; eligible: number; matched: number }
  >()
  let eligible = 0
  let matched = 0
  households.forEach((h, i) => {
    if ((edgeStart[i + 1] as number) === (edgeStart[i] as number)) return
    eligible++
    const isMatched = matchedEdgeOfHousehold[i] !== -1
    if (isMatched) matched++
    const m = h.applicant.monitoring
    const keys: [GroupFigure['attribute'], string][] = [
      ['gender', m.gender],
      ['bornAbroad', m.bornAbroad === undefined ? 'unknown' : String(m.bornAbroad)],
      ['hasChildren', String(h.hasChildren)],
      ['situation', h.applicant.situation.code],
    ]
    for (const [attribute, value] of keys) {
      const key = `${attribute}=${value}`
      const g = groups.get(key) ?? { attribute, value, eligible: 0, matched: 0 }
      g.eligible++
      if (isMatched) g.matched++
      groups.set(key, g)
    }
  })
  const list = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, g]) => ({ ...g, rate: g.eligible > 0 ? round6(g.matched / g.eligible) : null }))
  return { overallRate: eligible > 0 ? round6(matched / eligible) : null, groups: list }
}
