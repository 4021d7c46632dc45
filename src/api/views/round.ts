/**
 * What the API shows of rounds, proposals, decisions, offers and placements.
 * Strict schemas, built by projection. A round's own fields hold no personal
 * data. Where a case worker sees a protected-identity household's offer or
 * placement, the vacancy (the place) is withheld and `withheld` says so; the
 * result of a round is cut per role by the service (`getRoundResult`).
 */
import { z } from 'zod'
import { childPerspectiveSchema } from '../../domain/child-perspective.ts'
import { policySchema } from '../../domain/policy.ts'
import {
  contractForms,
  decisionKinds,
  declineReasons,
  decliners,
  legalBases,
  offerStatuses,
  placementEndReasons,
  proposalStatuses,
  roundKinds,
  roundStatuses,
  tenureOf,
  tenures,
} from '../../domain/round-lifecycle.ts'
import { entityId, isoDate } from '../../domain/schema-parts.ts'
import type { PlacementRow } from '../../services/offers/answer-offer.ts'
import type { PlacementRecord } from '../../services/offers/placement-pathway.ts'
import type { DecisionRow } from '../../services/rounds/decide-proposal.ts'
import type { ResultView, RoundSummary } from '../../services/rounds/read-rounds.ts'
import type { OfferRow, ProposalRow } from '../../services/rounds/store.ts'
import { named } from './registry.ts'

const timestamp = z.string()
const count = z.number().int().min(0)
const policyKey = z.strictObject({ id: policySchema.shape.id, version: z.number().int().min(1) })
const sha = z.string().regex(/^[0-9a-f]{64}$/)

export const roundView = named(
  'Round',
  z.strictObject({
    id: z.string(),
    kind: z.enum(roundKinds),
    status: z.enum(roundStatuses),
    asOf: isoDate,
    policy: policyKey,
    /** A follow-up round: the round whose declined or unanswered offer freed its vacancy. */
    parentRoundId: z.string().nullable(),
    /** A follow-up round: the vacancy it re-matches. */
    vacancyId: z.string().nullable(),
    engineVersion: z.string().nullable(),
    snapshotSha256: sha.nullable(),
    resultSha256: sha.nullable(),
    /** The independent check of the optimum's certificate; null until solved. */
    certified: z.boolean().nullable(),
    certificateNote: z.string().nullable(),
    failure: z.string().nullable(),
    applicants: count.nullable(),
    vacancies: count.nullable(),
    /** Milliseconds per phase of the solve: snapshot, parse, prepare, solve, certify, explain, store; and within explain pairing, prices, thresholds, explanations, serialise. */
    phases: z.record(z.string(), z.number()).nullable(),
    proposals: z.strictObject({ pending: count, approved: count, rejected: count, overridden: count }),
    /** Overrides and rejections per reason code. */
    decisions: z.strictObject({
      override: z.record(z.string(), count),
      reject: z.record(z.string(), count),
    }),
    createdBy: z.string().nullable(),
    createdAt: timestamp,
    solvedAt: timestamp.nullable(),
    closedAt: timestamp.nullable(),
  }),
)

export function roundViewOf(summary: RoundSummary): z.output<typeof roundView> {
  const r = summary.round
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    asOf: r.asOf,
    policy: { id: r.policyId, version: r.policyVersion },
    parentRoundId: r.parentRoundId,
    vacancyId: r.vacancyId,
    engineVersion: r.engineVersion,
    snapshotSha256: r.snapshotSha256,
    resultSha256: r.resultSha256,
    certified: r.certified,
    certificateNote: r.certificateNote,
    failure: r.failure,
    applicants: r.applicantCount,
    vacancies: r.vacancyCount,
    phases: r.phases,
    proposals: summary.counts.proposals,
    decisions: summary.counts.decisions,
    createdBy: r.createdByPerson,
    createdAt: r.createdAt,
    solvedAt: r.solvedAt,
    closedAt: r.closedAt,
  }
}

