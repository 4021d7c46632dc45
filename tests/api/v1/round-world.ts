/**
 * Rounds, proposals, offers and placements made fresh in a v1 test world,
 * through the services and an in-process worker, so route tests can act on
 * objects in a known state (a pending proposal, an open offer …).
 */
import { and, eq } from 'drizzle-orm'
import { getPolicy, insertPolicy } from '../../../db/repo/policies.ts'
import { offers, proposals } from '../../../db/schema.ts'
import { defaultPolicy } from '../../../src/domain/policy.ts'
import type { RecordedEndReason } from '../../../src/domain/round-lifecycle.ts'
import { acceptOffer } from '../../../src/services/offers/answer-offer.ts'
import { recordPlacementEnd } from '../../../src/services/offers/placement-pathway.ts'
import { createRound } from '../../../src/services/rounds/create-round.ts'
import { approveProposal } from '../../../src/services/rounds/decide-proposal.ts'
import { contextFor, drainWorker } from '../../support/rounds.ts'
import type { V1World } from './support.ts'

let key = 0

const freshPolicy = { ...defaultPolicy, id: 'fresh-rounds', version: 1, name: 'Fresh rounds for route tests' }

export interface FreshRound {
  roundId: string
  proposalId: string
  applicantId: string
  /** A household of the pool left without a proposal (an override may choose it). */
  spareApplicantId: string
  /** The stored policy version the round was solved under. */
  policy: { id: string; version: number }
}

/**
 * Seeds two new households in `caseload` and one vacancy, runs a round and
 * returns its pending proposal for the first. Each new first household has a
 * lower lottery number than every earlier one, so among equal scores it wins
 * the tie even against households of earlier fresh rounds that are back in
 * the pool (after a decline or an override); the spare loses every tie.
 */
export async function freshRound(world: V1World, caseload: string): Promise<FreshRound> {
  // Follow-up rounds an earlier decline queued run first, so they do not take the new households.
  await drainWorker(world.t)
  const a = world.seedApplicant({ caseload, lotteryNumber: 1_000_000 - ++key })
  const spare = world.seedApplicant({ caseload, lotteryNumber: 2 ** 31 - 1 })
  world.seedVacancy({ landlord: 'municipality', type: 'social_contract' })
  const ctx = contextFor(world.t, 'allocator', { person: 'Karin Lind' })
  // The round runs under the default policy's figures whatever policy a test has made active (a
  // generated one may ask for quotas nothing can meet).
  if (getPolicy(world.t.db, freshPolicy.id, freshPolicy.version) === undefined)
    insertPolicy(world.t.db, freshPolicy)
  const made = createRound({
    ctx,
    input: {
      idempotencyKey: `fresh-${key}`,
      body: { asOf: '2026-12-07', policy: { id: freshPolicy.id, version: freshPolicy.version } },
    },
  })
  if (!made.ok) throw new Error(`freshRound: ${made.error.code}`)
  await drainWorker(world.t)
  const proposal = world.t.db
    .select()
    .from(proposals)
    .where(and(eq(proposals.roundId, made.value.round.id), eq(proposals.applicantId, a.id)))
    .get()
  if (proposal === undefined) throw new Error('freshRound: the new household was not proposed')
  return {
    roundId: made.value.round.id,
    proposalId: proposal.id,
    applicantId: a.id,
    spareApplicantId: spare.id,
    policy: { id: freshPolicy.id, version: freshPolicy.version },
  }
}

/** An open offer to a new household in `caseload`. */
export async function freshOffer(
  world: V1World,
  caseload: string,
): Promise<{ offerId: string; applicantId: string }> {
  const r = await freshRound(world, caseload)
  const ctx = contextFor(world.t, 'allocator', { person: 'Karin Lind' })
  const approved = approveProposal({ ctx, input: { roundId: r.roundId, proposalId: r.proposalId } })
  if (!approved.ok || approved.value.offer === undefined) throw new Error('freshOffer: not approved')
  return { offerId: approved.value.offer.id, applicantId: r.applicantId }
}

/** A placement of a new household in `caseload`. */
export async function freshPlacement(
  world: V1World,
  caseload: string,
): Promise<{ placementId: string; applicantId: string }> {
  const o = await freshOffer(world, caseload)
  const ctx = contextFor(world.t, 'allocator', { person: 'Karin Lind' })
  const accepted = acceptOffer({ ctx, input: { id: o.offerId } })
  if (!accepted.ok) throw new Error('freshPlacement: not accepted')
  return { placementId: accepted.value.placement.id, applicantId: o.applicantId }
}

/** A placement of a new household in `caseload` that ended today for `reason`: its flat is let, its household housed. */
export async function freshEndedPlacement(
  world: V1World,
  caseload: string,
  reason: RecordedEndReason = 'evicted',
): Promise<{ placementId: string; applicantId: string; vacancyId: string }> {
  const o = await freshOffer(world, caseload)
  const ctx = contextFor(world.t, 'allocator', { person: 'Karin Lind' })
  const accepted = acceptOffer({ ctx, input: { id: o.offerId } })
  if (!accepted.ok) throw new Error('freshEndedPlacement: not accepted')
  const { placement } = accepted.value
  const ended = recordPlacementEnd({ ctx, input: { id: placement.id, reason } })
  if (!ended.ok) throw new Error(`freshEndedPlacement: not ended: ${ended.error.detail}`)
  return { placementId: placement.id, applicantId: o.applicantId, vacancyId: placement.vacancyId }
}

export function openOffers(world: V1World): number {
  return world.t.db.select().from(offers).where(eq(offers.status, 'open')).all().length
}
