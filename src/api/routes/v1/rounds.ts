/**
 * `/v1/rounds`: match rounds and their review. Creating and reviewing:
 * allocator and admin. Reading a round and its result: also caseworker (its
 * own households only) and analyst (the aggregate figures only). The
 * lifecycle and its rules: docs/rounds.md.
 */
import { z } from 'zod'
import {
  type ChildPerspective,
  childPerspectiveIssues,
  childPerspectiveSchema,
} from '../../../domain/child-perspective.ts'
import { checkedAlways } from '../../../domain/plausible-dates.ts'
import {
  overrideReasons,
  proposalStatuses,
  rejectReasons,
  roundStatuses,
} from '../../../domain/round-lifecycle.ts'
import { entityId, isoDate, notBlank } from '../../../domain/schema-parts.ts'
import { cursorParam, limitParam } from '../../../services/applicants/schemas.ts'
import { mapResult, type ServiceContext, type ServiceResult } from '../../../services/context.ts'
import { createRound } from '../../../services/rounds/create-round.ts'
import {
  approveAllProposals,
  approveProposal,
  type DecisionOutcome,
  overrideProposal,
  rejectProposal,
} from '../../../services/rounds/decide-proposal.ts'
import { loadHouseholdExplanation } from '../../../services/rounds/household-explanation.ts'
import {
  getRound,
  getRoundResult,
  listProposals,
  listRounds,
  resultViewWithTexts,
} from '../../../services/rounds/read-rounds.ts'
import { loadForReplay, replayVerdict } from '../../../services/rounds/replay-round.ts'
import { resultTextOf } from '../../../services/rounds/solve-round.ts'
import { placeWithheldFrom } from '../../../services/rounds/store.ts'
import { loadWhatIf, whatIfAnswer, whatIfBodySchema } from '../../../services/rounds/what-if.ts'
import { explainInThread, solveInThread } from '../../../worker/solve-in-thread.ts'
import { HttpProblem, problemTypes } from '../../problem.ts'
import {
  approveAllView,
  decisionOutcomeView,
  decisionViewOf,
  householdExplanationView,
  offerViewOf,
  proposalPageView,
  proposalViewOf,
  replayView,
  roundPageView,
  roundResultBody,
  roundResultView,
  roundView,
  roundViewOf,
} from '../../views/round.ts'
import { whatIfView } from '../../views/what-if.ts'
import { type AnyRoute, json, orProblem, route } from './define.ts'

const managers = ['admin', 'allocator'] as const
const readers = ['admin', 'allocator', 'caseworker', 'analyst'] as const

const roundParams = z.strictObject({ id: entityId })
const roundHouseholdParams = z.strictObject({ id: entityId, householdId: entityId })
const proposalParams = z.strictObject({ id: entityId, proposalId: entityId })
const note = z
  .string()
  .trim()
  .regex(notBlank, { error: 'must not be empty' })
  .max(2000, { error: 'must be at most 2000 characters' })
  .optional()

export const roundCreateSchema = z.strictObject({
  /** The date the round is run for (eligibility and urgency are judged on it); default today. */
  asOf: isoDate.optional(),
  /** A stored policy version; default the active one. */
  policy: z.strictObject({ id: entityId, version: z.number().int().min(1) }).optional(),
})

const roundListQuery = z.strictObject({
  status: z.enum(roundStatuses, { error: `must be one of ${roundStatuses.join(', ')}` }).optional(),
  limit: limitParam.optional(),
  cursor: cursorParam.optional(),
})

const proposalListQuery = z.strictObject({
  status: z.enum(proposalStatuses, { error: `must be one of ${proposalStatuses.join(', ')}` }).optional(),
  limit: limitParam.optional(),
  cursor: cursorParam.optional(),
})

/** Rule C2 of the child's perspective, checked on the body (src/domain/child-perspective.ts). */
const childPerspectiveRule = checkedAlways((b: { childPerspective?: ChildPerspective | undefined }) =>
  b.childPerspective === undefined ? [] : childPerspectiveIssues(b.childPerspective),
)
const childPerspectiveRules = [
  '`childPerspective.heard` `no` (a child old enough was not heard) needs a `reason` saying why: `child_declined_to_be_heard`, `could_not_be_reached` or `other_documented_in_case`.',
]
const childPerspectiveNeeded =
  "An offer to a household with children needs `childPerspective` (the child's situation considered, whether the child was heard, a reason code; never free text): without it the answer is 422 naming the field."