export const roundPageView = named(
  'RoundPage',
  z.strictObject({ items: z.array(roundView), nextCursor: z.string().nullable() }),
)

/** An explanation as the engine wrote it: codes, figures and sentences in both languages. */
const explanation = z.record(z.string(), z.unknown())

const resultCommon = {
  status: z.string(),
  asOf: isoDate,
  policy: policyKey,
  objective: z.number(),
  bound: z.number(),
  gap: z.number(),
  conflicting: z.array(z.string()).optional(),
  message: z.string().optional(),
  /** Floors the round asked for less than the policy said, with both numbers (absent in rounds stored before it existed). */
  loweredFloors: z.array(z.record(z.string(), z.unknown())).optional(),
  constraints: z.array(z.record(z.string(), z.unknown())),
  equality: z.record(z.string(), z.unknown()),
  stats: z.record(z.string(), z.unknown()),
}

const shownProposal = z.strictObject({
  applicantId: z.string(),
  vacancyId: z.string(),
  score: z.number(),
  explanation: explanation.optional(),
})
const withheldProposal = z.strictObject({
  applicantId: z.string(),
  score: z.number(),
  withheld: z.tuple([z.literal('vacancyId'), z.literal('explanation')]),
})
const shownUnmatched = z.strictObject({ applicantId: z.string(), explanation: explanation.optional() })
const withheldUnmatched = z.strictObject({
  applicantId: z.string(),
  withheld: z.tuple([z.literal('explanation')]),
})

export const roundResultView = named(
  'RoundResult',
  z.strictObject({
    round: roundView,
    /** `full` (admin, allocator), `caseloads` (a case worker: its own households), `aggregate` (analyst). */
    view: z.enum(['full', 'caseloads', 'aggregate']),
    result: z.union([
      z.strictObject({
        ...resultCommon,
        proposals: z.array(z.union([shownProposal, withheldProposal])),
        unmatched: z.array(z.union([shownUnmatched, withheldUnmatched])),
      }),
      z.strictObject({ ...resultCommon, proposalCount: count, unmatchedCount: count }),
    ]),
  }),
)

export function roundResultBody(summary: RoundSummary, view: ResultView): z.output<typeof roundResultView> {
  return { round: roundViewOf(summary), view: view.view, result: view.result as never }
}

/** One household of a round, its explanation in full (`GET /v1/rounds/:id/households/:householdId/explanation`). */
export const householdExplanationView = named(
  'HouseholdExplanation',
  z.union([
    z.strictObject({
      roundId: z.string(),
      applicantId: z.string(),
      /** The vacancy the round proposed to the household, with its score; null when it was left without one. */
      proposed: z.strictObject({ vacancyId: z.string(), score: z.number() }).nullable(),
      /**
       * In full: for a household left without a proposal every eligible vacancy with what decided it
       * and up to five examples per excluding rule; sentences in Swedish and English.
       */
      explanation,
    }),
    z.strictObject({
      roundId: z.string(),
      applicantId: z.string(),
      /** A protected identity the caller may not see past: the explanation names vacancies. */
      withheld: z.tuple([z.literal('explanation')]),
    }),
  ]),
)

export const proposalView = named(
  'Proposal',
  z.strictObject({
    id: z.string(),
    roundId: z.string(),
    applicantId: z.string(),
    vacancyId: z.string(),
    score: z.number(),
    status: z.enum(proposalStatuses),
    explanation: explanation.nullable(),
    createdAt: timestamp,
    decidedAt: timestamp.nullable(),
  }),
)

export function proposalViewOf(p: ProposalRow): z.output<typeof proposalView> {
  return {
    id: p.id,
    roundId: p.roundId,
    applicantId: p.applicantId,
    vacancyId: p.vacancyId,
    score: p.score,
    status: p.status,
    explanation: (p.explanation as Record<string, unknown> | null) ?? null,
    createdAt: p.createdAt,
    decidedAt: p.decidedAt,
  }
}

