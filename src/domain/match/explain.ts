import { coefficientOf, hasExemptions, type MatchProblem } from '../../../solver/problem.ts'
import {
  outcomeOf,
  type RuleCode,
  type RuleOutcome,
  ruleCodes,
  ruleDefinition,
  sweepHousehold,
} from './eligibility.ts'
import { normaliseDistrict } from './household-facts.ts'
import type { ConstraintInfo } from './prepare-round.ts'
import type { Reading } from './run-round.ts'
import { type ScoreTerm, scorePair } from './scoring.ts'
import { type ExplainedTerm, points, type Text } from './texts.ts'
import {
  applicantStatusName,
  capital,
  constraintName,
  countOf,
  fmtPercent,
  groupName,
  type Lang,
  listOf,
  pointsPhrase,
  vacancyTypeName,
} from './words.ts'

/**
 * Explanations, as codes with figures plus sentences rendered from them
 * (Swedish and English, in the staff's voice: "hushållet", "the household").
 * Other households are never named: only their scores are shown. A district a
 * household must avoid, and the vacancies in it, never appear in that
 * household's explanation.
 */

export interface ProposalExplanation {
  readonly score: number
  readonly terms: readonly ExplainedTerm[]
  /** Every hard rule passed; listed by code. */
  readonly rulesPassed: readonly RuleCode[]
  /** Side constraints at their limit that involve this household or vacancy. */
  readonly shapedBy: readonly { readonly constraint: string; readonly text: Text }[]
  /**
   * District caps the placement does not count against: the household listed the district among
   * its own preferred districts and the policy exempts that (`exemptOwnChoice`). Absent when none.
   */
  readonly exemptFrom?: readonly { readonly constraint: string; readonly text: Text }[]
  readonly summary: Text
}

/** A side constraint family that decided a case, with its rows at their limit and its price. */
export interface DecidingConstraint {
  readonly family: ConstraintInfo['family']
  /** The family's rows at their limit that bear on the case (a district the household must avoid is left out). */
  readonly names: readonly string[]
  /** Points the family cost the round (objective without it minus with it); null when not priced. */
  readonly price: number | null
}

/**
 * What decided that an eligible vacancy did not go to the household:
 * - `higher_score`: another household scored higher for it, and no side constraint changed that;
 * - `tie`: the same score for the vacancy and the same total for the round, decided by the lottery
 *   number drawn at registration, then the id;
 * - `equal_total`: the household that got it scored more for it, but the round's total would have
 *   been the same with this household holding it instead (the households would have been placed
 *   differently: a household's priority may differ between types of vacancy, as waiting time does
 *   for ÖBO's priority flats); the fixed order (lottery numbers, ids, the vacancies' order) decided;
 * - `constraint`: a named side constraint: without its family the vacancy would have gone to
 *   someone else (this household or another), and the family is what kept it from this household:
 *   without it this household gets the vacancy, or no score would have won it while the family
 *   held, or the vacancy was left empty, or it went to a household with a lower score;
 * - `constraints_together`: the side constraints together, none of them alone.
 */
export type DecidedBy = 'higher_score' | 'tie' | 'equal_total' | 'constraint' | 'constraints_together'

export interface EligibleVacancyOutcome {
  readonly vacancyId: string
  /** What this household would have scored for the vacancy. */
  readonly score: number
  readonly outcome: 'went_to_another_household' | 'left_empty'
  /** For a vacancy left empty: the side constraints at their limit that held it back. */
  readonly heldBy?: readonly string[]
  /** The score of the household that got it (not named). */
  readonly otherScore?: number
  readonly decidedBy: DecidedBy
  /** The constraint families that decided, when `decidedBy` is `constraint`. */
  readonly constraints?: readonly DecidingConstraint[]
  /**
   * For a tie or an equal total: what broke it. `order`: the round's fixed order as a whole (lottery
   * numbers, then ids, then the vacancies, earliest free first), not the two households alone.
   */
  readonly tieBrokenBy?: 'lottery' | 'id' | 'order'
  /**
   * The lowest score (in points) with which the household would have got this vacancy, other
   * things equal: with it the household gets the vacancy, with one hundredth less it does not.
   * Exact, from the dual prices of the constrained round (the cheapest exchange that would make
   * room for the household). Absent when no score would have sufficed, or not computed.
   */
  readonly neededScore?: number
  /** True when no score would have sufficed while the round's side constraints held. */
  readonly noScoreWouldSuffice?: boolean
  readonly text: Text
}

export interface ExcludedByRule {
  readonly rule: RuleCode
  readonly vacancies: number
  /**
   * Up to five vacancies the rule excluded, in a full explanation (`explainHousehold`) and for a
   * household eligible for no vacancy; never one in a district the household must avoid. Absent
   * from a round's explanation of a household eligible for some vacancy, which counts only.
   */
  readonly exampleVacancyIds?: readonly string[]
  readonly text: Text
  /** The reason for each example, with that vacancy's own figures (as `exampleVacancyIds`). */
  readonly examples?: readonly { readonly vacancyId: string; readonly text: Text }[]
}

/** How many eligible vacancies decided each way, over all of a household's eligible vacancies. */
export type DecidedCounts = { readonly [K in DecidedBy]: number }

