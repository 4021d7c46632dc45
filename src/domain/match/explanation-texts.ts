/**
 * The sentences of explanations, rendered from their codes and figures when someone reads them.
 *
 * A round computes and stores explanations as codes and figures only (`CodedProposalExplanation`,
 * `CodedUnmatchedExplanation`): the sentences in two languages were about 60 % of a stored
 * result's size. Every reader — the API's result, the staff pages, the text report, the letter,
 * `hemvist explain` — gets the same sentences, byte for byte, by rendering them here from what is
 * stored and the round's own figures (how many vacancies, how the solve ended, the side
 * constraints' parameters), never from anything that is not in the result. A result stored with
 * its sentences (before they were stored as codes) is returned as it is.
 *
 * @example
 * const result = withTexts(JSON.parse(round.result))
 * result.unmatched[0]?.explanation?.summary.sv
 */
import { describeFailure, ruleDefinition } from './eligibility.ts'
import {
  type CodedExcludedByRule,
  type CodedOutcome,
  type CodedProposalExplanation,
  type CodedTerm,
  type CodedUnmatchedExplanation,
  constraintRule,
  type EligibleVacancyOutcome,
  type ExcludedByRule,
  notProvenSentence,
  outcomeSentence,
  type ProposalExplanation,
  proposalSummary,
  type RoundFacts,
  type UnmatchedExplanation,
  unmatchedSummary,
} from './explain.ts'
import type { ConstraintReport, RoundResult } from './run-round.ts'
import { both, type ExplainedTerm, termSentence } from './texts.ts'
import { countOf, type Lang } from './words.ts'

/** A round's result with its explanations as codes and figures (what a round stores and `hemvist solve` writes). */
export interface CodedRoundResult extends Omit<RoundResult, 'proposals' | 'unmatched'> {
  readonly proposals: readonly {
    readonly applicantId: string
    readonly vacancyId: string
    readonly score: number
    readonly explanation?: CodedProposalExplanation | ProposalExplanation
  }[]
  readonly unmatched: readonly {
    readonly applicantId: string
    readonly explanation?: CodedUnmatchedExplanation | UnmatchedExplanation
  }[]
}

/** What the sentences read of the round besides the explanation itself. */
export interface ExplanationContext extends RoundFacts {
  /** The round's side constraints with their parameters (a proposal's "shaped by" names them). */
  readonly constraints: readonly Pick<ConstraintReport, 'name' | 'params'>[]
}

/** The context of a result: its own figures. */
export function contextOf(result: Omit<RoundResult, 'proposals' | 'unmatched'>): ExplanationContext {
  return {
    vacancies: result.stats.vacancies,
    status: result.status,
    ...(result.conflicting === undefined ? {} : { conflicting: result.conflicting }),
    constraints: result.constraints,
  }
}

/**
 * The result with every explanation's sentences, in the shape and key order the engine has always
 * written them. Proposals and households are those of `result`, in its order.
 */
export function withTexts(result: CodedRoundResult): RoundResult {
  const context = contextOf(result)
  return {
    ...result,
    proposals: result.proposals.map((p) =>
      p.explanation === undefined
        ? (p as RoundResult['proposals'][number])
        : { ...p, explanation: proposalTexts(p.explanation, p.vacancyId, context) },
    ),
    unmatched: result.unmatched.map((u) =>
      u.explanation === undefined
        ? (u as RoundResult['unmatched'][number])
        : { ...u, explanation: unmatchedTexts(u.explanation, context) },
    ),
  }
}

/** A score term with its sentence. */
export function termTexts(t: CodedTerm | ExplainedTerm): ExplainedTerm {
  if ('text' in t) return t
  const cents = Math.round(t.points * 100)
  return { ...t, text: both((lang) => termSentence({ term: t.term, params: t.params, cents }, lang)) }
}

/** A proposal's explanation with its sentences (`vacancyId`: the vacancy proposed). */
export function proposalTexts(
  x: CodedProposalExplanation | ProposalExplanation,
  vacancyId: string,
  context: ExplanationContext,
): ProposalExplanation {
  if ('summary' in x) return x
  const params = new Map(context.constraints.map((c) => [c.name, c.params]))
  return {
    score: x.score,
    terms: x.terms.map(termTexts),
    rulesPassed: x.rulesPassed,
    shapedBy: x.shapedBy.map(({ constraint }) => ({
      constraint,
      text: both((lang) => constraintRule(lang, constraint, params.get(constraint) ?? {}, true)),
    })),
    ...(x.exemptFrom === undefined
      ? {}
      : {
          exemptFrom: x.exemptFrom.map(({ constraint }) => ({
            constraint,
            text: both((lang) => exemptionSentence(lang, params.get(constraint) ?? {})),
          })),
        }),
    summary: both((lang) =>
      proposalSummary(
        lang,
        vacancyId,
        Math.round(x.score * 100),
        x.rulesPassed.length,
        x.shapedBy.length > 0,
      ),
    ),
  }
}

