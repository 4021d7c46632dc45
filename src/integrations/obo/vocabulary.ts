/**
 * The words of the ÖBO exchange, as `as const` arrays shared by zod, drizzle
 * (CHECK constraints) and the delivery lifecycle.
 */

/**
 * ÖBO's grounds for a priority (förtur) decision, as a category only. The
 * category stays in hemvist (it can hint at health or violence) and is never
 * sent back out in a nomination or an export.
 */
export const priorityGrounds = ['social', 'medical', 'threat_or_violence', 'other'] as const
export type PriorityGrounds = (typeof priorityGrounds)[number]

/** A priority decision is approved until a decline, an unanswered offer or ÖBO itself ends it. */
export const priorityStatuses = ['approved', 'ended'] as const
export type PriorityStatus = (typeof priorityStatuses)[number]

export const priorityEndReasons = ['declined_offer', 'no_answer', 'ended_by_obo', 'housed'] as const
export type PriorityEndReason = (typeof priorityEndReasons)[number]

/** The states of one delivery in the outbox (src/integrations/obo/delivery-lifecycle.ts). */
export const deliveryStatuses = ['pending', 'delivered', 'dead'] as const
export type DeliveryStatus = (typeof deliveryStatuses)[number]

/** What ÖBO answers about a nomination. */
export const outcomeKinds = ['contract_signed', 'declined', 'no_answer'] as const
export type OutcomeKind = (typeof outcomeKinds)[number]