/** A side constraint that decided some of a household's eligible vacancies, and how many. */
export interface DecidingCount {
  /** The row named (the first of the family's rows at their limit that bear on the case), or the family. */
  readonly constraint: string
  readonly family: ConstraintInfo['family']
  /** True when no row can be named (the only rows at their limit cap a district the household must avoid). */
  readonly unnamed: boolean
  readonly vacancies: number
}

export interface UnmatchedExplanation {
  readonly reason: 'not_taking_part' | 'no_eligible_vacancy' | 'outscored_or_constrained' | 'not_solved'
  readonly priority: { readonly score: number; readonly terms: readonly ExplainedTerm[] }
  /** How many vacancies the household was eligible for. */
  readonly eligibleVacancies: number
  /**
   * The household's best alternatives, each with what decided it: the `shownAlternatives` eligible
   * vacancies with its highest scores (ties: the vacancies' order), listed in the vacancies' order
   * (earliest free first, then id). Every eligible vacancy when one household's explanation is
   * asked for in full (`explainHousehold`).
   */
  readonly alternatives: readonly EligibleVacancyOutcome[]
  /** What decided, counted over every eligible vacancy (shown or not). */
  readonly decided: DecidedCounts
  /** The constraints that decided, each with how many eligible vacancies it decided, in order of first appearance. */
  readonly decidingConstraints: readonly DecidingCount[]
  /** Rules that excluded the household from the other vacancies, with how many vacancies each excluded. */
  readonly excludedBy: readonly ExcludedByRule[]
  /** The household's lottery number, which breaks ties between equal scores (lower first). */
  readonly lotteryNumber: number
  readonly summary: Text
}

/** Examples per excluding rule in a full explanation (`explainHousehold`). */
export const fullExamples = 5

/** How many of an unmatched household's eligible vacancies a round's explanation shows in full. */
export const shownAlternatives = 3
/**
 * Examples per excluding rule in a round's explanation of a household eligible for some vacancy:
 * none, the count is always there (five examples with their sentences, per rule and household,
 * were two thirds of a result's size). A household eligible for none gets `fullExamples`: the
 * rules are its whole explanation.
 */
export const shownExamples = 0

/** A score term as codes and figures; its sentence is rendered from them (`termSentence`). */
export type CodedTerm = Omit<ExplainedTerm, 'text'>

/**
 * A proposal's explanation as codes and figures, as a round stores it; the sentences
 * (`ProposalExplanation`) are rendered from it when someone reads it (explanation-texts.ts).
 */
export interface CodedProposalExplanation {
  readonly score: number
  readonly terms: readonly CodedTerm[]
  readonly rulesPassed: readonly RuleCode[]
  readonly shapedBy: readonly { readonly constraint: string }[]
  readonly exemptFrom?: readonly { readonly constraint: string }[]
}

/** An eligible vacancy's outcome as codes and figures (`EligibleVacancyOutcome` without its sentence). */
export type CodedOutcome = Omit<EligibleVacancyOutcome, 'text'>

/** An excluding rule as codes and figures; an example carries the figures its sentence reads. */
export interface CodedExcludedByRule {
  readonly rule: RuleCode
  readonly vacancies: number
  readonly exampleVacancyIds?: readonly string[]
  readonly examples?: readonly { readonly vacancyId: string; readonly failure?: RuleOutcome['params'] }[]
}

/**
 * An unmatched household's explanation as codes and figures, as a round stores it
 * (`UnmatchedExplanation` without its sentences). `householdStatus` is there only for a household
 * that did not take part, whose summary names its status.
 */
export interface CodedUnmatchedExplanation {
  readonly reason: UnmatchedExplanation['reason']
  readonly priority: { readonly score: number; readonly terms: readonly CodedTerm[] }
  readonly eligibleVacancies: number
  readonly alternatives: readonly CodedOutcome[]
  readonly decided: DecidedCounts
  readonly decidingConstraints: readonly DecidingCount[]
  readonly excludedBy: readonly CodedExcludedByRule[]
  readonly lotteryNumber: number
  readonly householdStatus?: string
}

/** A score term's codes and figures. */
export const codedTerm = (t: ScoreTerm): CodedTerm => ({
  term: t.term,
  points: t.cents / 100,
  params: t.params,
})

export interface ExplainOptions {
  /** How many eligible vacancies to show in full: a number (default `shownAlternatives`) or every one. */
  readonly alternatives?: number | 'all'
  /** Examples per excluding rule (default `shownExamples`, or `fullExamples` for a household eligible for none). */
  readonly examples?: number
}

function termsOf(prepared: Reading['prepared'], h: number, v: number): ScoreTerm[] {
  const hf = prepared.households[h]
  const vf = prepared.vacancies[v]
  const priority = prepared.priority[h]
  if (!hf || !vf || !priority) return []
  return scorePair(priority.terms, priority.cents, hf, vf, prepared.policy).terms
}

/** Is this constraint a cap on a district the household must avoid? */
function namesExcludedDistrict(reading: Reading, h: number, k: number): boolean {
  const info = reading.prepared.constraintInfo[k]
  const excluded = reading.prepared.households[h]?.excludedDistricts
  if (info?.family !== 'districtCap' || !excluded || excluded.size === 0) return false
  return excluded.has(normaliseDistrict(String(info.params.district)))
}