/** An unmatched household's explanation with its sentences. */
export function unmatchedTexts(
  x: CodedUnmatchedExplanation | UnmatchedExplanation,
  context: ExplanationContext,
): UnmatchedExplanation {
  if ('summary' in x) return x
  const { householdStatus, ...codes } = x
  return {
    reason: codes.reason,
    priority: { score: codes.priority.score, terms: codes.priority.terms.map(termTexts) },
    eligibleVacancies: codes.eligibleVacancies,
    alternatives: codes.alternatives.map((o) => outcomeTexts(o, context)),
    decided: codes.decided,
    decidingConstraints: codes.decidingConstraints,
    excludedBy: codes.excludedBy.map(excludedTexts),
    lotteryNumber: codes.lotteryNumber,
    summary: both((lang) =>
      unmatchedSummary(
        lang,
        context,
        codes.reason,
        codes.eligibleVacancies,
        codes.decided,
        codes.decidingConstraints,
        householdStatus,
      ),
    ),
  }
}

/** An eligible vacancy's outcome with its sentence. */
export function outcomeTexts(o: CodedOutcome, context: RoundFacts): EligibleVacancyOutcome {
  const mine = Math.round(o.score * 100)
  // Only a proven optimum says what decided (explain.ts `decide`).
  const text =
    context.status !== 'optimal'
      ? both((lang) => notProvenSentence(lang, o.vacancyId, mine, context.status === 'infeasible'))
      : both((lang) =>
          outcomeSentence(
            lang,
            o,
            mine,
            o.otherScore === undefined ? undefined : Math.round(o.otherScore * 100),
            o.neededScore === undefined ? undefined : Math.round(o.neededScore * 100),
          ),
        )
  return { ...o, text }
}

/** An excluding rule with its sentence, and each example's. */
export function excludedTexts(x: CodedExcludedByRule | ExcludedByRule): ExcludedByRule {
  if ('text' in x) return x
  const { title } = ruleDefinition(x.rule)
  const text =
    x.rule === 'not_excluded_district'
      ? both((lang) =>
          lang === 'sv'
            ? `Regeln ”${title.sv}” uteslöt bostäder. Av säkerhetsskäl anges varken området eller bostaden.`
            : `The rule "${title.en}" excluded vacancies. For safety reasons neither the district nor the vacancy is named.`,
        )
      : both((lang) =>
          lang === 'sv'
            ? `Regeln ”${title.sv}” uteslöt ${countOf(lang, x.vacancies, 'vacancy')}.`
            : `The rule "${title.en}" excluded ${countOf(lang, x.vacancies, 'vacancy')}.`,
        )
  const examples = x.examples?.map(({ vacancyId, failure }) => ({
    vacancyId,
    text: both((lang) =>
      failure
        ? `${lang === 'sv' ? 'Bostad' : 'Vacancy'} ${vacancyId}: ${describeFailure({ rule: x.rule, passed: false, params: failure }, lang)}`
        : vacancyId,
    ),
  }))
  return {
    rule: x.rule,
    vacancies: x.vacancies,
    ...(x.exampleVacancyIds === undefined ? {} : { exampleVacancyIds: x.exampleVacancyIds }),
    text,
    ...(examples === undefined ? {} : { examples }),
  }
}

/**
 * Why a placement does not count against a district cap, as a sentence: "Vivalla har ett tak på 2
 * placeringar per runda mot segregation, men hushållet har själv önskat området, så placeringen
 * räknas inte mot taket."
 */
export function exemptionSentence(
  lang: Lang,
  params: Readonly<Record<string, string | number | boolean>>,
): string {
  const n = countOf(lang, Number(params.atMost), 'placement')
  const district = String(params.district)
  return lang === 'sv'
    ? `${district} har ett tak på ${n} per runda mot segregation, men hushållet har själv önskat området, så placeringen räknas inte mot taket.`
    : `${district} has a cap of ${n} per round against segregation, but the household asked for this district itself, so the placement does not count against the cap.`
}