const approveBody = z
  .strictObject({ childPerspective: childPerspectiveSchema.optional() })
  .superRefine(childPerspectiveRule)

const rejectBody = z
  .strictObject({
    reason: z.enum(rejectReasons, { error: `must be one of ${rejectReasons.join(', ')}` }),
    note,
    childPerspective: childPerspectiveSchema.optional(),
  })
  .superRefine(childPerspectiveRule)

const overrideBody = z
  .strictObject({
    /** The household of the round's pool that is offered the vacancy instead. */
    applicantId: entityId,
    reason: z.enum(overrideReasons, { error: `must be one of ${overrideReasons.join(', ')}` }),
    note,
    childPerspective: childPerspectiveSchema.optional(),
  })
  .superRefine(childPerspectiveRule)

/** A 409 problem: the round's state does not allow what was asked (`detail` says why). */
const conflict = (detail: string) =>
  new HttpProblem({ type: problemTypes.conflict, title: 'Conflict', status: 409, detail })

const decisionConflict =
  'The round is not under review, the proposal is already decided, the token names no person, or the household or vacancy cannot be offered now (an open offer, or no longer active/open); `detail` says which'

function outcomeBody(ctx: ServiceContext, outcome: DecisionOutcome) {
  const withheld = outcome.offer
    ? placeWithheldFrom(ctx.db, ctx.principal, [outcome.offer.applicantId])
    : new Set()
  return {
    decision: decisionViewOf(outcome.decision),
    offer: outcome.offer ? offerViewOf(outcome.offer, withheld.has(outcome.offer.applicantId)) : null,
    roundStatus: outcome.roundStatus,
  }
}

/** Runs a decision in the request's transaction and answers its outcome as the caller may see it. */
async function decided(
  c: Parameters<AnyRoute['handle']>[0]['c'],
  transact: Parameters<AnyRoute['handle']>[0]['transact'],
  decide: (ctx: ServiceContext) => ServiceResult<DecisionOutcome>,
) {
  const value = orProblem(await transact((ctx) => mapResult(decide(ctx), (o) => outcomeBody(ctx, o))))
  return json(c, 200, value)
}

