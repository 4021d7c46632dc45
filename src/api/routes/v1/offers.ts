/**
 * `/v1/offers` and `/v1/placements`: offers made on approved proposals, the
 * household's answer, and the placements accepted offers became. A case
 * worker sees and answers its own caseloads' offers (another caseload's answer
 * 404, audited as denied); allocation staff all. Every answer is recorded
 * with the named person of the token.
 */
import { z } from 'zod'
import { checkedOnParseDay } from '../../../domain/plausible-dates.ts'
import {
  contractForms,
  declineReasons,
  decliners,
  offerStatuses,
  recordedEndReasons,
} from '../../../domain/round-lifecycle.ts'
import { entityId, isoDate, notBlank } from '../../../domain/schema-parts.ts'
import { cursorParam, limitParam } from '../../../services/applicants/schemas.ts'
import { mapResult, type ServiceContext } from '../../../services/context.ts'
import { acceptOffer, declineOffer } from '../../../services/offers/answer-offer.ts'
import { recordPlacementEnd, takeOverPlacement } from '../../../services/offers/placement-pathway.ts'
import { getOffer, getPlacement, listOffers, listPlacements } from '../../../services/offers/read-offers.ts'
import { placeWithheldFrom } from '../../../services/rounds/store.ts'
import {
  acceptOutcomeView,
  declineOutcomeView,
  offerPageView,
  offerView,
  offerViewOf,
  placementPageView,
  placementView,
  placementViewOf,
  roundViewOf,
} from '../../views/round.ts'
import { type AnyRoute, json, orProblem, route } from './define.ts'

const staff = ['admin', 'allocator', 'caseworker'] as const
const idParams = z.strictObject({ id: entityId })
const page = { limit: limitParam.optional(), cursor: cursorParam.optional() }

const offerListQuery = z.strictObject({
  status: z.enum(offerStatuses, { error: `must be one of ${offerStatuses.join(', ')}` }).optional(),
  roundId: entityId.optional(),
  ...page,
})

const acceptBody = z.strictObject({
  /** Default: the form that follows from the vacancy type; a Housing First flat is always `housing_first`. */
  contractForm: z.enum(contractForms, { error: `must be one of ${contractForms.join(', ')}` }).optional(),
  /** Default: the later of today and the day the vacancy is available; never before it. */
  startDate: isoDate.optional(),
  /** A sublet's last day of its trial period; default: the policy's trial period from the start. */
  trialPeriodEndsOn: isoDate.optional(),
})

const declineBody = z.strictObject({
  declinedBy: z.enum(decliners, { error: `must be one of ${decliners.join(', ')}` }),
  reason: z.enum(declineReasons, { error: `must be one of ${declineReasons.join(', ')}` }),
  note: z
    .string()
    .trim()
    .regex(notBlank, { error: 'must not be empty' })
    .max(2000, { error: 'must be at most 2000 characters' })
    .optional(),
})

const takeOverBody = z.strictObject({
  /** The day the household's own lease begins; default today. */
  on: isoDate.optional(),
})

const endBody = z
  .strictObject({
    /** Why it ended; `moved` is recorded only by accepting another offer. */
    reason: z.enum(recordedEndReasons, { error: `must be one of ${recordedEndReasons.join(', ')}` }),
    /** The household's last day in the flat; default today. */
    on: isoDate.optional(),
  })
  .superRefine(
    checkedOnParseDay((b: { on?: string | undefined }, today) =>
      b.on !== undefined && b.on > today
        ? [{ path: 'on', message: 'must not be in the future: record the end once it has happened' }]
        : [],
    ),
  )
const endDatesRule = '`on` must not be after today: an end is recorded once it has happened.'

const answerConflict = 'The offer is already answered, or the token names no person'

const noCounts = {
  proposals: { pending: 0, approved: 0, rejected: 0, overridden: 0 },
  decisions: { override: {}, reject: {} },
}

/** Whether the caller may not see where this household lives or is offered to live (protected identity). */
function withholds(ctx: ServiceContext, applicantIds: readonly string[]): (applicantId: string) => boolean {
  const withheld = placeWithheldFrom(ctx.db, ctx.principal, applicantIds)
  return (id) => withheld.has(id)
}

/** A page of rows that name a household, each shown with its place withheld where it must be. */
function pageBody<R extends { applicantId: string }, V>(
  ctx: ServiceContext,
  page: { items: R[]; nextCursor: string | null },
  view: (row: R, withhold: boolean) => V,
) {
  const hidden = withholds(
    ctx,
    page.items.map((r) => r.applicantId),
  )
  return { items: page.items.map((r) => view(r, hidden(r.applicantId))), nextCursor: page.nextCursor }
}