/** Which side constraints at their limit involve edge e's household or vacancy. */
function constraintsTouching(reading: Reading, e: number) {
  const { problem } = reading.prepared
  const h = problem.edges.household[e] as number
  const v = problem.edges.vacancy[e] as number
  const out: { constraint: string }[] = []
  problem.constraints.forEach((c, k) => {
    const report = reading.constraints[k]
    if (!report?.tight) return
    const a = coefficientOf(c.scope, h, v)
    if (a === 0) return
    out.push({ constraint: c.name })
  })
  return out
}

/** What a side constraint demands, as a sentence: "Barngolvet: minst 1 placering ska gå till hushåll med barn." */
export function constraintRule(
  lang: Lang,
  name: string,
  params: Readonly<Record<string, string | number | boolean>>,
  atLimit = false,
  hideDistrict = false,
): string {
  const title = capital(constraintName(lang, name, hideDistrict))
  const sv = lang === 'sv'
  let rule: string
  if (name === 'childrenFloor') {
    const n = Number(params.atLeast)
    rule = sv
      ? `minst ${countOf(lang, n, 'placement')} ska gå till hushåll med barn`
      : `at least ${countOf(lang, n, 'placement')} must go to households with children`
    const wanted = Number(params.wanted)
    if (wanted > n) {
      rule += sv
        ? ` (policyn ville ha ${wanted}, men fler kan inte placeras samtidigt)`
        : ` (the policy asked for ${wanted}, but no more can be placed at once)`
    }
  } else if (name.startsWith('districtCap:')) {
    const n = Number(params.atMost)
    rule = hideDistrict
      ? sv
        ? `högst ${countOf(lang, n, 'placement')} i ett visst område per runda, mot segregation`
        : `at most ${countOf(lang, n, 'placement')} in a given district per round, against segregation`
      : sv
        ? `högst ${countOf(lang, n, 'placement')} i ${params.district} per runda, mot segregation`
        : `at most ${countOf(lang, n, 'placement')} in ${params.district} per round, against segregation`
    // Words the policy's exemption adds; a round stored without it has no such parameter.
    if (params.exemptOwnChoice === true) {
      rule += sv
        ? ' (en placering hos ett hushåll som själv önskat området räknas inte)'
        : ' (a placement of a household that asked for the district itself does not count)'
    }
  } else if (name.startsWith('programQuota:')) {
    const n = Number(params.atLeast)
    const type = vacancyTypeName(lang, String(params.type))
    rule = sv
      ? `minst ${countOf(lang, n, 'placement')} i ${type}`
      : `at least ${countOf(lang, n, 'placement')} in ${type}`
    const wanted = Number(params.wanted)
    if (wanted > n) {
      rule += sv
        ? ` (policyn ville ha ${wanted}, men fler kan inte placeras samtidigt)`
        : ` (the policy asked for ${wanted}, but no more can be placed at once)`
    }
  } else {
    const group = groupName(lang, String(params.attribute), String(params.value))
    const eps = fmtPercent(lang, Number(params.epsilon))
    rule = sv
      ? `andelen matchade i gruppen ${group} får avvika högst ${eps} från andelen bland alla behöriga hushåll`
      : `the match rate of the group ${group} may differ by at most ${eps} from the rate among all eligible households`
  }
  const limit = atLimit ? (sv ? ', och gränsen nåddes' : ', and the limit was reached') : ''
  return `${title}: ${rule}${limit}.`
}

/**
 * The rows that would count the pair (h, v) but exempt its household: a district cap on the
 * vacancy's district, which the household asked for itself. A cap on a district the household must
 * avoid is never named (it cannot be the vacancy's district: such a pair is not eligible).
 */
function exemptingRows(reading: Reading, h: number, v: number): { constraint: string }[] {
  const out: { constraint: string }[] = []
  reading.prepared.problem.constraints.forEach((c, k) => {
    if (!hasExemptions(c.scope) || c.scope.exempt[h] !== 1 || c.scope.coef[v] === 0) return
    if (namesExcludedDistrict(reading, h, k)) return
    out.push({ constraint: c.name })
  })
  return out
}

/** A proposal's explanation as codes and figures (its sentences: explanation-texts.ts). */
export function explainProposal(reading: Reading, e: number): CodedProposalExplanation {
  const { prepared } = reading
  const h = prepared.problem.edges.household[e] as number
  const v = prepared.problem.edges.vacancy[e] as number
  const cents = prepared.edgeCents[e] as number
  const exemptFrom = exemptingRows(reading, h, v)
  return {
    score: points(cents),
    terms: termsOf(prepared, h, v).map(codedTerm),
    rulesPassed: [...ruleCodes],
    shapedBy: constraintsTouching(reading, e),
    ...(exemptFrom.length > 0 ? { exemptFrom } : {}),
  }
}

/** The summary sentence of a proposal's explanation. */
export function proposalSummary(
  lang: Lang,
  vacancyId: string,
  cents: number,
  rules: number,
  shaped: boolean,
): string {
  return lang === 'sv'
    ? `Hushållet föreslås bostad ${vacancyId} med ${pointsPhrase(lang, cents)}. Alla ${rules} regler för behörighet är uppfyllda. Förslaget ger högst sammanlagd poäng för hela rundan enligt policyn${shaped ? ', inom villkor som nått sin gräns' : ''}.`
    : `The household is proposed vacancy ${vacancyId} with ${pointsPhrase(lang, cents)}. All ${rules} eligibility rules are met. The proposal gives the highest total score for the whole round under the policy${shaped ? ', within constraints at their limit' : ''}.`
}

