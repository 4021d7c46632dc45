/**
 * One pair of a stored round judged on its own: may this household have this
 * vacancy under the round's rules, and what does the pair score? Used when an
 * allocator overrides a proposal and names another household of the pool:
 * the override must still pass every hard rule, judged on the round's
 * snapshot (what the round saw), and its score is recorded with the decision.
 */
import type { RoundInput } from '../round.ts'
import { failedRules, isEligible, type RuleCode } from './eligibility.ts'
import { householdFacts, vacancyFacts } from './household-facts.ts'
import { priorityTerms, type ScoreTerm, scorePair, sumCents } from './scoring.ts'
import { points } from './texts.ts'

export type PairAssessment =
  | { readonly ok: true; readonly score: number; readonly terms: readonly ScoreTerm[] }
  | { readonly ok: false; readonly reason: 'not_in_pool' }
  | { readonly ok: false; readonly reason: 'not_eligible'; readonly rules: readonly RuleCode[] }

/**
 * @example
 * const a = assessPair(snapshot, 'a-7', 'v-3')
 * if (!a.ok && a.reason === 'not_eligible') a.rules // ['rent_affordable']
 */
export function assessPair(round: RoundInput, applicantId: string, vacancyId: string): PairAssessment {
  const applicant = round.applicants.find((a) => a.id === applicantId)
  const vacancy = round.vacancies.find((v) => v.id === vacancyId)
  if (applicant === undefined || vacancy === undefined) return { ok: false, reason: 'not_in_pool' }
  const ctx = { asOf: round.asOf, policy: round.policy }
  const h = householdFacts(applicant, round.asOf, round.policy)
  const v = vacancyFacts(vacancy, round.policy)
  if (!isEligible(h, v, ctx)) {
    return { ok: false, reason: 'not_eligible', rules: failedRules(h, v, ctx).map((o) => o.rule) }
  }
  const priority = priorityTerms(h, round.asOf, round.policy)
  const scored = scorePair(priority, sumCents(priority), h, v, round.policy)
  return { ok: true, score: points(scored.cents), terms: scored.terms }
}