export const roundRoutes: AnyRoute[] = [
  route({
    operationId: 'createRound',
    method: 'POST',
    path: '/v1/rounds',
    tag: 'rounds',
    summary: 'Start a match round',
    description:
      'Queues a round for `asOf` (default today) under a policy version (default the active one) and answers 202 at once; ' +
      'the worker takes the snapshot of the pool (every active household and every vacancy open and available on `asOf` ' +
      'that no other open round holds), solves it and stores the proposals: follow `Location` until `status` is `proposed`. ' +
      'The policy version is frozen from then on. The same Idempotency-Key with the same body answers the same round (200); ' +
      'with another body 422.',
    roles: managers,
    audit: '`round.create`',
    idempotencyKey: true,
    conflict: 'No policy is active and none was named, or the named policy version is not stored',
    body: roundCreateSchema,
    responses: {
      202: { description: 'Queued', schema: roundView },
      200: { description: 'The round this Idempotency-Key made before', schema: roundView },
    },
    example: { body: { asOf: '2026-12-07' } },
    handle: async ({ c, body, idempotencyKey, transact }) => {
      const value = orProblem(
        await transact((ctx) => {
          const made = createRound({ ctx, input: { idempotencyKey: idempotencyKey ?? '', body } })
          if (!made.ok) return made
          const summary = getRound({ ctx, input: { id: made.value.round.id } })
          return summary.ok
            ? { ok: true as const, value: { ...summary.value, created: made.value.created } }
            : summary
        }),
      )
      return json(c, value.created ? 202 : 200, roundViewOf(value), undefined, {
        Location: `/v1/rounds/${value.round.id}`,
      })
    },
  }),
  route({
    operationId: 'listRounds',
    method: 'GET',
    path: '/v1/rounds',
    tag: 'rounds',
    summary: 'List rounds',
    description:
      'Newest first, optionally by status. `limit` 1–200 (default 50); pass `nextCursor` as `cursor` for the next page.',
    roles: readers,
    audit: 'none (a round holds no personal data)',
    query: roundListQuery,
    responses: { 200: { description: 'One page', schema: roundPageView } },
    example: { query: { status: 'proposed' } },
    handle: ({ c, ctx, query }) => {
      const value = orProblem(listRounds({ ctx, input: query }))
      return json(c, 200, { items: value.items.map(roundViewOf), nextCursor: value.nextCursor })
    },
  }),
  route({
    operationId: 'getRound',
    method: 'GET',
    path: '/v1/rounds/:id',
    tag: 'rounds',
    summary: 'Read a round',
    description:
      'Its state, hashes, certificate verdict, phases and counts of proposals by state and of decisions by reason.',
    roles: readers,
    audit: 'none',
    object: 'round',
    params: roundParams,
    responses: { 200: { description: 'The round', schema: roundView } },
    handle: ({ c, ctx, params }) => json(c, 200, roundViewOf(orProblem(getRound({ ctx, input: params })))),
  }),
  route({
    operationId: 'getRoundResult',
    method: 'GET',
    path: '/v1/rounds/:id/result',
    tag: 'rounds',
    summary: "Read a round's result",
    description:
      'The stored result in the shape of `hemvist solve` (proposals with score terms, unmatched households with their ' +
      'explanations, constraints, equality figures). admin and allocator see all of it; a caseworker the households of ' +
      'its caseloads (for a protected-identity household the vacancy and the explanations are withheld); an analyst ' +
      'the aggregate figures only. 409 while the round has no stored result.',
    roles: readers,
    audit: '`round.read_result`, naming every household shown',
    object: 'round',
    params: roundParams,
    conflict: 'The round has no stored result yet (queued or solving) or never will (failed)',
    responses: { 200: { description: 'The result, cut to the role', schema: roundResultView } },
    handle: async ({ c, params, transact }) => {
      const value = orProblem(
        await transact((ctx) => {
          const summary = getRound({ ctx, input: params })
          if (!summary.ok) return summary
          const result = getRoundResult({ ctx, input: params })
          return result.ok
            ? { ok: true as const, value: { summary: summary.value, view: result.value.result } }
            : result
        }),
      )
      if (value.view === null) {
        throw conflict(`The round is ${value.summary.round.status} and has no stored result.`)
      }
      // The sentences are rendered here, after the transaction that read the result.
      return json(c, 200, roundResultBody(value.summary, resultViewWithTexts(value.view)))
    },
  }),
  route({
    operationId: 'listProposals',
    method: 'GET',
    path: '/v1/rounds/:id/proposals',
    tag: 'rounds',
    summary: "List a round's proposals",
    description:
      'In household id order, optionally by state, each with its explanation (score terms and rules passed).',
    roles: managers,
    audit: '`proposal.list`, naming every household shown',
    object: 'round',
    params: roundParams,
    query: proposalListQuery,
    responses: { 200: { description: 'One page', schema: proposalPageView } },
    handle: async ({ c, params, query, transact }) => {
      const value = orProblem(
        await transact((ctx) => listProposals({ ctx, input: { roundId: params.id, ...query } })),
      )
      return json(c, 200, { items: value.items.map(proposalViewOf), nextCursor: value.nextCursor })
    },
  }),
  route({
    operationId: 'approveProposal',
    method: 'POST',
    path: '/v1/rounds/:id/proposals/:proposalId/approve',
    tag: 'rounds',
    summary: 'Approve a proposal',
    description:
      'Records the decision of the named person the token stands for (with the score terms, the policy version and the ' +
      'legal basis) and makes the offer, with its last day to answer from the policy. The household and the vacancy become `offered`. ' +
      `The body may be left out. ${childPerspectiveNeeded}`,
    roles: managers,
    audit: '`proposal.approve`',
    object: 'round',
    params: proposalParams,
    conflict: decisionConflict,
    body: approveBody,
    optionalBody: true,
    rules: childPerspectiveRules,
    responses: { 200: { description: 'The decision and the offer', schema: decisionOutcomeView } },
    example: {
      body: { childPerspective: { considered: true, heard: 'yes', reason: 'near_school_or_preschool' } },
    },
    handle: ({ c, params, body, transact }) =>
      decided(c, transact, (ctx) =>
        approveProposal({ ctx, input: { roundId: params.id, proposalId: params.proposalId, ...body } }),
      ),
  }),
  route({
    operationId: 'rejectProposal',
    method: 'POST',
    path: '/v1/rounds/:id/proposals/:proposalId/reject',
    tag: 'rounds',
    summary: 'Reject a proposal',
    description: `Records the decision with a reason (${rejectReasons.join(', ')}) and an optional note. Nobody is offered the vacancy from this proposal. The child's perspective (\`childPerspective\`) is recorded where given.`,
    roles: managers,
    audit: '`proposal.reject`',
    object: 'round',
    params: proposalParams,
    conflict: decisionConflict,
    body: rejectBody,
    rules: childPerspectiveRules,
    responses: { 200: { description: 'The decision', schema: decisionOutcomeView } },
    example: { body: { reason: 'information_outdated', note: 'The household has moved.' } },
    handle: ({ c, params, body, transact }) =>
      decided(c, transact, (ctx) =>
        rejectProposal({ ctx, input: { roundId: params.id, proposalId: params.proposalId, ...body } }),
      ),
  }),
  route({
    operationId: 'overrideProposal',
    method: 'POST',
    path: '/v1/rounds/:id/proposals/:proposalId/override',
    tag: 'rounds',
    summary: 'Give the vacancy to another household',
    description:
      `The vacancy is offered to \`applicantId\` instead: a household of the round's pool that passes every hard rule for it ` +
      `(judged on the round's snapshot) and has no pending proposal of its own. A reason (${overrideReasons.join(', ')}) is required. ` +
      '409 when the household is not in the pool or may not have the vacancy (`errors[]` names the failed rules). ' +
      childPerspectiveNeeded,
    roles: managers,
    audit: '`proposal.override`, naming both households',
    object: 'round',
    params: proposalParams,
    conflict: `${decisionConflict}; or the named household is not in the pool or may not have the vacancy (\`errors[]\` names the failed rules)`,
    body: overrideBody,
    rules: childPerspectiveRules,
    responses: { 200: { description: 'The decision and the offer', schema: decisionOutcomeView } },
    handle: ({ c, params, body, transact }) =>
      decided(c, transact, (ctx) =>
        overrideProposal({ ctx, input: { roundId: params.id, proposalId: params.proposalId, ...body } }),
      ),
  }),
  route({
    operationId: 'approveAllProposals',
    method: 'POST',
    path: '/v1/rounds/:id/proposals/approve-all',
    tag: 'rounds',
    summary: 'Approve every pending proposal',
    description:
      'One decision and one offer per pending proposal, in household id order, in one transaction. A proposal whose household or ' +
      'vacancy cannot be offered now is left pending and listed in `skipped` with the reason.',
    roles: managers,
    audit: '`proposal.approve` per proposal',
    object: 'round',
    params: roundParams,
    conflict: 'The round is not under review, or the token names no person',
    responses: {
      200: { description: 'The decisions made and the proposals skipped', schema: approveAllView },
    },
    handle: async ({ c, params, transact }) => {
      const value = orProblem(
        await transact((ctx) => {
          const r = approveAllProposals({ ctx, input: { roundId: params.id } })
          return r.ok
            ? {
                ok: true as const,
                value: {
                  approved: r.value.approved.map((o) => outcomeBody(ctx, o)),
                  skipped: r.value.skipped,
                  roundStatus: r.value.roundStatus,
                },
              }
            : r
        }),
      )
      return json(c, 200, value)
    },
  }),
  route({
    operationId: 'explainRoundHousehold',
    method: 'GET',
    path: '/v1/rounds/:id/households/:householdId/explanation',
    tag: 'rounds',
    summary: "One household's explanation in full",
    description:
      "The round's result keeps each household's explanation bounded: its best three alternatives and a count per excluding rule. " +
      'This answers one household of the round in full: for a household left without a proposal every eligible vacancy with what decided it ' +
      '(the score of the household that got it, the needed score, the constraint that held it) and up to five examples per excluding rule; ' +
      "for a proposed household its proposal's explanation. Made on request by solving the stored snapshot again, off the event loop " +
      "(a replay proves the snapshot gives the stored result), so it takes about as long as the round's own solve. " +
      'A case worker: households of its own caseloads only (404 otherwise); a protected identity it may not see past answers `withheld`.',
    roles: ['admin', 'allocator', 'caseworker'],
    audit: '`round.read_explanation` (the household as subject), or `round.read_explanation_refused`',
    object: 'roundHousehold',
    params: roundHouseholdParams,
    conflict: 'The round has no stored result yet',
    responses: { 200: { description: "The household's explanation", schema: householdExplanationView } },
    handle: async ({ c, params, transact }) => {
      const load = orProblem(await transact((ctx) => loadHouseholdExplanation({ ctx, input: params })))
      if (load.kind === 'withheld')
        return json(c, 200, {
          roundId: load.roundId,
          applicantId: load.householdId,
          withheld: ['explanation'],
        })
      const out = await explainInThread(load.snapshot, load.householdId)
      if (!out.ok || out.explanation === null) {
        throw conflict(
          out.ok
            ? 'The stored snapshot does not hold this household.'
            : `The stored snapshot cannot be solved: ${out.reason}`,
        )
      }
      return json(c, 200, { roundId: load.roundId, ...out.explanation })
    },
  }),
  route({
    operationId: 'replayRound',
    method: 'POST',
    path: '/v1/rounds/:id/replay',
    tag: 'rounds',
    summary: 'Re-solve a stored round and compare',
    description:
      'Solves the stored snapshot again (off the event loop) and answers whether the result is byte for byte the stored one, ' +
      'with both SHA-256 hashes. Nothing is written but the audit row.',
    roles: managers,
    audit: '`round.replay`',
    object: 'round',
    params: roundParams,
    conflict: 'The round has no stored result to replay',
    responses: { 200: { description: 'The verdict', schema: replayView } },
    handle: async ({ c, params, transact }) => {
      const input = orProblem(await transact((ctx) => loadForReplay({ ctx, input: params })))
      const replayed = await solveInThread(input.snapshot)
      if (!replayed.ok) {
        throw conflict(`The stored snapshot cannot be solved: ${replayed.reason}`)
      }
      return json(c, 200, replayVerdict(input, replayed))
    },
  }),
  route({
    operationId: 'whatIfRound',
    method: 'POST',
    path: '/v1/rounds/:id/what-if',
    tag: 'rounds',
    summary: 'Solve a stored round under another policy version and compare',
    description:
      'Solves the stored snapshot again (off the event loop) under the policy version in the body and compares it with the stored result: ' +
      'households, children and acute cases housed, who would gain or lose a vacancy, group match rates and the price of each side constraint. ' +
      'Deterministic: the same question gives the same answer. Nothing is written but the audit row; the version is not marked used.',
    roles: managers,
    audit: '`round.what_if`',
    object: 'round',
    params: roundParams,
    body: whatIfBodySchema,
    conflict:
      'The round has no stored result to compare with, or the body names a policy version that is not stored',
    responses: { 200: { description: 'The comparison', schema: whatIfView } },
    example: { body: { policy: { id: 'orebro-default', version: 1 } } },
    handle: async ({ c, params, body, transact }) => {
      const question = orProblem(
        await transact((ctx) => loadWhatIf({ ctx, input: { id: params.id, ...body } })),
      )
      // A comparison reads no explanation: the solve leaves them out.
      const solved = await solveInThread(question.snapshot, { explain: false })
      if (!solved.ok) {
        throw conflict(`The round cannot be solved under that policy: ${solved.reason}`)
      }
      return json(c, 200, whatIfAnswer(question, resultTextOf(solved)))
    },
  }),
]
