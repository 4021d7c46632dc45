/**
 * Review of a proposed round by a named person: approve a proposal, reject it,
 * override it (the vacancy goes to another eligible household of the pool),
 * or approve every proposal still pending. Each decision is a record that
 * names the person, the time, the pair, the policy version, the round, the
 * score terms and the legal basis; an approval or override becomes an offer in
 * the same transaction (rules D1–D4, O1 in docs/rounds.md).
 */
import { and, asc, count, eq } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { getPolicy } from '../../../db/repo/policies.ts'
import { decisions, offers, proposals, rounds } from '../../../db/schema.ts'
import { type ChildPerspective, missingChildPerspective } from '../../domain/child-perspective.ts'
import { decisionBasis } from '../../domain/legal-basis.ts'
import { assessPair } from '../../domain/match/assess-pair.ts'
import { vacancyTypePhrase } from '../../domain/match/words.ts'
import { roundInputSchema } from '../../domain/round.ts'
import {
  answerBy,
  canDecide,
  canOffer,
  type DecisionKind,
  legalBasisFor,
  type OverrideReason,
  type RejectReason,
  statusAfterReview,
} from '../../domain/round-lifecycle.ts'
import { err, ok } from '../../domain/validation.ts'
import { appendAudit } from '../audit.ts'
import {
  invalid,
  newId,
  notFound,
  nowOf,
  type ServiceCall,
  type ServiceContext,
  type ServiceResult,
} from '../context.ts'
import { enqueueNomination } from '../obo/nominate.ts'
import {
  inRoundPool,
  isoDay,
  mustApplicant,
  mustVacancy,
  type OfferRow,
  openOfferOf,
  type ProposalRow,
  type RoundRow,
  roundRow,
  writeApplicantAsSystem,
  writeVacancyAsSystem,
} from './store.ts'

export type DecisionRow = typeof decisions.$inferSelect

export interface DecisionOutcome {
  decision: DecisionRow
  /** The offer an approval or override made; absent for a rejection. */
  offer?: OfferRow
  /** The round's state after the decision (closed once nothing is pending). */
  roundStatus: RoundRow['status']
}

interface ProposalRef {
  roundId: string
  proposalId: string
  /**
   * The child's perspective (rule C1 in src/domain/child-perspective.ts): required to offer a
   * vacancy to a household with children, recorded on any decision where it is given.
   */
  childPerspective?: ChildPerspective | undefined
}

/** An override that names a household the round cannot give this vacancy to: 409 naming `applicantId`. */
function notThisHousehold(message: string): ServiceResult<never> {
  return err({
    code: 'CONFLICT',
    detail: 'The round cannot give this vacancy to the named household.',
    issues: [{ path: 'applicantId', message }],
  })
}

/** A free-text note beside a reason code: what the code cannot say. */
export interface ReasonInput<R> {
  reason: R
  note?: string | undefined
}

function findProposal(
  tx: Executor,
  ref: ProposalRef,
): ServiceResult<{ round: RoundRow; proposal: ProposalRow }> {
  const round = roundRow(tx, ref.roundId)
  if (round === undefined) return notFound('round')
  const proposal = tx
    .select()
    .from(proposals)
    .where(and(eq(proposals.id, ref.proposalId), eq(proposals.roundId, ref.roundId)))
    .get()
  if (proposal === undefined) return notFound('proposal in this round')
  return ok({ round, proposal })
}

/**
 * Records one decision on a pending proposal and, for an approval or an
 * override, the offer it makes. `target` is the household that is offered the
 * vacancy (the proposed one, or the override's choice).
 */