export function explainUnmatched(
  reading: Reading,
  h: number,
  options: ExplainOptions = {},
): CodedUnmatchedExplanation {
  const { prepared, solved } = reading
  const { problem, vacancies, edgeStart } = prepared
  const household = prepared.households[h]
  const priorityCents = prepared.priority[h]?.cents ?? 0
  const priority = {
    score: points(priorityCents),
    terms: (prepared.priority[h]?.terms ?? []).map(codedTerm),
  }
  const start = edgeStart[h] as number
  const end = edgeStart[h + 1] as number
  // Every eligible vacancy is decided (the counts and the summary cover them all); the outcome with
  // its sentence is written for the shown ones only, which is where the time and the size went.
  const decided: Record<DecidedBy, number> = {
    higher_score: 0,
    tie: 0,
    equal_total: 0,
    constraint: 0,
    constraints_together: 0,
  }
  // Keyed by the row named (its index), or by the family when no row can be named: the same
  // entries, in the same order of first appearance, as the `decidingConstraint` of each vacancy
  // would give, without building its lists per vacancy.
  const deciding = new Map<number | string, { -readonly [K in keyof DecidingCount]: DecidingCount[K] }>()
  for (let e = start; e < end; e++) {
    const d = decide(reading, h, e)
    decided[d.decidedBy]++
    for (const family of d.families) {
      const k = decidingRow(reading, family, h, problem.edges.vacancy[e] as number)
      const key = k >= 0 ? k : family
      const entry = deciding.get(key)
      if (entry) entry.vacancies++
      else
        deciding.set(key, {
          constraint: k >= 0 ? (problem.constraints[k]?.name ?? '') : family,
          family,
          unnamed: k < 0,
          vacancies: 1,
        })
    }
  }
  const alternatives = shownEdges(
    prepared.edgeCents,
    start,
    end,
    options.alternatives ?? shownAlternatives,
  ).map((e) => judgeEligible(reading, h, e).outcome)
  const exampleCount = options.examples ?? (end === start ? fullExamples : shownExamples)
  const excluded = new Map<RuleCode, { count: number; examples: number[] }>()
  if (household && vacancies.length > 0) {
    // Counting needs only pass/fail: the household against every vacancy at once, as bits (see
    // sweepHousehold), tallied per rule index; figures and sentences are made for the examples only.
    // The sweep preparing made, where it was kept; made again otherwise.
    const kept = prepared.sweeps?.swept[h] === 1 ? prepared.sweeps : undefined
    const m = vacancies.length
    const fails = kept === undefined ? failsScratch(reading) : kept.fails.subarray(h * m, (h + 1) * m)
    const householdBits =
      kept === undefined
        ? sweepHousehold(household, prepared.vacancyColumns, prepared.vacancyBits, prepared, fails)
        : (kept.householdBits[h] as number)
    const isEligible = eligibleScratch(reading)
    for (let e = start; e < end; e++) isEligible[problem.edges.vacancy[e] as number] = 1
    // A vacancy in a district the household must avoid (it fails the safety rule) counts under the
    // safety rule alone, a count under another rule would hint at it, and is never an example.
    // The counts are kept bit-sliced (bit k of rule i's count is bit i of slices[k]): adding one
    // vacancy's failed rules is a binary increment of every rule at once, whatever their number.
    const slices = new Int32Array(32)
    for (let v = 0; v < vacancies.length; v++) {
      if (isEligible[v]) continue
      const f = fails[v] as number
      let carry = (f & safetyBit) === 0 ? householdBits | f : safetyBit
      for (let k = 0; carry !== 0; k++) {
        const slice = slices[k] as number
        slices[k] = slice ^ carry
        carry = slice & carry
      }
    }
    const counts = new Int32Array(ruleCodes.length)
    for (let k = 0; k < slices.length; k++) {
      for (let slice = slices[k] as number; slice !== 0; slice &= slice - 1) {
        const i = 31 - Math.clz32(slice & -slice)
        counts[i] = (counts[i] as number) + 2 ** k
      }
    }
    // The examples: the first vacancies (in the vacancies' order) each exemplary rule excluded.
    const examples: number[][] = ruleCodes.map(() => [])
    let wanted = exampleCount > 0 ? exemplaryBits : 0
    for (let v = 0; v < vacancies.length && wanted !== 0; v++) {
      const f = fails[v] as number
      if (isEligible[v] || (f & safetyBit) !== 0) continue
      let bits = (householdBits | f) & wanted
      while (bits !== 0) {
        const low = bits & -bits
        const list = examples[31 - Math.clz32(low)] as number[]
        list.push(v)
        if (list.length >= exampleCount) wanted &= ~low
        bits ^= low
      }
    }
    for (let e = start; e < end; e++) isEligible[problem.edges.vacancy[e] as number] = 0
    ruleCodes.forEach((rule, i) => {
      if ((counts[i] as number) > 0)
        excluded.set(rule, { count: counts[i] as number, examples: examples[i] as number[] })
    })
  }
  const excludedBy: CodedExcludedByRule[] = ruleCodes
    .filter((code) => excluded.has(code))
    .map((rule) => {
      const x = excluded.get(rule) as { count: number; examples: number[] }
      const examples = x.examples.map((v) => {
        const vf = vacancies[v]
        const failure = household && vf ? outcomeOf(rule, household, vf, prepared) : undefined
        return { vacancyId: vf?.vacancy.id ?? '', ...(failure ? { failure: failure.params } : {}) }
      })
      return {
        rule,
        vacancies: x.count,
        ...(exampleCount > 0 ? { exampleVacancyIds: examples.map((ex) => ex.vacancyId), examples } : {}),
      }
    })

  const taking = household?.applicant.status === 'active'
  const solvedOk = solved.status === 'optimal' || solved.status === 'timedout'
  const reason: UnmatchedExplanation['reason'] = !taking
    ? 'not_taking_part'
    : end === start
      ? 'no_eligible_vacancy'
      : solvedOk
        ? 'outscored_or_constrained'
        : 'not_solved'
  return {
    reason,
    priority,
    eligibleVacancies: end - start,
    alternatives,
    decided,
    decidingConstraints: [...deciding.values()],
    excludedBy,
    lotteryNumber: household?.applicant.lotteryNumber ?? 0,
    ...(reason === 'not_taking_part' ? { householdStatus: household?.applicant.status ?? '' } : {}),
  }
}

