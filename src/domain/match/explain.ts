import { describeFailure, forEachFailedRule, outcomeOf, type RuleCode, ruleCodes } from './eligibility.ts'
import type { Reading } from './run-round.ts'
import { type ScoreTerm, scorePair } from './scoring.ts'
import { type ExplainedTerm, explainTerm, formatPoints, points, type Text } from './texts.ts'

/**
 * Explanations, as codes with parameters plus plain sentences (Swedish for
 * staff, English), so that staff can read them to the household. Other
 * households are never named: only their scores are shown.
 */

export interface ProposalExplanation {
  readonly score: number
  readonly terms: readonly ExplainedTerm[]
  /** Every hard rule passed; listed by code. */
  readonly rulesPassed: readonly RuleCode[]
  /** Side constraints at their limit that involve this household or vacancy. */
  readonly shapedBy: readonly { readonly constraint: string; readonly text: Text }[]
  readonly summary: Text
}

export interface EligibleVacancyOutcome {
  readonly vacancyId: string
  /** What this household would have scored for the vacancy. */
  readonly score: number
  readonly outcome: 'went_to_another_household' | 'left_empty'
  /** For a vacancy left empty: the side constraints at their limit that held it back. */
  readonly heldBy?: readonly string[]
  /** The score of the household that got it (not named). */
  readonly otherScore?: number
  /**
   * The score this household would have needed for the vacancy, from the
   * solver's dual prices, when the engine provides them.
   */
  readonly neededScore?: number
  readonly text: Text
}

export interface UnmatchedExplanation {
  readonly reason: 'not_taking_part' | 'no_eligible_vacancy' | 'outscored_or_constrained' | 'not_solved'
  readonly priority: { readonly score: number; readonly terms: readonly ExplainedTerm[] }
  readonly eligible: readonly EligibleVacancyOutcome[]
  /** Rules that excluded the household from the other vacancies, with how many vacancies each excluded. */
  readonly excludedBy: readonly {
    readonly rule: RuleCode
    readonly vacancies: number
    readonly exampleVacancyIds: readonly string[]
    readonly text: Text
  }[]
  readonly summary: Text
}

const listExamples = 5

function termsOf(prepared: Reading['prepared'], h: number, v: number): ScoreTerm[] {
  const hf = prepared.households[h]
  const vf = prepared.vacancies[v]
  const priority = prepared.priority[h]
  if (!hf || !vf || !priority) return []
  return scorePair(priority.terms, priority.cents, hf, vf, prepared.policy).terms
}

/** Which side constraints at their limit involve edge e's household or vacancy. */
function constraintsTouching(reading: Reading, e: number) {
  const { problem } = reading.prepared
  const h = problem.edges.household[e] as number
  const v = problem.edges.vacancy[e] as number
  const out: { constraint: string; text: Text }[] = []
  problem.constraints.forEach((c, k) => {
    const report = reading.constraints[k]
    if (!report?.tight) return
    const a = (c.scope.kind === 'households' ? c.scope.coef[h] : c.scope.coef[v]) ?? 0
    if (a === 0) return
    out.push({ constraint: c.name, text: constraintText(c.name, report.params) })
  })
  return out
}

function constraintText(name: string, params: Readonly<Record<string, string | number | boolean>>): Text {
  if (name === 'childrenFloor') {
    return {
      sv: `Barngolvet: minst ${params.atLeast} placeringar går till hushåll med barn, och gränsen nåddes precis.`,
      en: `The children floor: at least ${params.atLeast} placements go to households with children, and the floor was reached exactly.`,
    }
  }
  if (name.startsWith('districtCap:')) {
    return {
      sv: `Områdestaket: högst ${params.atMost} placeringar i ${params.district} per runda (mot segregation), och taket nåddes.`,
      en: `The district cap: at most ${params.atMost} placements in ${params.district} per round (against segregation), and it was reached.`,
    }
  }
  if (name.startsWith('programQuota:')) {
    return {
      sv: `Programkvoten: minst ${params.atLeast} placeringar i ${params.type}, och kvoten nåddes precis.`,
      en: `The program quota: at least ${params.atLeast} placements in ${params.type}, and it was met exactly.`,
    }
  }
  return {
    sv: `Jämlikhetsvillkoret för ${params.attribute}=${params.value}: gruppens andel matchade får avvika högst ${params.epsilon} från helheten, och gränsen nåddes.`,
    en: `The parity constraint for ${params.attribute}=${params.value}: the group's match rate may differ by at most ${params.epsilon} from the overall rate, and the limit was reached.`,
  }
}

