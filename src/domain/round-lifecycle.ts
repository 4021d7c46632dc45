/**
 * The lifecycle of a match round and of what comes out of it: proposals,
 * decisions, offers and placements. One state machine, its rules written
 * beside it; every rule has a test in tests/domain/round-lifecycle.test.ts and
 * a paragraph in docs/rounds.md. Pure: the services ask these functions
 * whether a step is allowed and what it leads to, then do the I/O.
 *
 * ```
 *  create ──► queued ──claim──► solving ──stored──► proposed ──all decided──► closed
 *                                  │  ▲                 (no proposal at all: closed at once)
 *                                  │  └── retry (lease lost, crash, thrown error)
 *                                  ├── the engine proves the constraints conflict ──► infeasible
 *                                  └── last attempt fails ──► failed (reason kept)
 *
 *  proposal: pending ──approve──► approved ──► offer: open ──accept──► accepted ──► placement
 *                    ├─override─► overridden ─► offer (to another household)  ├──decline──► declined ──► re-match
 *                    └─reject───► rejected                                    └──answer-by passed──► no_answer ──► re-match
 * ```
 */
import type { ApplicantStatus, VacancyStatus, VacancyType } from './vocabulary.ts'

export const roundStatuses = ['queued', 'solving', 'proposed', 'closed', 'failed', 'infeasible'] as const
export type RoundStatus = (typeof roundStatuses)[number]

/** A weekly round over the whole pool, or a follow-up for one vacancy freed by a decline or an unanswered offer. */
export const roundKinds = ['round', 'rematch'] as const
export type RoundKind = (typeof roundKinds)[number]

export const proposalStatuses = ['pending', 'approved', 'rejected', 'overridden'] as const
export type ProposalStatus = (typeof proposalStatuses)[number]

export const decisionKinds = ['approve', 'override', 'reject'] as const
export type DecisionKind = (typeof decisionKinds)[number]

/** Why an allocator rejected a proposal (a free-text note goes beside the code). */
export const rejectReasons = [
  'household_unreachable',
  'information_outdated',
  'support_not_in_place',
  'safety_concern',
  'landlord_objection',
  'other',
] as const
export type RejectReason = (typeof rejectReasons)[number]

/** Why an allocator gave a vacancy to another household than the proposed one. */
export const overrideReasons = [
  'urgent_need_not_in_score',
  'safety_concern',
  'support_match',
  'circumstances_changed',
  'other',
] as const
export type OverrideReason = (typeof overrideReasons)[number]

export const offerStatuses = ['open', 'accepted', 'declined', 'no_answer'] as const
export type OfferStatus = (typeof offerStatuses)[number]

/** Who said no to an offer. */
export const decliners = ['household', 'landlord'] as const
export type Decliner = (typeof decliners)[number]

export const declineReasons = [
  'location',
  'size_or_standard',
  'rent',
  'support_needs',
  'household_circumstances_changed',
  'landlord_refused',
  'other',
] as const
export type DeclineReason = (typeof declineReasons)[number]

/** The tenancy a placement starts. */
export const contractForms = [
  'first_hand',
  'social_contract',
  'training',
  'trial',
  'housing_first',
  'supported_housing',
] as const
export type ContractForm = (typeof contractForms)[number]

/**
 * The legal ground of a decision: the municipality's own programmes are
 * support (bistånd) under the Social Services Act, chapter 4 section 1; an ÖBO
 * priority flat is let on ÖBO's own priority (förtur) decision.
 */
export const legalBases = ['sol_4_1', 'obo_priority_decision'] as const
export type LegalBasis = (typeof legalBases)[number]

/** Rule D1: the legal basis follows the vacancy type. */
export function legalBasisFor(type: VacancyType): LegalBasis {
  return type === 'obo_priority' ? 'obo_priority_decision' : 'sol_4_1'
}

/** Rule P2: the contract form a placement starts, by vacancy type (the person recording it may name another). */
export function defaultContractForm(type: VacancyType): ContractForm {
  switch (type) {
    case 'obo_priority':
      return 'first_hand'
    case 'social_contract':
      return 'social_contract'
    case 'training_flat':
      return 'training'
    case 'trial_flat':
      return 'trial'
    case 'housing_first':
      return 'housing_first'
    case 'supported_housing':
      return 'supported_housing'
  }
}

/** Rounds whose pool is still held: their households and vacancies are in no other round's pool. */
export const openRoundStatuses: readonly RoundStatus[] = ['queued', 'solving', 'proposed']

/** A step that the state machine refuses, with the sentence the caller is told. */
export interface Refusal {
  readonly code: 'CONFLICT'
  readonly detail: string
}

const refuse = (detail: string): Refusal => ({ code: 'CONFLICT', detail })

/**
 * Rule R2: the worker may solve a round only while it is queued or solving
 * (solving again after a crash or a lost lease); anything later is final.
 */
export function canSolve(status: RoundStatus): Refusal | undefined {
  return status === 'queued' || status === 'solving'
    ? undefined
    : refuse(`The round is ${status}; it is solved only once.`)
}

/**
 * Rule R3: what a stored engine outcome makes of the round. An optimum (or a
 * timed-out incumbent) with proposals waits for review; with none there is
 * nothing to review and the round closes; a proven conflict of constraints is
 * `infeasible`; anything else failed.
 */
export function statusAfterSolve(engineStatus: string, proposals: number): RoundStatus {
  if (engineStatus === 'optimal' || (engineStatus === 'timedout' && proposals > 0)) {
    return proposals > 0 ? 'proposed' : 'closed'
  }
  if (engineStatus === 'infeasible') return 'infeasible'
  return 'failed'
}

