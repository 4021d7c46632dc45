/**
 * Guards for changes to a household or a vacancy that holds an open offer
 * (rule O6 in docs/rounds.md): it cannot be withdrawn, and a change that would
 * make the pair fail a hard rule of the round's policy is refused with 409
 * until the offer is answered. Other changes (a new phone note, a corrected
 * situation date) go through.
 */
import type { Executor } from '../../../db/client.ts'
import { getPolicy } from '../../../db/repo/policies.ts'
import type { Applicant } from '../../domain/applicant.ts'
import { assessPair } from '../../domain/match/assess-pair.ts'
import type { Vacancy } from '../../domain/vacancy.ts'
import { mustApplicant, mustVacancy, openOfferOf, roundRow } from '../rounds/store.ts'

/**
 * Why the change breaks an open offer, or undefined when there is none or it
 * does not. Give the changed household or the changed vacancy (not both).
 */
export function openOfferBrokenBy(
  tx: Executor,
  change: { applicant: Applicant } | { vacancy: Vacancy },
): string | undefined {
  const offer =
    'applicant' in change
      ? openOfferOf(tx, { applicantId: change.applicant.id })
      : openOfferOf(tx, { vacancyId: change.vacancy.id })
  if (offer === undefined) return undefined
  const what = 'applicant' in change ? 'household' : 'vacancy'
  const round = roundRow(tx, offer.roundId)
  const policy = round === undefined ? undefined : getPolicy(tx, round.policyId, round.policyVersion)
  if (round === undefined || policy === undefined) return undefined
  const applicant = 'applicant' in change ? change.applicant : mustApplicant(tx, offer.applicantId).applicant
  const vacancy = 'vacancy' in change ? change.vacancy : mustVacancy(tx, offer.vacancyId).vacancy
  if (applicant.status === 'withdrawn' || vacancy.status === 'withdrawn') {
    return `The ${what} has an open offer (answer by ${offer.answerBy}); record the answer before withdrawing it.`
  }
  // Judged as the round judged it: the household in the pool, the vacancy open.
  const assessed = assessPair(
    {
      asOf: round.asOf,
      policy,
      applicants: [{ ...applicant, status: 'active' }],
      vacancies: [{ ...vacancy, status: 'open' }],
    },
    applicant.id,
    vacancy.id,
  )
  if (assessed.ok) return undefined
  const rules = assessed.reason === 'not_eligible' ? ` (it would fail: ${assessed.rules.join(', ')})` : ''
  return `The ${what} has an open offer (answer by ${offer.answerBy}) that this change would break${rules}; record the answer first.`
}