/**
 * The edges of [start, end) to show: the `limit` with the highest score (ties: the earlier edge),
 * in edge order (the vacancies' canonical order).
 */
function shownEdges(cents: Int32Array, start: number, end: number, limit: number | 'all'): number[] {
  if (limit === 'all' || end - start <= limit) {
    const all: number[] = []
    for (let e = start; e < end; e++) all.push(e)
    return all
  }
  // The best `limit` by one pass, kept in order of (score descending, edge ascending).
  const best: number[] = []
  for (let e = start; e < end; e++) {
    const c = cents[e] as number
    if (best.length === limit && c <= (cents[best[limit - 1] as number] as number)) continue
    let i = best.length
    while (i > 0 && c > (cents[best[i - 1] as number] as number)) i--
    best.splice(i, 0, e)
    if (best.length > limit) best.pop()
  }
  return best.sort((a, b) => a - b)
}

/** An eligible vacancy judged, before its sentence is written. */
interface Verdict {
  readonly outcome: Omit<EligibleVacancyOutcome, 'text'>
  readonly mine: number
  readonly theirs: number | undefined
  readonly needed: number | undefined
  /** The sentence for an answer that proves nothing (not optimal), written the same way. */
  readonly unproven?: { readonly infeasible: boolean }
}

/** What decided one eligible vacancy of a household left without a proposal. */
function judgeEligible(reading: Reading, h: number, e: number): Verdict {
  const { prepared, solved } = reading
  const { problem, edgeCents } = prepared
  const v = problem.edges.vacancy[e] as number
  const vacancyId = prepared.vacancies[v]?.vacancy.id ?? ''
  const mine = edgeCents[e] as number
  const d = decide(reading, h, e)
  const base = {
    vacancyId,
    score: points(mine),
    outcome: d.holder === -1 ? ('left_empty' as const) : ('went_to_another_household' as const),
    ...(d.holder === -1
      ? { heldBy: constraintsTouching(reading, e).map((c) => c.constraint) }
      : { otherScore: points(d.theirs as number) }),
  }
  if (d.unproven) {
    // An incumbent of a timed-out round proves nothing about what decided.
    return {
      outcome: { ...base, decidedBy: 'constraints_together' },
      mine,
      theirs: d.theirs,
      needed: undefined,
      unproven: { infeasible: solved.status === 'infeasible' },
    }
  }
  const deciding = d.families.map((family) => decidingConstraint(reading, family, h, e))
  const outcome: Omit<EligibleVacancyOutcome, 'text'> = {
    ...base,
    decidedBy: d.decidedBy,
    ...(deciding.length > 0 ? { constraints: deciding } : {}),
    ...(d.tieBrokenBy ? { tieBrokenBy: d.tieBrokenBy } : {}),
    ...(d.needed === undefined ? {} : { neededScore: points(d.needed) }),
    ...(d.none ? { noScoreWouldSuffice: true } : {}),
  }
  return { outcome, mine, theirs: d.theirs, needed: d.needed }
}

/** What decided one eligible vacancy, as codes and figures only (cheap enough for every eligible vacancy). */
interface Decision {
  readonly decidedBy: DecidedBy
  /** The families that decided (`decidedBy` is `constraint` when there is one). */
  readonly families: readonly ConstraintInfo['family'][]
  /** Household holding the vacancy, −1 when it was left empty. */
  readonly holder: number
  /** The holder's score in cents. */
  readonly theirs: number | undefined
  /** The needed score in cents, when known. */
  readonly needed: number | undefined
  readonly none: boolean
  readonly tieBrokenBy: EligibleVacancyOutcome['tieBrokenBy']
  /** The round was not solved to optimality: nothing can be said about what decided. */
  readonly unproven: boolean
}

const noFamilies: readonly ConstraintInfo['family'][] = []