export const offerRoutes: AnyRoute[] = [
  route({
    operationId: 'listOffers',
    method: 'GET',
    path: '/v1/offers',
    tag: 'offers',
    summary: 'List offers',
    description:
      'Newest first; optionally by state (`open` lists those waiting for an answer) or round. A caseworker sees its own caseloads. ' +
      '`limit` 1–200 (default 50).',
    roles: staff,
    audit: '`offer.list`, naming every household shown',
    query: offerListQuery,
    responses: { 200: { description: 'One page', schema: offerPageView } },
    example: { query: { status: 'open' } },
    handle: async ({ c, query, transact }) => {
      const body = orProblem(
        await transact((ctx) =>
          mapResult(listOffers({ ctx, input: query }), (page) => pageBody(ctx, page, offerViewOf)),
        ),
      )
      return json(c, 200, body)
    },
  }),
  route({
    operationId: 'getOffer',
    method: 'GET',
    path: '/v1/offers/:id',
    tag: 'offers',
    summary: 'Read an offer',
    description: 'The offer and its answer, if any.',
    roles: staff,
    audit: '`offer.read`',
    object: 'offer',
    params: idParams,
    responses: { 200: { description: 'The offer', schema: offerView } },
    handle: async ({ c, params, transact }) => {
      const body = orProblem(
        await transact((ctx) =>
          mapResult(getOffer({ ctx, input: params }), (row) =>
            offerViewOf(row, withholds(ctx, [row.applicantId])(row.applicantId)),
          ),
        ),
      )
      return json(c, 200, body)
    },
  }),
  route({
    operationId: 'acceptOffer',
    method: 'POST',
    path: '/v1/offers/:id/accept',
    tag: 'offers',
    summary: 'Record that the household accepted',
    description:
      "Makes the placement (contract form, start date, a sublet's trial period), the vacancy `let`, the household `housed`, and " +
      'appends the situation the placement puts it in to its history; a placement the household held until now ends (`moved`). ' +
      '409 for a start date before the vacancy is available, a trial period not after the start or on a contract that is no ' +
      'sublet, or a Housing First flat recorded as anything but its own first-hand lease (`errors[]` names the field).',
    roles: staff,
    audit: '`offer.accept`',
    object: 'offer',
    params: idParams,
    conflict: `${answerConflict}, or the start date, trial period or contract form does not fit the vacancy`,
    body: acceptBody,
    responses: { 200: { description: 'The answered offer and the placement', schema: acceptOutcomeView } },
    example: { body: {} },
    handle: async ({ c, params, body, transact }) => {
      const value = orProblem(
        await transact((ctx) => {
          const r = acceptOffer({ ctx, input: { id: params.id, ...body } })
          if (!r.ok) return r
          const withheld = placeWithheldFrom(ctx.db, ctx.principal, [r.value.offer.applicantId]).size > 0
          return {
            ok: true as const,
            value: {
              offer: offerViewOf(r.value.offer, withheld),
              placement: placementViewOf(r.value.placement, withheld),
            },
          }
        }),
      )
      return json(c, 200, value)
    },
  }),
  route({
    operationId: 'declineOffer',
    method: 'POST',
    path: '/v1/offers/:id/decline',
    tag: 'offers',
    summary: 'Record that the household or the landlord declined',
    description:
      `Who declined (${decliners.join(', ')}) and why (${declineReasons.join(', ')}). The household returns to the pool and is ` +
      "never proposed this vacancy again; the policy decides any further consequence of a household's decline per vacancy type " +
      '(for an ÖBO priority flat by default: the priority ends). The vacancy is re-matched at once by a follow-up round (`rematchRound`).',
    roles: staff,
    audit: '`offer.decline`',
    object: 'offer',
    params: idParams,
    conflict: answerConflict,
    body: declineBody,
    responses: {
      200: { description: 'The answered offer and the follow-up round', schema: declineOutcomeView },
    },
    example: { body: { declinedBy: 'household', reason: 'location' } },
    handle: async ({ c, params, body, transact }) => {
      const value = orProblem(
        await transact((ctx) => {
          const r = declineOffer({ ctx, input: { id: params.id, ...body } })
          if (!r.ok) return r
          const withheld = placeWithheldFrom(ctx.db, ctx.principal, [r.value.offer.applicantId]).size > 0
          return {
            ok: true as const,
            value: {
              offer: offerViewOf(r.value.offer, withheld),
              rematchRound: r.value.rematchRound
                ? roundViewOf({ round: r.value.rematchRound, counts: noCounts })
                : null,
            },
          }
        }),
      )
      return json(c, 200, value)
    },
  }),
]