export const proposalPageView = named(
  'ProposalPage',
  z.strictObject({ items: z.array(proposalView), nextCursor: z.string().nullable() }),
)

export const decisionView = named(
  'Decision',
  z.strictObject({
    id: z.string(),
    kind: z.enum(decisionKinds),
    roundId: z.string(),
    proposalId: z.string(),
    applicantId: z.string(),
    vacancyId: z.string(),
    policy: policyKey,
    score: z.number().nullable(),
    scoreTerms: z.unknown(),
    /** `sol_4_1`: support under the Social Services Act ch. 4 § 1; `obo_priority_decision`: ÖBO's priority decision. */
    legalBasis: z.enum(legalBases),
    /**
     * The decision the legal basis rests on: the household's support decision (`sol_4_1`) or ÖBO's
     * priority decision, by reference and date; null when none was recorded (before these were kept,
     * a rejection of a pair without one, or an ÖBO flat for a household holding no priority decision).
     */
    basis: z.strictObject({ reference: z.string(), decidedOn: isoDate.nullable() }).nullable(),
    reasonCode: z.string().nullable(),
    reasonText: z.string().nullable(),
    decidedBy: z.string(),
    decidedAt: timestamp,
    /** The child's perspective where it was recorded (required to offer a vacancy to a household with children). */
    childPerspective: childPerspectiveSchema.nullable(),
  }),
)

export function decisionViewOf(d: DecisionRow): z.output<typeof decisionView> {
  return {
    id: d.id,
    kind: d.kind,
    roundId: d.roundId,
    proposalId: d.proposalId,
    applicantId: d.applicantId,
    vacancyId: d.vacancyId,
    policy: { id: d.policyId, version: d.policyVersion },
    score: d.score,
    scoreTerms: d.scoreTerms ?? null,
    legalBasis: d.legalBasis,
    basis: d.basisReference === null ? null : { reference: d.basisReference, decidedOn: d.basisDecidedOn },
    reasonCode: d.reasonCode,
    reasonText: d.reasonText,
    decidedBy: d.decidedByPerson,
    decidedAt: d.decidedAt,
    childPerspective:
      d.childConsidered === null || d.childHeard === null || d.childReason === null
        ? null
        : { considered: d.childConsidered, heard: d.childHeard, reason: d.childReason },
  }
}

const offerCommon = {
  id: z.string(),
  roundId: z.string(),
  decisionId: z.string(),
  applicantId: z.string(),
  caseload: entityId,
  status: z.enum(offerStatuses),
  offeredOn: isoDate,
  /** The last day to answer; the day after, an unanswered offer closes as `no_answer`. */
  answerBy: isoDate,
  answeredAt: timestamp.nullable(),
  answeredBy: z.string().nullable(),
  declinedBy: z.enum(decliners).nullable(),
  declineReason: z.enum(declineReasons).nullable(),
  declineNote: z.string().nullable(),
  /** The follow-up round that re-matches the vacancy after a decline or no answer. */
  rematchRoundId: z.string().nullable(),
}

export const offerView = named(
  'Offer',
  z.union([
    z.strictObject({ ...offerCommon, vacancyId: z.string() }),
    z.strictObject({ ...offerCommon, withheld: z.tuple([z.literal('vacancyId')]) }),
  ]),
)

export function offerViewOf(o: OfferRow, withholdPlace: boolean): z.output<typeof offerView> {
  const common = {
    id: o.id,
    roundId: o.roundId,
    decisionId: o.decisionId,
    applicantId: o.applicantId,
    caseload: o.caseload,
    status: o.status,
    offeredOn: o.offeredOn,
    answerBy: o.answerBy,
    answeredAt: o.answeredAt,
    answeredBy: o.answeredByPerson,
    declinedBy: o.declinedBy,
    declineReason: o.declineReason,
    declineNote: o.declineNote,
    rematchRoundId: o.rematchRoundId,
  }
  return withholdPlace ? { ...common, withheld: ['vacancyId'] } : { ...common, vacancyId: o.vacancyId }
}