function decide(reading: Reading, h: number, e: number): Decision {
  const { prepared, solved, matchedEdgeOfVacancy } = reading
  const { problem, edgeCents, tieScale } = prepared
  const v = problem.edges.vacancy[e] as number
  const mine = edgeCents[e] as number
  const otherEdge = matchedEdgeOfVacancy[v] as number
  const holder = otherEdge === -1 ? -1 : (problem.edges.household[otherEdge] as number)
  const theirs = otherEdge === -1 ? undefined : (edgeCents[otherEdge] as number)
  if (solved.status !== 'optimal') {
    return {
      decidedBy: 'constraints_together',
      families: noFamilies,
      holder,
      theirs,
      needed: undefined,
      none: false,
      tieBrokenBy: undefined,
      unproven: true,
    }
  }

  const threshold = reading.threshold[e] as number
  const w = problem.edges.weight[e] as number
  const tie = w - mine * tieScale
  let needed: number | undefined
  let none = false
  if (threshold === Number.POSITIVE_INFINITY) none = true
  else if (Number.isFinite(threshold)) needed = Math.floor((threshold - tie) / tieScale) + 1

  // A family decided this vacancy when the round without it gives the vacancy to someone else, and
  // the family is what stood in this household's way: without it this household gets the vacancy,
  // or no score would have won it, or it was held empty, or it went to a lower score. A family that
  // only reshuffles who else gets it leaves the other household's higher score as the reason.
  const constrained = none || holder === -1 || (theirs as number) < mine
  let families: ConstraintInfo['family'][] | undefined
  for (const r of reading.relaxed) {
    const other = r.holderOfVacancy[v] as number
    if (other === holder || (other !== h && !constrained)) continue
    if (families === undefined) families = []
    families.push(r.family)
  }

  let decidedBy: DecidedBy
  let tieBrokenBy: EligibleVacancyOutcome['tieBrokenBy']
  if (families !== undefined) decidedBy = 'constraint'
  else if (constrained) decidedBy = 'constraints_together'
  else if (
    needed === undefined ? theirs === mine : needed === mine + 1 && Math.floor(threshold / tieScale) === mine
  ) {
    if (theirs !== mine) {
      // One more cent would have won it, yet the holder scored more for this vacancy: the round's
      // total, not the two scores, was equal (the holder would have been placed elsewhere for as much).
      decidedBy = 'equal_total'
      tieBrokenBy = 'order'
      return { decidedBy, families: noFamilies, holder, theirs, needed, none, tieBrokenBy, unproven: false }
    }
    decidedBy = 'tie'
    const a = prepared.households[h]?.applicant
    const b = prepared.households[holder]?.applicant
    tieBrokenBy =
      !a || !b || a.lotteryNumber < b.lotteryNumber || (a.lotteryNumber === b.lotteryNumber && a.id < b.id)
        ? 'order'
        : a.lotteryNumber === b.lotteryNumber
          ? 'id'
          : 'lottery'
  } else decidedBy = 'higher_score'
  return {
    decidedBy,
    families: families ?? noFamilies,
    holder,
    theirs,
    needed,
    none,
    tieBrokenBy,
    unproven: false,
  }
}

const safetyBit = 2 ** ruleCodes.indexOf('not_excluded_district')
/** The rules whose exclusions may be shown as examples (not the safety rule, not a household-only rule), as bits. */
const exemplaryBits = ruleCodes.reduce(
  (bits, rule, i) =>
    rule !== 'not_excluded_district' && ruleDefinition(rule).side !== 'household' ? bits | (2 ** i) : bits,
  0,
)

/** Per family, its rows at their limit and its price: made once per round, asked for per eligible vacancy. */
const familyFacts = new WeakMap<
  Reading,
  Map<ConstraintInfo['family'], { readonly tight: readonly number[]; readonly price: number | null }>
>()
function factsOf(reading: Reading, family: ConstraintInfo['family']) {
  let byFamily = familyFacts.get(reading)
  if (!byFamily) {
    byFamily = new Map()
    familyFacts.set(reading, byFamily)
  }
  let facts = byFamily.get(family)
  if (!facts) {
    const { problem, constraintInfo } = reading.prepared
    const tight: number[] = []
    problem.constraints.forEach((_, k) => {
      if (constraintInfo[k]?.family === family && reading.constraints[k]?.tight) tight.push(k)
    })
    const price = reading.constraints.find((c) => c.family === family)?.price ?? null
    facts = { tight, price }
    byFamily.set(family, facts)
  }
  return facts
}

/** One bit set per vacancy for a household's failed rules (`sweepHousehold` fills it), made once per round. */
const failsScratchOf = new WeakMap<Reading, Int32Array>()
function failsScratch(reading: Reading): Int32Array {
  let fails = failsScratchOf.get(reading)
  if (!fails) {
    fails = new Int32Array(reading.prepared.vacancies.length)
    failsScratchOf.set(reading, fails)
  }
  return fails
}

/** One byte per vacancy for marking a household's eligible vacancies, made once per round and cleared after use. */
const eligibleScratchOf = new WeakMap<Reading, Uint8Array>()
function eligibleScratch(reading: Reading): Uint8Array {
  let marks = eligibleScratchOf.get(reading)
  if (!marks) {
    marks = new Uint8Array(reading.prepared.vacancies.length)
    eligibleScratchOf.set(reading, marks)
  }
  return marks
}