export function explainProposal(reading: Reading, e: number): ProposalExplanation {
  const { prepared } = reading
  const h = prepared.problem.edges.household[e] as number
  const v = prepared.problem.edges.vacancy[e] as number
  const score = points(prepared.edgeCents[e] as number)
  const shapedBy = constraintsTouching(reading, e)
  const vacancyId = prepared.vacancies[v]?.vacancy.id ?? ''
  return {
    score,
    terms: termsOf(prepared, h, v).map(explainTerm),
    rulesPassed: [...ruleCodes],
    shapedBy,
    summary: {
      sv: `Föreslås bostad ${vacancyId} med ${formatPoints(prepared.edgeCents[e] as number)} poäng. Alla ${ruleCodes.length} regler för behörighet är uppfyllda. Förslaget ger högst sammanlagd poäng för hela rundan enligt policyn${shapedBy.length > 0 ? '; det påverkas av villkor som nått sin gräns' : ''}.`,
      en: `Proposed vacancy ${vacancyId} with ${formatPoints(prepared.edgeCents[e] as number)} points. All ${ruleCodes.length} eligibility rules are met. The proposal gives the highest total score for the whole round under the policy${shapedBy.length > 0 ? '; it is shaped by constraints at their limit' : ''}.`,
    },
  }
}

export function explainUnmatched(reading: Reading, h: number): UnmatchedExplanation {
  const { prepared, solved, matchedEdgeOfVacancy } = reading
  const { problem, vacancies, edgeStart, edgeCents } = prepared
  const household = prepared.households[h]
  const priorityCents = prepared.priority[h]?.cents ?? 0
  const priority = {
    score: points(priorityCents),
    terms: (prepared.priority[h]?.terms ?? []).map(explainTerm),
  }
  const start = edgeStart[h] as number
  const end = edgeStart[h + 1] as number
  const eligibleSet = new Set<number>()
  const eligible: EligibleVacancyOutcome[] = []
  for (let e = start; e < end; e++) {
    const v = problem.edges.vacancy[e] as number
    eligibleSet.add(v)
    const vacancyId = vacancies[v]?.vacancy.id ?? ''
    const mine = edgeCents[e] as number
    const other = matchedEdgeOfVacancy[v] as number
    const needed = neededCents(reading, e)
    const neededPart = needed === undefined ? {} : { neededScore: points(needed) }
    if (other !== -1) {
      const theirs = edgeCents[other] as number
      eligible.push({
        vacancyId,
        score: points(mine),
        outcome: 'went_to_another_household',
        otherScore: points(theirs),
        ...neededPart,
        text: {
          sv: `Bostad ${vacancyId}: ni hade ${formatPoints(mine)} poäng; den gick till ett annat hushåll med ${formatPoints(theirs)} poäng${needed === undefined ? '' : `; ni hade behövt minst ${formatPoints(needed)}`}.`,
          en: `Vacancy ${vacancyId}: you had ${formatPoints(mine)} points; it went to another household with ${formatPoints(theirs)} points${needed === undefined ? '' : `; you would have needed at least ${formatPoints(needed)}`}.`,
        },
      })
    } else {
      const held = constraintsTouching(reading, e)
      const names = held.map((c) => c.constraint).join(', ')
      eligible.push({
        vacancyId,
        score: points(mine),
        outcome: 'left_empty',
        heldBy: held.map((c) => c.constraint),
        ...neededPart,
        text: {
          sv: `Bostad ${vacancyId}: ni hade ${formatPoints(mine)} poäng; den lämnades tom i rundan${names ? ` av villkoret ${names}` : ''}. ${held.map((c) => c.text.sv).join(' ')}`.trim(),
          en: `Vacancy ${vacancyId}: you had ${formatPoints(mine)} points; it was left empty this round${names ? ` by the constraint ${names}` : ''}. ${held.map((c) => c.text.en).join(' ')}`.trim(),
        },
      })
    }
  }

  const excluded = new Map<RuleCode, { count: number; ids: string[]; text: Text }>()
  if (household) {
    vacancies.forEach((vf, v) => {
      if (eligibleSet.has(v)) return
      // Counting needs only pass/fail; figures and sentences are made once per rule, for its first
      // example (a large round has thousands of vacancies per household).
      forEachFailedRule(household, vf, prepared, (rule) => {
        let entry = excluded.get(rule)
        if (!entry) {
          const failure = outcomeOf(rule, household, vf, prepared)
          // The sentence carries the first excluded vacancy's figures, so it names that vacancy.
          entry = {
            count: 0,
            ids: [],
            text: {
              sv: `T.ex. bostad ${vf.vacancy.id}: ${describeFailure(failure, 'sv')}`,
              en: `E.g. vacancy ${vf.vacancy.id}: ${describeFailure(failure, 'en')}`,
            },
          }
          excluded.set(rule, entry)
        }
        entry.count++
        if (entry.ids.length < listExamples) entry.ids.push(vf.vacancy.id)
      })
    })
  }
  const excludedBy = ruleCodes
    .filter((code) => excluded.has(code))
    .map((rule) => {
      const x = excluded.get(rule) as { count: number; ids: string[]; text: Text }
      return { rule, vacancies: x.count, exampleVacancyIds: x.ids, text: x.text }
    })

  const taking = household?.applicant.status === 'active'
  const solvedOk = solved.status === 'optimal' || solved.status === 'timedout'
  const reason: UnmatchedExplanation['reason'] = !taking
    ? 'not_taking_part'
    : eligible.length === 0
      ? 'no_eligible_vacancy'
      : solvedOk
        ? 'outscored_or_constrained'
        : 'not_solved'
  return {
    reason,
    priority,
    eligible,
    excludedBy,
    summary: unmatchedSummary(reason, eligible.length, household?.applicant.status),
  }
}

