/**
 * The household's answer to an offer, recorded by its case worker (own
 * caseloads) or by allocation staff, always by a named person: accept makes a
 * placement, decline returns the household to the pool and re-matches the
 * vacancy; an offer nobody answers by its day is closed by the worker as
 * `no_answer` (rules O2–O5, P1–P3 in docs/rounds.md).
 */
import { and, eq, lt } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { getPolicy } from '../../../db/repo/policies.ts'
import { offers, placements } from '../../../db/schema.ts'
import type { Principal } from '../../domain/roles.ts'
import {
  afterDecline,
  afterNoAnswer,
  type ContractForm,
  canAnswer,
  canRecordContract,
  type DeclineReason,
  type Decliner,
  defaultContractForm,
  placementStart,
  situationAfterPlacement,
  trialPeriodEnd,
} from '../../domain/round-lifecycle.ts'
import { err, ok } from '../../domain/validation.ts'
import { mayAccessCaseload } from '../applicants/scope.ts'
import { appendAudit } from '../audit.ts'
import {
  newId,
  notFound,
  nowOf,
  type ServiceCall,
  type ServiceContext,
  type ServiceResult,
} from '../context.ts'
import { endPriority } from '../obo/priorities.ts'
import { insertRound } from '../rounds/create-round.ts'
import {
  isoDay,
  mustApplicant,
  mustVacancy,
  type OfferRow,
  type RoundRow,
  roundRow,
  workerPrincipal,
  writeApplicantAsSystem,
  writeVacancyAsSystem,
} from '../rounds/store.ts'
import { activePlacementOf, endPlacement } from './placement-pathway.ts'

export type PlacementRow = typeof placements.$inferSelect

/**
 * The offer with the given id, if the principal may see it: a case worker sees
 * the offers of its caseloads; another caseload's offer answers NOT_FOUND like
 * a missing one, and the attempt is audited (`offer.<verb>_denied`).
 */
export function findOfferInScope(
  tx: Executor,
  ctx: ServiceContext,
  id: string,
  verb: string,
): ServiceResult<OfferRow> {
  const offer = tx.select().from(offers).where(eq(offers.id, id)).get()
  if (offer === undefined) return notFound('offer')
  if (!mayAccessCaseload(ctx.principal, offer.caseload)) {
    appendAudit(tx, {
      principal: ctx.principal,
      action: `offer.${verb}_denied`,
      objectType: 'applicant',
      objectId: offer.applicantId,
      requestId: ctx.requestId,
    })
    return notFound('offer')
  }
  return ok(offer)
}

function personOf(principal: Principal): ServiceResult<string> {
  if (principal.person === undefined || principal.person.trim() === '') {
    return err({
      code: 'CONFLICT',
      detail:
        'An answer is recorded by a named person, and this API token names none. Create a token with --person.',
    })
  }
  return ok(principal.person)
}

export interface AcceptOfferInput {
  id: string
  /** Default: the form that follows from the vacancy type (rule P2). */
  contractForm?: ContractForm | undefined
  /** Default: the later of today and the day the vacancy is available (rule P1). */
  startDate?: string | undefined
  /** A sublet's last day of its trial period; default: the policy's trial period from the start (rule P5). */
  trialPeriodEndsOn?: string | undefined
}

/**
 * Records a yes: the offer is accepted, a placement is made (contract form,
 * start date), the vacancy becomes `let`, the household `housed`, and its
 * situation history gets the situation the placement puts it in.
 *
 * @example
 * acceptOffer({ ctx, input: { id: offerId } })
 */
export function acceptOffer({
  ctx,
  input,
}: ServiceCall<AcceptOfferInput>): ServiceResult<{ offer: OfferRow; placement: PlacementRow }> {
  return writeTransaction(ctx.db, (tx): ServiceResult<{ offer: OfferRow; placement: PlacementRow }> => {
    const found = findOfferInScope(tx, ctx, input.id, 'accept')
    if (!found.ok) return found
    return acceptFoundOffer(tx, ctx, found.value, input)
  })
}

