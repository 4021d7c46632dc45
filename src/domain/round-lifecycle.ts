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
 *
 *  placement (a sublet): active, in its trial period ──take over──► active, the household's own first-hand lease
 *                          ├──the household accepts another offer──► ended (moved)
 *                          └──staff record its end (own home, evicted, left, deceased)──► ended
 *  ended placement: its flat returns (municipal flat: open again; ÖBO flat or a taken-over lease: withdrawn, the landlord's);
 *                   an evicted or departed household is reopened (active, in its new situation)
 * ```
 */
import { addMonths } from './dates.ts'
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
 * What kind of tenancy a contract form is: the household's own first-hand lease (an ÖBO flat, and
 * Housing First from day one), a sublet (andrahandskontrakt) from the municipality with conditions
 * and a trial period (social contract, training and trial flats), or supported housing (a stay with
 * support, not a tenancy of one's own).
 */
export const tenures = ['first_hand', 'sublet', 'supported_housing'] as const
export type Tenure = (typeof tenures)[number]

/** Rule P4: the tenancy a contract form gives. */
export function tenureOf(form: ContractForm): Tenure {
  switch (form) {
    case 'first_hand':
    case 'housing_first':
      return 'first_hand'
    case 'social_contract':
    case 'training':
    case 'trial':
      return 'sublet'
    case 'supported_housing':
      return 'supported_housing'
  }
}

/**
 * Rule P4: the program's rule on the contract. Housing First is an ordinary first-hand lease from day
 * one with support kept apart from the tenancy: a Housing First flat is recorded only with the
 * `housing_first` form, and that form only for a Housing First flat. Other types keep rule P2's
 * freedom to name another form.
 */
export function canRecordContract(type: VacancyType, form: ContractForm): Refusal | undefined {
  if (type === 'housing_first' && form !== 'housing_first') {
    return refuse(
      'Housing First is an own first-hand lease from day one: a Housing First flat is recorded with the housing_first contract form.',
    )
  }
  if (type !== 'housing_first' && form === 'housing_first') {
    return refuse('The housing_first contract form is for Housing First flats only.')
  }
  return undefined
}

/** The trial period (prövotid) of the municipality's sublets, in months, per contract form. */
export interface TrialPeriods {
  readonly social_contract: number
  readonly training: number
  readonly trial: number
}

/**
 * Rule P5: the last day of a sublet's trial period: the policy's months from the start, unless the
 * person recording the placement gives the day. A first-hand lease and supported housing have none;
 * a policy without trial periods gives none unless one is given.
 */
export function trialPeriodEnd(
  form: ContractForm,
  startDate: string,
  periods: TrialPeriods | undefined,
  given?: string,
): string | null {
  if (tenureOf(form) !== 'sublet') return null
  if (given !== undefined) return given
  if (periods === undefined) return null
  const months = periods[form as keyof TrialPeriods]
  return addMonths(startDate, months)
}

/**
 * Why a placement ended. Rule P7: a household holds at most one active placement; when it accepts a
 * new offer while it holds one (it was in the pool again, e.g. with a reason to move), the old one
 * ends on the new one's start day as `moved`, in the same transaction (a database trigger refuses a
 * second active placement). Rule P8: staff record the other ends: `own_home` (the household moved to
 * a home of its own it found itself), `evicted` (the lease was terminated: uppsägning, avhysning),
 * `left` (the household left the flat with no home of its own to go to), `deceased` (the tenant died).
 */
export const placementEndReasons = ['moved', 'own_home', 'evicted', 'left', 'deceased'] as const
export type PlacementEndReason = (typeof placementEndReasons)[number]

/** Rule P8: the ends staff record by hand; `moved` is recorded only by accepting another offer. */
export const recordedEndReasons = ['own_home', 'evicted', 'left', 'deceased'] as const
export type RecordedEndReason = (typeof recordedEndReasons)[number]

/** Rule P10: the ends after which the household may be homeless again, and its case may be reopened. */
export const homelessAfterEnd: readonly PlacementEndReason[] = ['evicted', 'left']

/** The ends after which the household is not homeless any more: a home of its own, or the tenant's death. */
export const homelessnessEndedBy: readonly PlacementEndReason[] = ['own_home', 'deceased']

/** What can happen to a placement after it is made: the household takes over the contract, or it ends. */
export const placementEventKinds = ['taken_over', 'ended'] as const
export type PlacementEventKind = (typeof placementEventKinds)[number]

/**
 * Rule P6: a take-over (övertagande). The household takes over the contract where it lives: only a
 * sublet (social contract, training or trial flat) can be taken over, once, while the placement is
 * active, on or after the day it started. The placement stays; the household holds its own
 * first-hand lease from that day.
 */
export function canTakeOver(input: {
  contractForm: ContractForm
  startDate: string
  takenOverOn: string | null
  endedOn: string | null
  on: string
}): Refusal | undefined {
  if (tenureOf(input.contractForm) !== 'sublet') {
    return refuse(
      `A ${input.contractForm} placement is not a sublet from the municipality: there is no contract to take over.`,
    )
  }
  if (input.endedOn !== null) return refuse(`The placement ended on ${input.endedOn}.`)
  if (input.takenOverOn !== null)
    return refuse(`The contract was already taken over on ${input.takenOverOn}.`)
  if (input.on < input.startDate)
    return refuse(`The take-over cannot be before the placement started (${input.startDate}).`)
  return undefined
}

/**
 * Rule P8: the end of a placement, recorded by a named person: only while it is active, not before
 * it began nor before a take-over recorded on it (the household lived there until the end day).
 */
export function canEndPlacement(input: {
  startDate: string
  takenOverOn: string | null
  endedOn: string | null
  on: string
}): Refusal | undefined {
  if (input.endedOn !== null) return refuse(`The placement already ended on ${input.endedOn}.`)
  if (input.on < input.startDate)
    return refuse(`The placement cannot end before it started (${input.startDate}).`)
  if (input.takenOverOn !== null && input.on < input.takenOverOn)
    return refuse(`The placement cannot end before the take-over recorded on ${input.takenOverOn}.`)
  return undefined
}

/**
 * Rule P9: where a flat goes when its placement has ended, by vacancy type. A flat of the
 * municipality's own programmes (social contract, training and trial flat, Housing First, supported
 * housing) returns to the municipality's stock: `open` again, to be matched from a new day. An ÖBO
 * priority flat goes back to ÖBO, which lets it itself or sends it again as a free priority flat
 * (which re-opens it here): `withdrawn`. So does a sublet the household took over: the lease became
 * the household's own with the landlord, and the flat left the municipality's stock that day.
 */
export function flatAfterPlacement(input: {
  type: VacancyType
  takenOverOn: string | null
}): { status: 'open' } | { status: 'withdrawn'; to: 'obo' | 'landlord' } {
  if (input.type === 'obo_priority') return { status: 'withdrawn', to: 'obo' }
  if (input.takenOverOn !== null) return { status: 'withdrawn', to: 'landlord' }
  return { status: 'open' }
}

/**
 * Rule P9: a flat returns only while it is let and its last placement has ended, and from a day
 * after that end (the household lived there until the end day).
 */
export function canReturnFlat(input: {
  vacancyStatus: VacancyStatus
  placement: { id: string; startDate: string; endedOn: string | null } | undefined
  availableFrom: string | undefined
}): Refusal | undefined {
  if (input.vacancyStatus !== 'let')
    return refuse(`The flat is ${input.vacancyStatus}, not let: there is nothing to return.`)
  const p = input.placement
  if (p === undefined) return refuse('The flat is let, but no placement of it is recorded.')
  if (p.endedOn === null) {
    return refuse(
      `The placement ${p.id} in this flat is still active (since ${p.startDate}): record its end before the flat returns.`,
    )
  }
  if (input.availableFrom !== undefined && input.availableFrom <= p.endedOn)
    return refuse(`The flat is free only after the placement ended (${p.endedOn}).`)
  return undefined
}

/**
 * Rule P10: a housed household is reopened (active again, in its new situation) only when its
 * latest placement ended without a home of its own: evicted, or left. A household that still lives
 * in its placement, took over its contract, moved to a home of its own, or died is not reopened by
 * accident; a household not housed has nothing to reopen.
 */
export function canReopen(input: {
  status: ApplicantStatus
  latest:
    | {
        id: string
        startDate: string
        takenOverOn: string | null
        endedOn: string | null
        endReason: PlacementEndReason | null
      }
    | undefined
}): Refusal | undefined {
  if (input.status !== 'housed')
    return refuse(`The household is ${input.status}, not housed: there is no case to reopen.`)
  const p = input.latest
  if (p === undefined) return refuse('The household is housed, but no placement of it is recorded.')
  if (p.takenOverOn !== null) {
    return refuse(
      `The household took over its contract on ${p.takenOverOn}: the home became its own. A new need is a new registration, or a prevention case while it still lives there.`,
    )
  }
  if (p.endedOn === null) {
    return refuse(
      `The household still lives in its placement ${p.id} (since ${p.startDate}): record the placement's end first.`,
    )
  }
  if (p.endReason === null || !homelessAfterEnd.includes(p.endReason)) {
    return refuse(
      `The household's placement ended on ${p.endedOn} (${p.endReason ?? 'no reason'}), not by eviction or leaving without a home: there is no case to reopen.`,
    )
  }
  return undefined
}