function unmatchedSummary(
  reason: UnmatchedExplanation['reason'],
  eligibleCount: number,
  status?: string,
): Text {
  switch (reason) {
    case 'not_taking_part':
      return {
        sv: `Hushållet deltog inte i rundan (status "${status}").`,
        en: `The household did not take part in the round (status "${status}").`,
      }
    case 'no_eligible_vacancy':
      return {
        sv: 'Ingen av rundans bostäder uppfyllde reglerna för hushållet; skälen står nedan per regel.',
        en: "None of the round's vacancies met the rules for the household; the reasons are listed below by rule.",
      }
    case 'outscored_or_constrained':
      return {
        sv: `Hushållet var behörigt till ${eligibleCount} bostäder; var och en gick till ett hushåll med högre poäng eller hölls av ett villkor i policyn, eftersom det gav högst sammanlagd poäng för rundan.`,
        en: `The household was eligible for ${eligibleCount} vacancies; each went to a household with a higher score or was held back by a policy constraint, as that gave the highest total score for the round.`,
      }
    case 'not_solved':
      return {
        sv: 'Rundan kunde inte lösas med policyns villkor; inga förslag gjordes.',
        en: "The round could not be solved under the policy's constraints; no proposals were made.",
      }
  }
}

/**
 * The score the household would have needed for edge e's vacancy: its weight
 * plus the edge's reduced cost under the solver's optimal dual prices, the
 * threshold at which taking the pair becomes as good as the proposal.
 */
function neededCents(reading: Reading, e: number): number | undefined {
  const { duals } = reading.solved
  if (!duals || reading.solved.status !== 'optimal') return undefined
  const { problem, tieScale } = reading.prepared
  const h = problem.edges.household[e] as number
  const v = problem.edges.vacancy[e] as number
  let price = (duals.households[h] ?? 0) + (duals.vacancies[v] ?? 0)
  problem.constraints.forEach((c, k) => {
    const a = (c.scope.kind === 'households' ? c.scope.coef[h] : c.scope.coef[v]) ?? 0
    price += a * (duals.constraints[k] ?? 0)
  })
  const w = problem.edges.weight[e] as number
  if (price <= w) return undefined
  // The weight is cents × tieScale + the household's own tie-break, which stays as it is:
  // the smallest score whose weight reaches the price.
  const cents = reading.prepared.edgeCents[e] as number
  const tie = w - cents * tieScale
  return Math.ceil((price - tie) / tieScale - 1e-9)
}
