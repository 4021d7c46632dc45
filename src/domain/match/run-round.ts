import { fitsNetwork } from '../../../solver/flow/laminar.ts'
import { type Engine, solveMatch } from '../../../solver/index.ts'
import {
  coefficientOf,
  loosenConstraints,
  type MatchProblem,
  type SolveResult,
  type SolveStatus,
} from '../../../solver/problem.ts'
import { entryThresholds } from '../../../solver/thresholds.ts'
import { ageBand } from '../age-bands.ts'
import type { RoundInput } from '../round.ts'
import { canonicalPairing } from './canonical-pairing.ts'
import {
  type ExplainOptions,
  explainProposal,
  explainUnmatched,
  fullExamples,
  type ProposalExplanation,
  type UnmatchedExplanation,
} from './explain.ts'
import {
  type CodedRoundResult,
  type ExplanationContext,
  proposalTexts,
  unmatchedTexts,
  withTexts,
} from './explanation-texts.ts'
import { type ConstraintInfo, type LoweredFloor, type PreparedRound, prepareRound } from './prepare-round.ts'
import { points } from './texts.ts'

/** Branch and bound on crossing constraints stops here unless told otherwise; the best answer found is kept. */
export const defaultTimeLimitMs = 30_000

export interface RoundOptions {
  readonly engine?: Engine
  /** Wall-clock budget for what a solver can interrupt (default `defaultTimeLimitMs`). */
  readonly timeLimitMs?: number
  /** Explanations for every proposal and unmatched household (default true). Benchmarks turn them off. */
  readonly explain?: boolean
  /**
   * Re-solve without each constraint family to report its price (default true). Explanations
   * need the same re-solves to say which constraint decided a case, so they run whenever
   * `explain` is on.
   */
  readonly priceConstraints?: boolean
  /**
   * Re-solves allowed for needed scores when the side constraints do not fit a network (crossing
   * quotas, parity); within a network one search per household group answers every household.
   * Households beyond the budget get no needed score (default 400).
   */
  readonly thresholdSolves?: number
  /**
   * `'bounded'` (default): an unmatched household's explanation shows its `shownAlternatives` best
   * alternatives and counts the rest, and counts per excluding rule without examples, so that a
   * result grows with the round's households, not with its pairs. `'full'`: every eligible vacancy
   * and five examples per excluding rule, as `explainHousehold` gives for one household.
   */
  readonly explanations?: 'bounded' | 'full'
  /**
   * Re-solves for prices start from the round's optimum where they can (default true; see
   * `relaxedSolves`). False re-solves every family from nothing, one with room too: the tests compare the two.
   */
  readonly priceWarmStart?: boolean
  /** Called as each phase ends, with its name: a caller that times phases reads its clock here. */
  readonly onPhase?: (phase: RoundPhase) => void
}

/** The phases of a round after the solve, in order (`onPhase`). */
export type RoundPhase = 'pairing' | 'prices' | 'thresholds' | 'explain'

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
  readonly attribute: 'gender' | 'ageBand' | 'bornAbroad' | 'hasChildren' | 'situation'
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
  /**
   * Floors (children floor, program quotas) the round asked for less than the policy said,
   * because no assignment could place that many at once: both numbers.
   */
  readonly loweredFloors: readonly LoweredFloor[]
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
  options.onPhase?.('pairing')
  return readResult(prepared, { ...solved, chosen }, options)
}

/** The result of a solved round, with every explanation's sentences (see `readCodedResult`). */
export function readResult(
  prepared: PreparedRound,
  solved: SolveResult,
  options: RoundOptions = {},
): RoundResult {
  return withTexts(readCodedResult(prepared, solved, options))
}

/**
 * The result of a solved round with its explanations as codes and figures, as a round stores it and
 * `hemvist solve` writes it; `withTexts` renders the sentences (explanation-texts.ts).
 */