/**
 * Records a yes on an offer already found (and scoped) by the caller, inside
 * its transaction: what `acceptOffer` does after its scope check. ÖBO's signed
 * "contract signed" goes through here, so it does exactly what staff do.
 */
export function acceptFoundOffer(
  tx: Executor,
  ctx: ServiceContext,
  offer: OfferRow,
  input: Omit<AcceptOfferInput, 'id'>,
): ServiceResult<{ offer: OfferRow; placement: PlacementRow }> {
  const person = personOf(ctx.principal)
  if (!person.ok) return person
  const refused = canAnswer(offer.status)
  if (refused) return err(refused)
  const now = nowOf(ctx)
  const at = now.toISOString()
  const vacancy = mustVacancy(tx, offer.vacancyId)
  const applicant = mustApplicant(tx, offer.applicantId)
  // The date the vacancy is available is stored state, not the request's form: a 409.
  if (input.startDate !== undefined && input.startDate < vacancy.vacancy.availableFrom) {
    return err({
      code: 'CONFLICT',
      detail: 'The start date is before the vacancy is available.',
      issues: [
        {
          path: 'startDate',
          message: `must not be before the vacancy is available (${vacancy.vacancy.availableFrom})`,
        },
      ],
    })
  }
  const contractForm = input.contractForm ?? defaultContractForm(vacancy.vacancy.type)
  // The program's rule on the contract (Housing First is a first-hand lease) is the vacancy's, stored: a 409.
  const wrongForm = canRecordContract(vacancy.vacancy.type, contractForm)
  if (wrongForm) return err({ ...wrongForm, issues: [{ path: 'contractForm', message: wrongForm.detail }] })
  const startDate = placementStart(isoDay(now), vacancy.vacancy.availableFrom, input.startDate)
  if (input.trialPeriodEndsOn !== undefined && input.trialPeriodEndsOn <= startDate) {
    return err({
      code: 'CONFLICT',
      detail: 'The trial period must end after the placement starts.',
      issues: [{ path: 'trialPeriodEndsOn', message: `must be after the start date (${startDate})` }],
    })
  }
  const round = roundRow(tx, offer.roundId)
  const policy = round === undefined ? undefined : getPolicy(tx, round.policyId, round.policyVersion)
  const trialEnds = trialPeriodEnd(
    contractForm,
    startDate,
    policy?.tenancy?.trialPeriodMonths,
    input.trialPeriodEndsOn,
  )
  if (input.trialPeriodEndsOn !== undefined && trialEnds === null) {
    return err({
      code: 'CONFLICT',
      detail: `A ${contractForm} contract is not a sublet and has no trial period.`,
      issues: [
        { path: 'trialPeriodEndsOn', message: 'is only for a social contract, a training or a trial flat' },
      ],
    })
  }
  const answered: OfferRow = {
    ...offer,
    status: 'accepted',
    answeredAt: at,
    answeredByPerson: person.value,
    answeredByToken: ctx.principal.tokenId,
    updatedAt: at,
  }
  tx.update(offers).set(answered).where(eq(offers.id, offer.id)).run()
  // Rule P7: a household holds one active placement; moving on ends the one it holds, the day the new one starts.
  const previous = activePlacementOf(tx, offer.applicantId)
  if (previous !== undefined) {
    endPlacement(tx, previous, {
      on: startDate,
      reason: 'moved',
      person: person.value,
      tokenId: ctx.principal.tokenId,
      now,
    })
  }
  const placement: PlacementRow = {
    id: newId(now),
    offerId: offer.id,
    decisionId: offer.decisionId,
    applicantId: offer.applicantId,
    vacancyId: offer.vacancyId,
    caseload: offer.caseload,
    contractForm,
    startDate,
    trialPeriodEndsOn: trialEnds,
    recordedByPerson: person.value,
    recordedByToken: ctx.principal.tokenId,
    createdAt: at,
  }
  tx.insert(placements).values(placement).run()
  const situation = situationAfterPlacement(contractForm)
  writeApplicantAsSystem(tx, applicant, {
    ...applicant.applicant,
    status: 'housed',
    ...(situation === null ? {} : { situation: { ...situation, since: placement.startDate } }),
  })
  writeVacancyAsSystem(tx, vacancy, { ...vacancy.vacancy, status: 'let' })
  // A household housed through its priority has used it.
  if (vacancy.vacancy.type === 'obo_priority') endPriority(tx, offer.applicantId, 'housed', isoDay(now))
  appendAudit(
    tx,
    {
      principal: ctx.principal,
      action: 'offer.accept',
      objectType: 'applicant',
      objectId: offer.applicantId,
      requestId: ctx.requestId,
    },
    now,
  )
  return ok({ offer: answered, placement })
}