/**
 * The row `decidingConstraint` names first for household h and vacancy v (its `names[0]`), or −1
 * when it names none: the first of the family's rows at their limit that bear on the case (or of
 * all of them, when none bears on it), leaving out a cap on a district the household must avoid.
 * No lists are built: the counts ask this for every eligible vacancy.
 */
function decidingRow(reading: Reading, family: ConstraintInfo['family'], h: number, v: number): number {
  const { problem } = reading.prepared
  const { tight } = factsOf(reading, family)
  let anyTouching = false
  let firstTouching = -1
  let firstTight = -1
  for (const k of tight) {
    const c = problem.constraints[k] as MatchProblem['constraints'][number]
    const touches = coefficientOf(c.scope, h, v) !== 0
    const hidden = namesExcludedDistrict(reading, h, k)
    if (touches) {
      anyTouching = true
      if (!hidden && firstTouching < 0) firstTouching = k
    }
    if (!hidden && firstTight < 0) firstTight = k
  }
  return anyTouching ? firstTouching : firstTight
}

function decidingConstraint(
  reading: Reading,
  family: ConstraintInfo['family'],
  h: number,
  e: number,
): DecidingConstraint {
  const { problem } = reading.prepared
  const v = problem.edges.vacancy[e] as number
  const { tight, price } = factsOf(reading, family)
  const touching = tight.filter((k) => {
    const c = problem.constraints[k] as MatchProblem['constraints'][number]
    return coefficientOf(c.scope, h, v) !== 0
  })
  const chosen = (touching.length > 0 ? touching : tight).filter((k) => !namesExcludedDistrict(reading, h, k))
  const names = chosen.map((k) => problem.constraints[k]?.name ?? '')
  return { family, names, price }
}

export function outcomeSentence(
  lang: Lang,
  o: Omit<EligibleVacancyOutcome, 'text'>,
  mine: number,
  theirs: number | undefined,
  needed: number | undefined,
): string {
  const sv = lang === 'sv'
  const head = sv
    ? `Bostad ${o.vacancyId}: hushållet hade ${pointsPhrase(lang, mine)}`
    : `Vacancy ${o.vacancyId}: the household had ${pointsPhrase(lang, mine)}`
  const where =
    theirs === undefined
      ? sv
        ? 'bostaden lämnades tom i rundan'
        : 'the vacancy was left empty this round'
      : sv
        ? `den gick till ett annat hushåll med ${pointsPhrase(lang, theirs)}`
        : `it went to another household with ${pointsPhrase(lang, theirs)}`
  const neededText =
    needed === undefined
      ? ''
      : sv
        ? ` Med minst ${pointsPhrase(lang, needed)} hade hushållet fått den.`
        : ` With at least ${pointsPhrase(lang, needed)} the household would have got it.`
  switch (o.decidedBy) {
    case 'higher_score':
      return sv
        ? `${head}; den gick till ett hushåll med högre poäng, ${pointsPhrase(lang, theirs as number)}.${neededText}`
        : `${head}; it went to a household with a higher score, ${pointsPhrase(lang, theirs as number)}.${neededText}`
    case 'tie': {
      const by =
        o.tieBrokenBy === 'lottery'
          ? sv
            ? 'lottnumret avgjorde (lägre nummer först), och det andra hushållet hade ett lägre lottnummer'
            : 'the lottery number decided (lower number first), and the other household had a lower one'
          : o.tieBrokenBy === 'id'
            ? sv
              ? 'hushållen hade samma lottnummer, så id-numret avgjorde'
              : 'the households had the same lottery number, so the id decided'
            : sv
              ? 'ordningen avgjorde: lottnummer, sedan id, och bostäderna i ordning efter när de blir lediga'
              : 'the order decided: lottery number, then id, and the vacancies by when they become free'
      return `${head}; ${where}. ${sv ? `Poängen var lika för rundan som helhet; ${by}.` : `The scores were equal for the round as a whole; ${by}.`}${neededText}`
    }
    case 'equal_total':
      return `${head}; ${where}. ${
        sv
          ? 'Rundans sammanlagda poäng hade blivit lika stor om hushållet fått den i stället; ordningen avgjorde: lottnummer, sedan id, och bostäderna i ordning efter när de blir lediga.'
          : "The round's total score would have been the same had the household got it instead; the order decided: lottery number, then id, and the vacancies by when they become free."
      }${neededText}`
    case 'constraint': {
      const names = listOf(
        lang,
        (o.constraints ?? []).map((c) => constraintName(lang, c.names[0] ?? c.family, c.names.length === 0)),
      )
      const prices = (o.constraints ?? []).flatMap((c) =>
        c.price === null ? [] : [pointsPhrase(lang, Math.round(c.price * 100))],
      )
      const cost =
        prices.length === 0 ? '' : sv ? ` (pris ${listOf(lang, prices)})` : ` (price ${listOf(lang, prices)})`
      const verdict = o.noScoreWouldSuffice
        ? sv
          ? ` Ingen poäng hade räckt så länge det gällde.`
          : ` No score would have been enough while it held.`
        : neededText
      return `${head}; ${where}. ${sv ? `Det avgjordes av ${names}${cost}.` : `It was decided by ${names}${cost}.`}${verdict}`
    }
    case 'constraints_together':
      return `${head}; ${where}. ${
        sv
          ? 'Det avgjordes av rundans villkor tillsammans; inget av dem ensamt ändrade utfallet.'
          : "It was decided by the round's side constraints together; none of them alone changed the outcome."
      }${o.noScoreWouldSuffice ? (sv ? ' Ingen poäng hade räckt så länge villkoren gällde.' : ' No score would have been enough while they held.') : neededText}`
  }
}