/** Rule R4: a proposed round closes when no proposal is pending any more. */
export function statusAfterReview(status: RoundStatus, pendingLeft: number): RoundStatus {
  return status === 'proposed' && pendingLeft === 0 ? 'closed' : status
}

/**
 * Rule D2: a proposal is decided once, while its round is proposed; a
 * decision is never made without a named person.
 */
export function canDecide(input: {
  roundStatus: RoundStatus
  proposalStatus: ProposalStatus
  person: string | null
}): Refusal | undefined {
  if (input.person === null || input.person.trim() === '') {
    return refuse(
      'A decision needs a named person, and this API token names none. Create a token with --person.',
    )
  }
  if (input.roundStatus !== 'proposed') return refuse(`The round is ${input.roundStatus}, not under review.`)
  if (input.proposalStatus !== 'pending') return refuse(`The proposal is already ${input.proposalStatus}.`)
  return undefined
}

/**
 * Rule D3: an approval or override becomes an offer only when neither the
 * household nor the vacancy already holds an open offer, and both are still in
 * the state the round saw (household active, vacancy open).
 */
export function canOffer(input: {
  applicantStatus: ApplicantStatus
  vacancyStatus: VacancyStatus
  applicantHasOpenOffer: boolean
  vacancyHasOpenOffer: boolean
}): Refusal | undefined {
  if (input.applicantHasOpenOffer) return refuse('The household already holds an open offer.')
  if (input.vacancyHasOpenOffer) return refuse('The vacancy already has an open offer.')
  if (input.applicantStatus !== 'active')
    return refuse(`The household is ${input.applicantStatus} now, not active: it cannot be offered a home.`)
  if (input.vacancyStatus !== 'open')
    return refuse(`The vacancy is ${input.vacancyStatus} now, not open: it cannot be offered.`)
  return undefined
}

/** Rule O1: the day by which the household must answer, `answerDays` after the offer's day. */
export function answerBy(offeredOn: string, answerDays: number): string {
  const d = new Date(`${offeredOn}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + answerDays)
  return d.toISOString().slice(0, 10)
}

/** Rule O2: an offer is answered once, while it is open. */
export function canAnswer(status: OfferStatus): Refusal | undefined {
  return status === 'open' ? undefined : refuse(`The offer is already ${status}.`)
}

/** Rule O3: an open offer whose answer-by day has passed (strictly before today) expires as `no_answer`. */
export function isOverdue(offer: { status: OfferStatus; answerBy: string }, today: string): boolean {
  return offer.status === 'open' && offer.answerBy < today
}

/** What a decline does to the household beyond never proposing the pair again (rule O4), per policy and vacancy type. */
export const declineConsequences = ['none', 'end_priority'] as const
export type DeclineConsequence = (typeof declineConsequences)[number]

/**
 * Rule O4: after a decline the household returns to the pool (active) and the
 * vacancy is never proposed to it again. The policy's consequence for the
 * vacancy type applies to a household's own decline: `end_priority` ends the
 * household's approved ÖBO priority decision (ÖBO's rule that a declined
 * priority offer ends the priority; without a priority no `obo_priority`
 * vacancy is proposed to it until ÖBO decides anew), `none` changes nothing
 * more (Housing First). A landlord's refusal is not the household's choice
 * and has no consequence.
 */
export function afterDecline(input: {
  declinedBy: Decliner
  consequence: DeclineConsequence
  declinedVacancyIds: readonly string[]
  vacancyId: string
}): { declinedVacancyIds: string[]; endsPriority: boolean; status: ApplicantStatus } {
  const declined = input.declinedVacancyIds.includes(input.vacancyId)
    ? [...input.declinedVacancyIds]
    : [...input.declinedVacancyIds, input.vacancyId]
  return {
    declinedVacancyIds: declined,
    endsPriority: input.declinedBy === 'household' && input.consequence === 'end_priority',
    status: 'active',
  }
}

/**
 * Rule O3b: an offer the household left unanswered has the same consequence
 * as its own decline (ÖBO: "declining or not answering ends the priority").
 */
export function afterNoAnswer(consequence: DeclineConsequence): { endsPriority: boolean } {
  return { endsPriority: consequence === 'end_priority' }
}

/**
 * Rule P3: the situation a placement puts the household in, in Socialstyrelsen's
 * terms. The municipality's own contracts (social contract, training and trial
 * flats, Housing First's second-hand contract) are long-term solutions
 * (situation 3); supported housing is a stay in an institution or supported
 * housing (situation 2); a first-hand tenancy from ÖBO ends homelessness, so no
 * homelessness situation follows (null: the history is not appended, the
 * placement and the status `housed` record it).
 */
export function situationAfterPlacement(type: VacancyType):
  | {
      code: 'long_term_solution'
      kind: 'social_contract' | 'training_flat' | 'trial_flat' | 'municipal_contract'
    }
  | { code: 'institution'; kind: 'supported_housing' }
  | null {
  switch (type) {
    case 'social_contract':
      return { code: 'long_term_solution', kind: 'social_contract' }
    case 'training_flat':
      return { code: 'long_term_solution', kind: 'training_flat' }
    case 'trial_flat':
      return { code: 'long_term_solution', kind: 'trial_flat' }
    case 'housing_first':
      return { code: 'long_term_solution', kind: 'municipal_contract' }
    case 'supported_housing':
      return { code: 'institution', kind: 'supported_housing' }
    case 'obo_priority':
      return null
  }
}

/** Rule P1: a placement starts on the later of the answer's day and the day the vacancy is available, unless given. */
export function placementStart(answeredOn: string, availableFrom: string, given?: string): string {
  if (given !== undefined) return given
  return answeredOn > availableFrom ? answeredOn : availableFrom
}