export interface DeclineOfferInput {
  id: string
  declinedBy: Decliner
  reason: DeclineReason
  note?: string | undefined
}

/**
 * Records a no: the household returns to the pool (`active`) and is never
 * proposed this vacancy again, the policy's consequence for the vacancy type
 * applies to a household's own decline, and the vacancy is re-matched at once
 * by a follow-up round with the same policy version (rule O4).
 */
export function declineOffer({
  ctx,
  input,
}: ServiceCall<DeclineOfferInput>): ServiceResult<{ offer: OfferRow; rematchRound: RoundRow | null }> {
  return writeTransaction(ctx.db, (tx): ServiceResult<{ offer: OfferRow; rematchRound: RoundRow | null }> => {
    const found = findOfferInScope(tx, ctx, input.id, 'decline')
    if (!found.ok) return found
    return declineFoundOffer(tx, ctx, found.value, input)
  })
}

/**
 * Records a no on an offer already found (and scoped) by the caller, inside
 * its transaction: what `declineOffer` does after its scope check (ÖBO's
 * signed "declined" goes through here).
 */
export function declineFoundOffer(
  tx: Executor,
  ctx: ServiceContext,
  offer: OfferRow,
  input: Omit<DeclineOfferInput, 'id'>,
): ServiceResult<{ offer: OfferRow; rematchRound: RoundRow | null }> {
  const person = personOf(ctx.principal)
  if (!person.ok) return person
  const refused = canAnswer(offer.status)
  if (refused) return err(refused)
  const now = nowOf(ctx)
  const closed = closeOffer(tx, offer, now, ctx.principal, {
    status: 'declined',
    answeredByPerson: person.value,
    declinedBy: input.declinedBy,
    declineReason: input.reason,
    declineNote: input.note ?? null,
  })
  appendAudit(
    tx,
    {
      principal: ctx.principal,
      action: 'offer.decline',
      objectType: 'applicant',
      objectId: offer.applicantId,
      requestId: ctx.requestId,
    },
    now,
  )
  return ok(closed)
}

/**
 * Records that the household did not answer an open offer (ÖBO's signed "no
 * answer"), as the worker does when the answer-by day passes (rule O3).
 */
export function closeFoundOfferUnanswered(
  tx: Executor,
  ctx: ServiceContext,
  offer: OfferRow,
): ServiceResult<{ offer: OfferRow; rematchRound: RoundRow | null }> {
  const refused = canAnswer(offer.status)
  if (refused) return err(refused)
  const now = nowOf(ctx)
  const closed = closeOffer(tx, offer, now, ctx.principal, { status: 'no_answer' })
  appendAudit(
    tx,
    {
      principal: ctx.principal,
      action: 'offer.no_answer',
      objectType: 'applicant',
      objectId: offer.applicantId,
      requestId: ctx.requestId,
    },
    now,
  )
  return ok(closed)
}

/**
 * Closes an open offer that was declined or went unanswered: the household
 * returns to the pool, the vacancy opens and a follow-up round re-matches it
 * (created by `principal`, with the round's policy version).
 */