export function readCodedResult(
  prepared: PreparedRound,
  solved: SolveResult,
  options: RoundOptions = {},
): CodedRoundResult {
  const { problem, households, vacancies, edgeCents, tieScale } = prepared
  const { edges } = problem
  const explain = options.explain ?? true
  const { reading, chosen, objectiveCents } = readingOf(prepared, solved, options, explain)
  const { matchedEdgeOfHousehold, constraints } = reading

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
  const unmatched: CodedRoundResult['unmatched'][number][] = []
  households.forEach((h, i) => {
    if (matchedEdgeOfHousehold[i] !== -1) return
    unmatched.push({
      applicantId: h.applicant.id,
      ...(explain ? { explanation: explainUnmatched(reading, i, explainOptions(options)) } : {}),
    })
  })
  // Results are listed by id, not by the internal canonical order, so that people can find themselves.
  proposals.sort((a, b) => (a.applicantId < b.applicantId ? -1 : 1))
  unmatched.sort((a, b) => (a.applicantId < b.applicantId ? -1 : 1))

  const solvedOk = solved.status === 'optimal' || (solved.status === 'timedout' && solved.chosen.length > 0)
  const objective = solvedOk ? points(objectiveCents) : 0
  const bound =
    solved.status === 'optimal' ? objective : solvedOk ? points(Math.floor(solved.bound / tieScale)) : 0
  options.onPhase?.('explain')
  return {
    status: solved.status,
    asOf: prepared.asOf,
    policy: { id: prepared.policy.id, version: prepared.policy.version },
    objective,
    bound,
    gap: bound > 0 ? Math.max(0, (bound - objective) / bound) : 0,
    ...(solved.conflicting ? { conflicting: solved.conflicting } : {}),
    ...(solved.message ? { message: solved.message } : {}),
    loweredFloors: prepared.loweredFloors,
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

/**
 * What explanations read: who got what, the constraint reports with their prices, the round without
 * each family, and the needed scores of the unmatched households' pairs (of one household's pairs
 * when `only` names it).
 */
function readingOf(
  prepared: PreparedRound,
  solved: SolveResult,
  options: RoundOptions,
  explain: boolean,
  only?: number,
): { reading: Reading; chosen: number[]; objectiveCents: number } {
  const { problem, households, vacancies, edgeCents } = prepared
  const { edges } = problem
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
  const optimal = solved.status === 'optimal'
  const relaxed =
    optimal && (explain || (options.priceConstraints ?? true)) ? relaxedSolves(prepared, solved, options) : []
  const constraints = constraintReports(prepared, solved, relaxed, options)
  options.onPhase?.('prices')
  const threshold =
    explain && optimal
      ? thresholds(prepared, solved, matchedEdgeOfHousehold, options, only)
      : new Float64Array(edges.weight.length).fill(Number.NaN)
  options.onPhase?.('thresholds')
  return {
    reading: {
      prepared,
      solved,
      matchedEdgeOfHousehold,
      matchedEdgeOfVacancy,
      constraints,
      relaxed,
      threshold,
    },
    chosen,
    objectiveCents,
  }
}

/** One household's explanation in full, as `explainHousehold` gives it. */
export type HouseholdExplanation =
  | {
      readonly applicantId: string
      readonly proposed: { readonly vacancyId: string; readonly score: number }
      readonly explanation: ProposalExplanation
    }
  | { readonly applicantId: string; readonly proposed: null; readonly explanation: UnmatchedExplanation }

/**
 * One household's explanation in full: for a household left without a proposal every eligible
 * vacancy with what decided it, and five examples per excluding rule (a round's result shows the
 * best three and counts). The round is solved as `runRound` solves it, so the proposal and every
 * figure are the result's; needed scores are computed for this household's pairs alone, so where
 * a round's budget of re-solves (`thresholdSolves`) ran out before this household, this one may
 * give a needed score the result lacks. `undefined` when no household has that id.
 *
 * @example
 * const one = explainHousehold(round, 'H-1042')
 * if (one && one.proposed === null) console.log(one.explanation.alternatives.length)
 */
export function explainHousehold(
  input: RoundInput,
  applicantId: string,
  options: Omit<RoundOptions, 'explain' | 'explanations'> = {},
): HouseholdExplanation | undefined {
  const prepared = prepareRound(input)
  const h = prepared.households.findIndex((x) => x.applicant.id === applicantId)
  if (h === -1) return undefined
  const solved = solveMatch(prepared.problem, {
    engine: options.engine,
    timeLimitMs: options.timeLimitMs ?? defaultTimeLimitMs,
  })
  const chosen = solved.status === 'optimal' ? canonicalPairing(prepared, solved.chosen) : solved.chosen
  const { reading } = readingOf(prepared, { ...solved, chosen }, options, true, h)
  const context: ExplanationContext = {
    vacancies: prepared.vacancies.length,
    status: solved.status,
    ...(solved.conflicting === undefined ? {} : { conflicting: solved.conflicting }),
    constraints: reading.constraints,
  }
  const e = reading.matchedEdgeOfHousehold[h] as number
  if (e !== -1) {
    const v = prepared.problem.edges.vacancy[e] as number
    const vacancyId = prepared.vacancies[v]?.vacancy.id ?? ''
    return {
      applicantId,
      proposed: { vacancyId, score: points(prepared.edgeCents[e] as number) },
      explanation: proposalTexts(explainProposal(reading, e), vacancyId, context),
    }
  }
  return {
    applicantId,
    proposed: null,
    explanation: unmatchedTexts(
      explainUnmatched(reading, h, explainOptions({ explanations: 'full' })),
      context,
    ),
  }
}

function explainOptions(options: RoundOptions): ExplainOptions {
  return options.explanations === 'full' ? { alternatives: 'all', examples: fullExamples } : {}
}

export type Reading = {
  readonly prepared: PreparedRound
  readonly solved: SolveResult
  readonly matchedEdgeOfHousehold: Int32Array
  readonly matchedEdgeOfVacancy: Int32Array
  readonly constraints: readonly ConstraintReport[]
  /** The round solved again without each constraint family (empty unless the round is optimal). */
  readonly relaxed: readonly RelaxedSolve[]
  /** Per edge: the weight it would have had to exceed to be chosen (see solver/thresholds.ts); NaN when not computed. */
  readonly threshold: Float64Array
}

export interface RelaxedSolve {
  readonly family: ConstraintInfo['family']
  /** Objective in cents without the family, or null when that solve did not prove an optimum. */
  readonly cents: number | null
  /** Household index holding each vacancy without the family (−1: empty). */
  readonly holderOfVacancy: Int32Array
  readonly matchedHousehold: Uint8Array
}

/**
 * Solves the round once without each constraint family, canonically paired like the round itself.
 *
 * A family with a row at its limit is re-solved. When every side constraint fits a network, the
 * re-solve starts from the round's own optimum (the flow engine's `warmStart`): the family's rows
 * are loosened so that they cannot bind (`loosenConstraints`, the same feasible set as without
 * them), and only the units the loosened rows free are routed again, so the price is exact, from a
 * full optimality proof, at a fraction of a fresh solve. Where the tie-breaks are exact they fix
 * the optimum the re-solve reaches, so the holders are the fresh re-solve's; a property test
 * compares the two.
 *
 * A family none of whose rows is at its limit needs no re-solve when every side constraint fits a
 * network: the round's linear relaxation is then integral, so its optimum x* is optimal over the
 * relaxation without the family too (were some y better there, a short step from x* towards y
 * would keep the family's rows, which have room, and every other row, and beat x* with the
 * family): price 0, the same holders. Where the tie-breaks are exact they fix which households and
 * vacancies an optimum matches, so the canonical pairing without the family is x* itself (a
 * property test compares this with the re-solve).
 *
 * In a round so large that its tie-breaks go by buckets (`tieBucket`, `vacancyTieBucket`), optima
 * can tie after every tie-break, and a fresh re-solve may reach any of them. The price is the same
 * whichever it reaches; the holders are not. Starting from the round's own optimum (x* itself for a
 * family with room) reports the optimum that moves from the round's own only where the family's
 * rows held it, so a household the explanations say a family displaced was displaced by the
 * family, not by a tie broken another way (a property test compares the prices with fresh
 * re-solves in such rounds).
 */
function relaxedSolves(prepared: PreparedRound, solved: SolveResult, options: RoundOptions): RelaxedSolve[] {
  const { problem, constraintInfo } = prepared
  const families = [...new Set(constraintInfo.map((i) => i.family))]
  const network = fitsNetwork(problem)
  return families.map((family) => {
    const without = problem.constraints.filter((_, k) => constraintInfo[k]?.family !== family)
    const relaxedProblem = { ...problem, constraints: without }
    const holderOfVacancy = new Int32Array(problem.vacancies).fill(-1)
    const matchedHousehold = new Uint8Array(problem.households)
    const room = problem.constraints.every((c, k) => {
      if (constraintInfo[k]?.family !== family) return true
      const value = rowValue(problem, k, solved.chosen)
      return Math.abs(c.sense === '<=' ? c.rhs - value : value - c.rhs) >= 1e-9
    })
    let chosen: Int32Array
    if (network && room && options.priceWarmStart !== false) chosen = solved.chosen
    else {
      const warm = network && solved.warmStart !== undefined && options.priceWarmStart !== false
      const again = warm
        ? solveMatch(
            loosenConstraints(
              problem,
              constraintInfo.flatMap((info, k) => (info.family === family ? [k] : [])),
            ),
            {
              engine: options.engine,
              timeLimitMs: options.timeLimitMs ?? defaultTimeLimitMs,
              warmStart: solved.warmStart,
            },
          )
        : solveMatch(relaxedProblem, {
            engine: options.engine,
            timeLimitMs: options.timeLimitMs ?? defaultTimeLimitMs,
          })
      if (again.status !== 'optimal') return { family, cents: null, holderOfVacancy, matchedHousehold }
      chosen = canonicalPairing({ ...prepared, problem: relaxedProblem }, again.chosen)
    }
    for (const e of chosen) {
      const h = problem.edges.household[e] as number
      holderOfVacancy[problem.edges.vacancy[e] as number] = h
      matchedHousehold[h] = 1
    }
    return { family, cents: centsOf(prepared, chosen), holderOfVacancy, matchedHousehold }
  })
}

/** Entry thresholds of every edge of every household left without a proposal. */
function thresholds(
  prepared: PreparedRound,
  solved: SolveResult,
  matchedEdgeOfHousehold: Int32Array,
  options: RoundOptions,
  only?: number,
): Float64Array {
  const { problem, edgeStart } = prepared
  const out = new Float64Array(problem.edges.weight.length).fill(Number.NaN)
  const first = only ?? 0
  const last = only === undefined ? problem.households : only + 1
  // The unmatched households' edges, counted first so the list is one typed array (a million at 5,000 × 1,000).
  let count = 0
  for (let h = first; h < last; h++) {
    if (matchedEdgeOfHousehold[h] === -1) count += (edgeStart[h + 1] as number) - (edgeStart[h] as number)
  }
  const queries = new Int32Array(count)
  let q = 0
  for (let h = first; h < last; h++) {
    if (matchedEdgeOfHousehold[h] !== -1) continue
    for (let e = edgeStart[h] as number; e < (edgeStart[h + 1] as number); e++) queries[q++] = e
  }
  // The solve's multipliers of crossing rows (district caps that exempt a household's own choice,
  // say) let most thresholds come from one network search instead of a re-solve each.
  const found = entryThresholds(problem, solved.chosen, queries, {
    engine: options.engine,
    timeLimitMs: options.timeLimitMs ?? defaultTimeLimitMs,
    maxSolves: options.thresholdSolves ?? 400,
    ...(solved.duals === undefined ? {} : { multipliers: solved.duals.constraints }),
  })
  for (let i = 0; i < count; i++) out[queries[i] as number] = found[i] as number
  return out
}

/** The value of row `k` for a set of chosen edges. */
export function rowValue(problem: MatchProblem, k: number, chosen: Iterable<number>): number {
  const c = problem.constraints[k]
  if (!c) return 0
  let value = 0
  for (const e of chosen)
    value += coefficientOf(c.scope, problem.edges.household[e] as number, problem.edges.vacancy[e] as number)
  return value
}

function constraintReports(
  prepared: PreparedRound,
  solved: SolveResult,
  relaxed: readonly RelaxedSolve[],
  options: RoundOptions,
): ConstraintReport[] {
  const { problem, constraintInfo } = prepared
  const priced = (options.priceConstraints ?? true) && solved.status === 'optimal'
  const own = centsOf(prepared, solved.chosen)
  const price = new Map<string, number | null>()
  for (const r of relaxed) {
    price.set(r.family, priced && r.cents !== null ? Math.max(0, points(r.cents - own)) : null)
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
      ['ageBand', ageBand(m.birthYear, prepared.asOf)],
      ['bornAbroad', m.bornAbroad === undefined ? 'unknown' : String(m.bornAbroad)],
      ['hasChildren', String(h.hasChildren)],
      // A prevention case is in none of the four situations: its own group, never one of theirs.
      ['situation', h.applicant.situation?.code ?? 'prevention'],
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