export const offerPageView = named(
  'OfferPage',
  z.strictObject({ items: z.array(offerView), nextCursor: z.string().nullable() }),
)

const placementCommon = {
  id: z.string(),
  offerId: z.string(),
  decisionId: z.string(),
  applicantId: z.string(),
  caseload: entityId,
  contractForm: z.enum(contractForms),
  startDate: isoDate,
  /** The tenancy the household holds now: `sublet` until it takes the contract over, then `first_hand`. */
  tenure: z.enum(tenures),
  /** A sublet's last day of its trial period; null for other contracts or when none was set. */
  trialPeriodEndsOn: isoDate.nullable(),
  /** The day the household took over the contract as its own (övertagande). */
  takenOverOn: isoDate.nullable(),
  /** The day the placement ended, and why (`moved`: the household moved on to another placement). */
  endedOn: isoDate.nullable(),
  endReason: z.enum(placementEndReasons).nullable(),
  recordedBy: z.string(),
  createdAt: timestamp,
}

export const placementView = named(
  'Placement',
  z.union([
    z.strictObject({ ...placementCommon, vacancyId: z.string() }),
    z.strictObject({ ...placementCommon, withheld: z.tuple([z.literal('vacancyId')]) }),
  ]),
)

/** A placement as stored, with where it stands on the pathway when known (a new one: taken over nowhere, not ended). */
export function placementViewOf(
  p: PlacementRow & Partial<Pick<PlacementRecord, 'tenure' | 'takenOverOn' | 'endedOn' | 'endReason'>>,
  withholdPlace: boolean,
): z.output<typeof placementView> {
  const common = {
    id: p.id,
    offerId: p.offerId,
    decisionId: p.decisionId,
    applicantId: p.applicantId,
    caseload: p.caseload,
    contractForm: p.contractForm,
    startDate: p.startDate,
    tenure: p.tenure ?? tenureOf(p.contractForm),
    trialPeriodEndsOn: p.trialPeriodEndsOn,
    takenOverOn: p.takenOverOn ?? null,
    endedOn: p.endedOn ?? null,
    endReason: p.endReason ?? null,
    recordedBy: p.recordedByPerson,
    createdAt: p.createdAt,
  }
  return withholdPlace ? { ...common, withheld: ['vacancyId'] } : { ...common, vacancyId: p.vacancyId }
}

export const placementPageView = named(
  'PlacementPage',
  z.strictObject({ items: z.array(placementView), nextCursor: z.string().nullable() }),
)

export const decisionOutcomeView = named(
  'DecisionOutcome',
  z.strictObject({
    decision: decisionView,
    offer: offerView.nullable(),
    roundStatus: z.enum(roundStatuses),
  }),
)

export const approveAllView = named(
  'ApproveAllOutcome',
  z.strictObject({
    approved: z.array(decisionOutcomeView),
    skipped: z.array(z.strictObject({ proposalId: z.string(), detail: z.string() })),
    roundStatus: z.enum(roundStatuses),
  }),
)

export const acceptOutcomeView = named(
  'AcceptOutcome',
  z.strictObject({ offer: offerView, placement: placementView }),
)

export const declineOutcomeView = named(
  'DeclineOutcome',
  z.strictObject({ offer: offerView, rematchRound: roundView.nullable() }),
)

export const replayView = named(
  'ReplayVerdict',
  z.strictObject({
    roundId: z.string(),
    /** True when the re-solved result is byte for byte the stored one. */
    identical: z.boolean(),
    storedResultSha256: sha,
    replayedResultSha256: sha,
    snapshotSha256: sha,
    certified: z.boolean(),
  }),
)