/**
 * The legal ground of a decision: the municipality's own programmes are
 * support (bistånd) under the Social Services Act, chapter 4 section 1; an ÖBO
 * priority flat is let on ÖBO's own priority (förtur) decision.
 */
export const legalBases = ['sol_4_1', 'obo_priority_decision'] as const
export type LegalBasis = (typeof legalBases)[number]

/**
 * The legal basis a vacancy type rests on. Rule D1 (`decisionBasis` in legal-basis.ts) adds the
 * household's own decision behind it: the support decision's reference and date for a municipal
 * programme, ÖBO's priority decision for an ÖBO flat.
 */
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
 * terms, by the contract it gets. The municipality's sublets (social contract,
 * training and trial flats) are long-term solutions (situation 3); supported
 * housing is a stay in an institution or supported housing (situation 2); a
 * first-hand lease (an ÖBO flat, and Housing First from day one) ends
 * homelessness, so no homelessness situation follows (null: the history is not
 * appended, the placement and the status `housed` record it).
 */
export function situationAfterPlacement(
  form: ContractForm,
):
  | { code: 'long_term_solution'; kind: 'social_contract' | 'training_flat' | 'trial_flat' }
  | { code: 'institution'; kind: 'supported_housing' }
  | null {
  switch (form) {
    case 'social_contract':
      return { code: 'long_term_solution', kind: 'social_contract' }
    case 'training':
      return { code: 'long_term_solution', kind: 'training_flat' }
    case 'trial':
      return { code: 'long_term_solution', kind: 'trial_flat' }
    case 'supported_housing':
      return { code: 'institution', kind: 'supported_housing' }
    case 'housing_first':
    case 'first_hand':
      return null
  }
}

/** Rule P1: a placement starts on the later of the answer's day and the day the vacancy is available, unless given. */
export function placementStart(answeredOn: string, availableFrom: string, given?: string): string {
  if (given !== undefined) return given
  return answeredOn > availableFrom ? answeredOn : availableFrom
}
