/**
 * ÖBO's answer to a nomination, from its signed webhook (the route has
 * checked the signature): a contract signed, a no, or no answer from the
 * household. Each is recorded exactly as staff would record it, through the
 * same service functions (`acceptFoundOffer`, `declineFoundOffer`,
 * `closeFoundOfferUnanswered`): a placement, or the household back in the
 * pool with the policy's consequence and the flat re-matched. ÖBO's "no" is a
 * decline by the landlord unless ÖBO says the household declined.
 *
 * Every delivery id is kept in the inbox in the same transaction, so a
 * replayed delivery finds it and has no second effect.
 */
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { writeTransaction } from '../../../db/client.ts'
import { oboInbox, oboOutbox, offers } from '../../../db/schema.ts'
import type { Principal } from '../../domain/roles.ts'
import { declineReasons, decliners } from '../../domain/round-lifecycle.ts'
import { entityId, isoDate, notBlank } from '../../domain/schema-parts.ts'
import { err, fieldIssues, ok } from '../../domain/validation.ts'
import { outcomeKinds } from '../../integrations/obo/vocabulary.ts'
import { invalid, notFound, nowOf, type ServiceCall, type ServiceResult } from '../context.ts'
import { acceptFoundOffer, closeFoundOfferUnanswered, declineFoundOffer } from '../offers/answer-offer.ts'

/** Who records ÖBO's outcomes in the audit trail and on the offer: ÖBO, through its signed webhook. */
export const oboWebhookPrincipal: Principal = {
  tokenId: 'obo-webhook',
  role: 'obo',
  caseloads: [],
  person: 'ÖBO (signerat utfall)',
}

export const outcomeEvent = 'nomination.outcome'

export const outcomeSchema = z.strictObject({
  type: z.literal(outcomeEvent, { error: `must be ${outcomeEvent}` }),
  timestamp: z.string().max(40).optional(),
  data: z
    .strictObject({
      nominationId: entityId,
      outcome: z.enum(outcomeKinds, { error: `must be one of ${outcomeKinds.join(', ')}` }),
      /** For `declined`: who said no (default the landlord, ÖBO). */
      declinedBy: z.enum(decliners, { error: `must be one of ${decliners.join(', ')}` }).optional(),
      reason: z.enum(declineReasons, { error: `must be one of ${declineReasons.join(', ')}` }).optional(),
      note: z.string().trim().regex(notBlank, { error: 'must not be empty' }).max(2000).optional(),
      /** For `contract_signed`: the day the tenancy starts (default: as staff's accept would). */
      contractStart: isoDate.optional(),
    })
    .refine((d) => d.outcome === 'declined' || (d.declinedBy === undefined && d.reason === undefined), {
      error: 'declinedBy and reason belong to a declined outcome only',
      path: ['reason'],
    })
    .refine((d) => d.outcome === 'contract_signed' || d.contractStart === undefined, {
      error: 'contractStart belongs to a contract_signed outcome only',
      path: ['contractStart'],
    }),
})
export type OutcomeDelivery = z.output<typeof outcomeSchema>

export interface OutcomeAnswer {
  deliveryId: string
  /** false for a replay, or for an outcome about an offer already answered otherwise. */
  applied: boolean
  replayed: boolean
  /** What the delivery did, in words without personal data. */
  result: string
}

/**
 * @example
 * recordOutcome({ ctx, input: { deliveryId: 'msg_…', payload: { type: 'nomination.outcome', data: { nominationId, outcome: 'contract_signed' } } } })
 */
export function recordOutcome({
  ctx,
  input,
}: ServiceCall<{ deliveryId: string; payload: unknown }>): ServiceResult<OutcomeAnswer> {
  const parsed = outcomeSchema.safeParse(input.payload)
  if (!parsed.success) return invalid(fieldIssues(parsed.error, input.payload))
  const d = parsed.data.data
  return writeTransaction(ctx.db, (tx): ServiceResult<OutcomeAnswer> => {
    const seen = tx.select().from(oboInbox).where(eq(oboInbox.deliveryId, input.deliveryId)).get()
    if (seen !== undefined) {
      return ok({ deliveryId: input.deliveryId, applied: false, replayed: true, result: seen.result })
    }
    const nominated = tx
      .select({ id: oboOutbox.id })
      .from(oboOutbox)
      .where(eq(oboOutbox.offerId, d.nominationId))
      .get()
    const offer = tx.select().from(offers).where(eq(offers.id, d.nominationId)).get()
    if (nominated === undefined || offer === undefined) return notFound('nomination')
    const answered =
      d.outcome === 'contract_signed'
        ? acceptFoundOffer(tx, ctx, offer, {
            contractForm: 'first_hand',
            ...(d.contractStart === undefined ? {} : { startDate: d.contractStart }),
          })
        : d.outcome === 'declined'
          ? declineFoundOffer(tx, ctx, offer, {
              declinedBy: d.declinedBy ?? 'landlord',
              reason:
                d.reason ?? ((d.declinedBy ?? 'landlord') === 'landlord' ? 'landlord_refused' : 'other'),
              note: d.note,
            })
          : closeFoundOfferUnanswered(tx, ctx, offer)
    let result: string
    let applied: boolean
    if (answered.ok) {
      applied = true
      result = `applied: offer ${answered.value.offer.status}`
    } else if (answered.error.code === 'CONFLICT' && offer.status !== 'open') {
      // Staff (or an earlier outcome) answered it already: recorded, not applied, and ÖBO need not retry.
      applied = false
      result = `not applied: the offer was already ${offer.status}`
    } else return err(answered.error)
    tx.insert(oboInbox)
      .values({
        deliveryId: input.deliveryId,
        outcome: d.outcome,
        offerId: offer.id,
        result,
        receivedAt: nowOf(ctx).toISOString(),
      })
      .run()
    return ok({ deliveryId: input.deliveryId, applied, replayed: false, result })
  })
}
