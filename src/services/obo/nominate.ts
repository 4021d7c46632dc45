/**
 * Puts a nomination in the ÖBO outbox, inside the transaction that makes the
 * offer on an ÖBO priority flat (rule N1): the decision, the offer and the
 * nomination commit together or not at all, so no approved offer is left
 * without its nomination and no nomination goes out for a decision that
 * rolled back. The relay delivers it later.
 */
import { and, eq, inArray, ne } from 'drizzle-orm'
import type { Executor } from '../../../db/client.ts'
import { applicants, oboOutbox, offers, proposals } from '../../../db/schema.ts'
import type { Applicant } from '../../domain/applicant.ts'
import { roundInputSchema } from '../../domain/round.ts'
import type { Vacancy } from '../../domain/vacancy.ts'
import { buildNomination, nominationEvent, rankAlternates } from '../../integrations/obo/nomination.ts'
import { newId } from '../context.ts'
import { mustApplicant, type OfferRow, type RoundRow } from '../rounds/store.ts'

/** The delivery id of a new outbox row: `msg_` and a UUIDv7, as Standard Webhooks writes ids. */
export function deliveryId(now: Date): string {
  return `msg_${newId(now).replaceAll('-', '')}`
}

/**
 * Households the nomination must not name as alternates: the nominee, every
 * household this round proposed or offered something (not only rejected),
 * every household with an open offer anywhere, and every one no longer active.
 */
function unavailable(
  tx: Executor,
  round: RoundRow,
  candidates: readonly Applicant[],
  nominee: string,
): Set<string> {
  const out = new Set<string>([nominee])
  for (const p of tx
    .select({ id: proposals.applicantId })
    .from(proposals)
    .where(and(eq(proposals.roundId, round.id), ne(proposals.status, 'rejected')))
    .all())
    out.add(p.id)
  const ids = candidates.map((a) => a.id)
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    for (const o of tx
      .select({ id: offers.applicantId })
      .from(offers)
      .where(and(eq(offers.status, 'open'), inArray(offers.applicantId, chunk)))
      .all())
      out.add(o.id)
    for (const a of tx
      .select({ id: applicants.id, status: applicants.status })
      .from(applicants)
      .where(inArray(applicants.id, chunk))
      .all())
      if (a.status !== 'active') out.add(a.id)
  }
  return out
}

/**
 * Writes the nomination for `offer` (an ÖBO priority flat) to the outbox.
 *
 * @example
 * enqueueNomination(tx, { round, offer, vacancy, decidedBy: 'Anna Allokerare', now })
 */
export function enqueueNomination(
  tx: Executor,
  input: { round: RoundRow; offer: OfferRow; vacancy: Vacancy; decidedBy: string; now: Date },
): void {
  const { round, offer, vacancy, now } = input
  const household = mustApplicant(tx, offer.applicantId).applicant
  let alternates: Applicant[] = []
  if (round.snapshot !== null) {
    const snapshot = roundInputSchema.parse(JSON.parse(round.snapshot))
    const exclude = unavailable(tx, round, snapshot.applicants, offer.applicantId)
    const byId = new Map(snapshot.applicants.map((a) => [a.id, a]))
    // Ranked on the round's snapshot (what the round saw), named with each household's size then.
    alternates = rankAlternates(snapshot, offer.vacancyId, exclude).flatMap((id) => byId.get(id) ?? [])
  }
  const nomination = buildNomination({
    offer,
    objectNo: vacancy.externalRef ?? vacancy.id,
    household,
    caseload: offer.caseload,
    decidedBy: input.decidedBy,
    alternates,
  })
  tx.insert(oboOutbox)
    .values({
      id: deliveryId(now),
      offerId: offer.id,
      event: nominationEvent,
      payload: JSON.stringify(nomination),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now.getTime(),
      createdAt: now.toISOString(),
    })
    .run()
}