function decide(
  tx: Executor,
  ctx: ServiceContext,
  round: RoundRow,
  proposal: ProposalRow,
  kind: DecisionKind,
  target: { applicantId: string; score: number; terms: unknown },
  reason?: { code: string; note?: string | undefined },
  childPerspective?: ChildPerspective,
): ServiceResult<DecisionOutcome> {
  const refused = canDecide({
    roundStatus: round.status,
    proposalStatus: proposal.status,
    person: ctx.principal.person ?? null,
  })
  if (refused) return err(refused)
  const person = ctx.principal.person as string
  const now = nowOf(ctx)
  const at = now.toISOString()
  const vacancy = mustVacancy(tx, proposal.vacancyId)
  const today = isoDay(now)
  // The household the decision offers the vacancy to (or, for a rejection, the one it turns down).
  const affected = mustApplicant(tx, target.applicantId)
  // Rule D1: the legal basis follows from the household's own decision in force today, never assumed.
  const basis = decisionBasis(affected.applicant, vacancy.vacancy.type, today)
  const missing = missingChildPerspective(
    kind,
    affected.applicant.household.children.length,
    childPerspective,
  )
  if (missing !== undefined)
    return invalid([missing], "An offer to a household with children needs the child's perspective.")
  let offer: OfferRow | undefined
  if (kind !== 'reject') {
    if (!basis.ok) {
      return err({
        code: 'CONFLICT',
        detail: `The household has no valid support decision for ${vacancyTypePhrase('en', vacancy.vacancy.type)} today (${today}): record the decision on the household before it is offered one.`,
        issues: [
          {
            path: 'legalBasis.supportDecisions',
            message: `has no decision granting ${basis.grant} in force on ${today}`,
          },
        ],
      })
    }
    const applicant = mustApplicant(tx, target.applicantId)
    const blocked = canOffer({
      applicantStatus: applicant.applicant.status,
      vacancyStatus: vacancy.vacancy.status,
      applicantHasOpenOffer: openOfferOf(tx, { applicantId: target.applicantId }) !== undefined,
      vacancyHasOpenOffer: openOfferOf(tx, { vacancyId: proposal.vacancyId }) !== undefined,
    })
    if (blocked) return err(blocked)
  }
  const decision: DecisionRow = {
    id: newId(now),
    roundId: round.id,
    proposalId: proposal.id,
    kind,
    applicantId: target.applicantId,
    vacancyId: proposal.vacancyId,
    policyId: round.policyId,
    policyVersion: round.policyVersion,
    score: target.score,
    scoreTerms: target.terms ?? null,
    legalBasis: basis.ok ? basis.legalBasis : legalBasisFor(vacancy.vacancy.type),
    basisReference: basis.ok ? basis.reference : null,
    basisDecidedOn: basis.ok ? basis.decidedOn : null,
    reasonCode: reason?.code ?? null,
    reasonText: reason?.note ?? null,
    decidedByPerson: person,
    decidedByToken: ctx.principal.tokenId,
    decidedByRole: ctx.principal.role,
    decidedAt: at,
    childConsidered: childPerspective?.considered ?? null,
    childHeard: childPerspective?.heard ?? null,
    childReason: childPerspective?.reason ?? null,
  }
  tx.insert(decisions).values(decision).run()
  const nextStatus = kind === 'approve' ? 'approved' : kind === 'override' ? 'overridden' : 'rejected'
  tx.update(proposals).set({ status: nextStatus, decidedAt: at }).where(eq(proposals.id, proposal.id)).run()
  if (kind !== 'reject') {
    const policy = getPolicy(tx, round.policyId, round.policyVersion)
    if (policy === undefined) throw new Error(`round ${round.id}: its policy version is missing`)
    const applicant = mustApplicant(tx, target.applicantId)
    offer = {
      id: newId(now),
      decisionId: decision.id,
      roundId: round.id,
      applicantId: target.applicantId,
      vacancyId: proposal.vacancyId,
      caseload: applicant.applicant.caseload,
      status: 'open',
      offeredOn: today,
      answerBy: answerBy(today, policy.offers.answerDays),
      answeredAt: null,
      answeredByPerson: null,
      answeredByToken: null,
      declinedBy: null,
      declineReason: null,
      declineNote: null,
      rematchRoundId: null,
      createdAt: at,
      updatedAt: at,
    }
    tx.insert(offers).values(offer).run()
    writeApplicantAsSystem(tx, applicant, { ...applicant.applicant, status: 'offered' })
    writeVacancyAsSystem(tx, vacancy, { ...vacancy.vacancy, status: 'offered' })
    // ÖBO lets its own flats: the offer goes to ÖBO as a nomination, in this same transaction (rule N1).
    if (vacancy.vacancy.type === 'obo_priority') {
      enqueueNomination(tx, { round, offer, vacancy: vacancy.vacancy, decidedBy: person, now })
    }
  }
  const pendingLeft =
    tx
      .select({ n: count() })
      .from(proposals)
      .where(and(eq(proposals.roundId, round.id), eq(proposals.status, 'pending')))
      .get()?.n ?? 0
  const roundStatus = statusAfterReview(round.status, pendingLeft)
  if (roundStatus !== round.status) {
    tx.update(rounds)
      .set({ status: roundStatus, closedAt: at, updatedAt: at })
      .where(eq(rounds.id, round.id))
      .run()
  }
  const subjects = [...new Set([proposal.applicantId, target.applicantId])]
  appendAudit(
    tx,
    {
      principal: ctx.principal,
      action: `proposal.${kind}`,
      objectType: 'applicant',
      objectId: target.applicantId,
      requestId: ctx.requestId,
      subjectIds: subjects,
    },
    now,
  )
  return ok({ decision, ...(offer === undefined ? {} : { offer }), roundStatus })
}

/**
 * Approves a pending proposal: the decision record and an offer to the
 * proposed household, whose status becomes `offered` (and the vacancy's too).
 *
 * @example
 * approveProposal({ ctx, input: { roundId, proposalId } })
 */
export function approveProposal({ ctx, input }: ServiceCall<ProposalRef>): ServiceResult<DecisionOutcome> {
  return writeTransaction(ctx.db, (tx): ServiceResult<DecisionOutcome> => {
    const found = findProposal(tx, input)
    if (!found.ok) return found
    const { round, proposal } = found.value
    return decide(
      tx,
      ctx,
      round,
      proposal,
      'approve',
      { applicantId: proposal.applicantId, score: proposal.score, terms: termsOf(proposal) },
      undefined,
      input.childPerspective,
    )
  })
}