export const placementRoutes: AnyRoute[] = [
  route({
    operationId: 'listPlacements',
    method: 'GET',
    path: '/v1/placements',
    tag: 'placements',
    summary: 'List placements',
    description: 'Newest first. A caseworker sees its own caseloads. `limit` 1–200 (default 50).',
    roles: staff,
    audit: '`placement.list`, naming every household shown',
    query: z.strictObject(page),
    responses: { 200: { description: 'One page', schema: placementPageView } },
    handle: async ({ c, query, transact }) => {
      const body = orProblem(
        await transact((ctx) =>
          mapResult(listPlacements({ ctx, input: query }), (page) => pageBody(ctx, page, placementViewOf)),
        ),
      )
      return json(c, 200, body)
    },
  }),
  route({
    operationId: 'getPlacement',
    method: 'GET',
    path: '/v1/placements/:id',
    tag: 'placements',
    summary: 'Read a placement',
    description: 'The placement: offer, decision, contract form, start date and who recorded it.',
    roles: staff,
    audit: '`placement.read`',
    object: 'placement',
    params: idParams,
    responses: { 200: { description: 'The placement', schema: placementView } },
    handle: async ({ c, params, transact }) => {
      const body = orProblem(
        await transact((ctx) =>
          mapResult(getPlacement({ ctx, input: params }), (row) =>
            placementViewOf(row, withholds(ctx, [row.applicantId])(row.applicantId)),
          ),
        ),
      )
      return json(c, 200, body)
    },
  }),
  route({
    operationId: 'takeOverPlacement',
    method: 'POST',
    path: '/v1/placements/:id/take-over',
    tag: 'placements',
    summary: 'Record that the household took over its contract',
    description:
      'Övertagande: the household takes over the sublet it lives in (a social contract, a training or trial flat) as its own ' +
      'first-hand lease, from `on` (default today), and stays where it lives; the placement then shows `tenure: first_hand` and ' +
      '`takenOverOn`. Recorded once, by a named person, on an active placement, on or after its start; otherwise 409.',
    roles: staff,
    audit: '`placement.take_over`',
    object: 'placement',
    params: idParams,
    conflict:
      'The placement is not a sublet, has ended or was already taken over, the day is before it started, or the token names no person',
    body: takeOverBody,
    responses: { 200: { description: 'The placement, taken over', schema: placementView } },
    example: { body: {} },
    handle: async ({ c, params, body, transact }) => {
      const value = orProblem(
        await transact((ctx) =>
          mapResult(takeOverPlacement({ ctx, input: { id: params.id, ...body } }), (row) =>
            placementViewOf(row, withholds(ctx, [row.applicantId])(row.applicantId)),
          ),
        ),
      )
      return json(c, 200, value)
    },
  }),
  route({
    operationId: 'endPlacement',
    method: 'POST',
    path: '/v1/placements/:id/end',
    tag: 'placements',
    summary: 'Record that a placement ended',
    description:
      `Why (${recordedEndReasons.join(', ')}: a home of its own, eviction, leaving without a home, death) and the household's ` +
      'last day in the flat (`on`, default today); the placement then shows `endedOn` and `endReason`. A move to another ' +
      'placement ends the old one by itself (`moved`, on accepting the new offer). Recorded once, by a named person, on an ' +
      'active placement, not before it started nor before its take-over; otherwise 409. The flat stays `let` until it is ' +
      'returned (`POST /v1/vacancies/{id}/return`), the household `housed` until its case is reopened ' +
      '(`POST /v1/applicants/{id}/reopen`, after an eviction or leaving).',
    roles: staff,
    audit: "`placement.end`, `placement.end_denied` outside the caller's caseloads",
    object: 'placement',
    params: idParams,
    conflict:
      'The placement has ended already, the day is before it started or before its take-over, or the token names no person',
    body: endBody,
    rules: [endDatesRule],
    responses: { 200: { description: 'The placement, ended', schema: placementView } },
    example: { body: { reason: 'evicted' } },
    handle: async ({ c, params, body, transact }) => {
      const value = orProblem(
        await transact((ctx) =>
          mapResult(recordPlacementEnd({ ctx, input: { id: params.id, ...body } }), (row) =>
            placementViewOf(row, withholds(ctx, [row.applicantId])(row.applicantId)),
          ),
        ),
      )
      return json(c, 200, value)
    },
  }),
]