export function notProvenSentence(lang: Lang, vacancyId: string, mine: number, infeasible: boolean): string {
  if (infeasible) {
    return lang === 'sv'
      ? `Bostad ${vacancyId}: hushållet hade ${pointsPhrase(lang, mine)}; ingen bostad fördelades, eftersom rundans villkor inte kan uppfyllas samtidigt.`
      : `Vacancy ${vacancyId}: the household had ${pointsPhrase(lang, mine)}; no vacancy was allocated, as the round's constraints cannot all hold.`
  }
  return lang === 'sv'
    ? `Bostad ${vacancyId}: hushållet hade ${pointsPhrase(lang, mine)}; rundan löstes inte till slut, så vad som avgjorde kan inte sägas.`
    : `Vacancy ${vacancyId}: the household had ${pointsPhrase(lang, mine)}; the round was not solved to the end, so what decided cannot be said.`
}

/** What a summary sentence reads of its round: how many vacancies, and how the solve ended. */
export interface RoundFacts {
  readonly vacancies: number
  readonly status: string
  readonly conflicting?: readonly string[]
}

export function unmatchedSummary(
  lang: Lang,
  round: RoundFacts,
  reason: UnmatchedExplanation['reason'],
  eligibleCount: number,
  decided: DecidedCounts,
  deciding: Iterable<DecidingCount>,
  status?: string,
): string {
  const sv = lang === 'sv'
  switch (reason) {
    case 'not_taking_part':
      return sv
        ? `Hushållet deltog inte i rundan: ärendet är inte aktivt (${status === undefined ? '' : applicantStatusName(lang, status)}).`
        : `The household did not take part in the round: the case is not active (${status === undefined ? '' : applicantStatusName(lang, status)}).`
    case 'no_eligible_vacancy': {
      const m = round.vacancies
      if (m === 0)
        return sv ? 'Rundan hade inga bostäder att fördela.' : 'The round had no vacancies to allocate.'
      return sv
        ? `Ingen av rundans ${countOf(lang, m, 'vacancy')} uppfyllde reglerna för hushållet; skälen står nedan, regel för regel.`
        : `None of the round's ${countOf(lang, m, 'vacancy')} met the rules for the household; the reasons follow, rule by rule.`
    }
    case 'not_solved': {
      const names = (round.conflicting ?? []).map((n) => constraintName(lang, n))
      if (round.status === 'infeasible' && names.length > 0) {
        return sv
          ? `Rundan kunde inte lösas: ${listOf(lang, names)} kan inte uppfyllas samtidigt. Inga förslag gjordes.`
          : `The round could not be solved: ${listOf(lang, names)} cannot all hold. No proposals were made.`
      }
      return sv
        ? 'Rundan kunde inte lösas; inga förslag gjordes.'
        : 'The round could not be solved; no proposals were made.'
    }
    case 'outscored_or_constrained': {
      const parts: string[] = []
      const tally = (kind: DecidedBy) => decided[kind]
      const n = (k: number) => countOf(lang, k, 'vacancy')
      if (tally('higher_score') > 0)
        parts.push(
          sv
            ? `ett annat hushålls högre poäng (${n(tally('higher_score'))})`
            : `another household's higher score (${n(tally('higher_score'))})`,
        )
      if (tally('tie') > 0)
        parts.push(
          sv
            ? `lika poäng, där lottnumret eller id-numret avgjorde (${n(tally('tie'))})`
            : `equal scores, decided by the lottery number or the id (${n(tally('tie'))})`,
        )
      if (tally('equal_total') > 0)
        parts.push(
          sv
            ? `lika stor summa för rundan, där ordningen avgjorde (${n(tally('equal_total'))})`
            : `an equal total for the round, decided by the order (${n(tally('equal_total'))})`,
        )
      const byName = new Map<string, number>()
      // In order of first appearance, as the constraints were met going through the vacancies.
      for (const c of deciding) {
        const name = constraintName(lang, c.constraint, c.unnamed)
        byName.set(name, (byName.get(name) ?? 0) + c.vacancies)
      }
      for (const [name, k] of byName) parts.push(`${name} (${n(k)})`)
      if (tally('constraints_together') > 0)
        parts.push(
          sv
            ? `rundans villkor tillsammans (${n(tally('constraints_together'))})`
            : `the round's side constraints together (${n(tally('constraints_together'))})`,
        )
      const count = countOf(lang, eligibleCount, 'vacancy')
      return sv
        ? `Hushållet var behörigt till ${count} men fick inget förslag. Det som avgjorde: ${listOf(lang, parts)}.`
        : `The household was eligible for ${count} but got no proposal. What decided: ${listOf(lang, parts)}.`
    }
  }
}