/** Rejects a pending proposal with a reason: nobody is offered the vacancy from this proposal. */
export function rejectProposal({
  ctx,
  input,
}: ServiceCall<ProposalRef & ReasonInput<RejectReason>>): ServiceResult<DecisionOutcome> {
  return writeTransaction(ctx.db, (tx): ServiceResult<DecisionOutcome> => {
    const found = findProposal(tx, input)
    if (!found.ok) return found
    const { round, proposal } = found.value
    return decide(
      tx,
      ctx,
      round,
      proposal,
      'reject',
      { applicantId: proposal.applicantId, score: proposal.score, terms: termsOf(proposal) },
      { code: input.reason, note: input.note },
      input.childPerspective,
    )
  })
}

/**
 * Overrides a pending proposal: the vacancy is offered to `applicantId`
 * instead, another household of the round's pool that passes every hard rule
 * for it (judged on the round's snapshot) and has no pending proposal of its
 * own in the round. The decision records the reason and the chosen pair's score.
 */
export function overrideProposal({
  ctx,
  input,
}: ServiceCall<
  ProposalRef & ReasonInput<OverrideReason> & { applicantId: string }
>): ServiceResult<DecisionOutcome> {
  return writeTransaction(ctx.db, (tx): ServiceResult<DecisionOutcome> => {
    const found = findProposal(tx, input)
    if (!found.ok) return found
    const { round, proposal } = found.value
    // Who is in the round and what it may have is the round's state, not the request's form: 409s.
    if (input.applicantId === proposal.applicantId) {
      return notThisHousehold('is the proposed household: approve the proposal instead')
    }
    if (!inRoundPool(tx, round.id, input.applicantId) || round.snapshot === null) {
      return notThisHousehold('is not a household of this round')
    }
    const own = tx
      .select({ id: proposals.id })
      .from(proposals)
      .where(
        and(
          eq(proposals.roundId, round.id),
          eq(proposals.applicantId, input.applicantId),
          eq(proposals.status, 'pending'),
        ),
      )
      .get()
    if (own !== undefined) {
      return err({
        code: 'CONFLICT',
        detail: 'That household has a pending proposal of its own in this round; decide that one first.',
      })
    }
    const snapshot = roundInputSchema.parse(JSON.parse(round.snapshot))
    const assessed = assessPair(snapshot, input.applicantId, proposal.vacancyId)
    if (!assessed.ok) {
      return notThisHousehold(
        assessed.reason === 'not_in_pool'
          ? 'is not a household of this round'
          : `may not have this vacancy under the round's rules (fails: ${assessed.rules.join(', ')})`,
      )
    }
    return decide(
      tx,
      ctx,
      round,
      proposal,
      'override',
      { applicantId: input.applicantId, score: assessed.score, terms: assessed.terms },
      { code: input.reason, note: input.note },
      input.childPerspective,
    )
  })
}

export interface ApproveAllOutcome {
  approved: DecisionOutcome[]
  /** Proposals left pending because an offer could not be made (the household or vacancy changed meanwhile). */
  skipped: { proposalId: string; detail: string }[]
  roundStatus: RoundRow['status']
}

/** Approves every pending proposal of a round, in household id order, in one transaction. */
export function approveAllProposals({
  ctx,
  input,
}: ServiceCall<{ roundId: string }>): ServiceResult<ApproveAllOutcome> {
  return writeTransaction(ctx.db, (tx): ServiceResult<ApproveAllOutcome> => {
    const round = roundRow(tx, input.roundId)
    if (round === undefined) return notFound('round')
    const refused = canDecide({
      roundStatus: round.status,
      proposalStatus: 'pending',
      person: ctx.principal.person ?? null,
    })
    if (refused) return err(refused)
    const pending = tx
      .select()
      .from(proposals)
      .where(and(eq(proposals.roundId, round.id), eq(proposals.status, 'pending')))
      .orderBy(asc(proposals.applicantId))
      .all()
    const approved: DecisionOutcome[] = []
    const skipped: ApproveAllOutcome['skipped'] = []
    let current = round
    for (const proposal of pending) {
      const r = decide(tx, ctx, current, proposal, 'approve', {
        applicantId: proposal.applicantId,
        score: proposal.score,
        terms: termsOf(proposal),
      })
      if (r.ok) {
        approved.push(r.value)
        current = { ...current, status: r.value.roundStatus }
      } else if (r.error.code === 'CONFLICT')
        skipped.push({ proposalId: proposal.id, detail: r.error.detail })
      else if (r.error.code === 'INVALID')
        // A household with children: its approval needs the child's perspective, one by one (rule C1).
        skipped.push({
          proposalId: proposal.id,
          detail:
            "The household has children: approve this proposal on its own, with the child's perspective.",
        })
      else return r
    }
    return ok({ approved, skipped, roundStatus: current.status })
  })
}

function termsOf(proposal: ProposalRow): unknown {
  const explanation = proposal.explanation as { terms?: unknown } | null
  return explanation?.terms ?? null
}