function closeOffer(
  tx: Executor,
  offer: OfferRow,
  now: Date,
  principal: Principal,
  answer:
    | {
        status: 'declined'
        answeredByPerson: string
        declinedBy: Decliner
        declineReason: DeclineReason
        declineNote: string | null
      }
    | { status: 'no_answer' },
): { offer: OfferRow; rematchRound: RoundRow | null } {
  const at = now.toISOString()
  const round = roundRow(tx, offer.roundId)
  if (round === undefined) throw new Error(`offer ${offer.id}: its round is missing`)
  const policy = getPolicy(tx, round.policyId, round.policyVersion)
  if (policy === undefined) throw new Error(`round ${round.id}: its policy version is missing`)
  const vacancy = mustVacancy(tx, offer.vacancyId)
  const applicant = mustApplicant(tx, offer.applicantId)
  const consequence = policy.offers.declineConsequence[vacancy.vacancy.type]
  let endsPriority = false
  if (answer.status === 'declined') {
    const next = afterDecline({
      declinedBy: answer.declinedBy,
      consequence,
      declinedVacancyIds: applicant.applicant.declinedVacancyIds,
      vacancyId: offer.vacancyId,
    })
    endsPriority = next.endsPriority
    writeApplicantAsSystem(tx, applicant, {
      ...applicant.applicant,
      status: applicant.applicant.status === 'offered' ? next.status : applicant.applicant.status,
      declinedVacancyIds: next.declinedVacancyIds,
    })
  } else {
    endsPriority = afterNoAnswer(consequence).endsPriority
    if (applicant.applicant.status === 'offered') {
      writeApplicantAsSystem(tx, applicant, { ...applicant.applicant, status: 'active' })
    }
  }
  if (endsPriority && vacancy.vacancy.type === 'obo_priority') {
    endPriority(
      tx,
      offer.applicantId,
      answer.status === 'declined' ? 'declined_offer' : 'no_answer',
      isoDay(now),
    )
  }
  let rematchRound: RoundRow | null = null
  if (vacancy.vacancy.status === 'offered') {
    writeVacancyAsSystem(tx, vacancy, { ...vacancy.vacancy, status: 'open' })
    const today = isoDay(now)
    rematchRound = insertRound(tx, {
      kind: 'rematch',
      asOf: laterDay(today, round.asOf),
      policy: { id: round.policyId, version: round.policyVersion },
      principal,
      now,
      parentRoundId: round.id,
      vacancyId: offer.vacancyId,
    })
  }
  const closed: OfferRow = {
    ...offer,
    status: answer.status,
    answeredAt: at,
    answeredByPerson: answer.status === 'declined' ? answer.answeredByPerson : null,
    answeredByToken: answer.status === 'declined' ? principal.tokenId : null,
    declinedBy: answer.status === 'declined' ? answer.declinedBy : null,
    declineReason: answer.status === 'declined' ? answer.declineReason : null,
    declineNote: answer.status === 'declined' ? answer.declineNote : null,
    rematchRoundId: rematchRound?.id ?? null,
    updatedAt: at,
  }
  tx.update(offers).set(closed).where(eq(offers.id, offer.id)).run()
  return { offer: closed, rematchRound }
}

/**
 * Closes every open offer whose last day to answer is before `today` as
 * `no_answer` (rule O3), each with its follow-up round. Run by the worker.
 * Returns how many it closed.
 */
export function expireOverdueOffers(db: Executor, now = new Date()): number {
  return writeTransaction(db, (tx) => {
    const today = isoDay(now)
    const overdue = tx
      .select()
      .from(offers)
      .where(and(eq(offers.status, 'open'), lt(offers.answerBy, today)))
      .all()
    for (const offer of overdue) {
      closeOffer(tx, offer, now, workerPrincipal, { status: 'no_answer' })
      appendAudit(
        tx,
        {
          principal: workerPrincipal,
          action: 'offer.no_answer',
          objectType: 'applicant',
          objectId: offer.applicantId,
          requestId: `expire-${today}`,
        },
        now,
      )
    }
    return overdue.length
  })
}

/** The later of two YYYY-MM-DD days (they compare as text). */
function laterDay(a: string, b: string): string {
  return a > b ? a : b
}
