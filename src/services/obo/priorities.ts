/**
 * ÖBO priority decisions in the database: the one approved decision a
 * household may hold, copied onto the household (`oboPriority`) so that a
 * round's snapshot carries it to the engine, and ended when it is used up.
 */
import { and, eq } from 'drizzle-orm'
import type { Executor } from '../../../db/client.ts'
import { oboPriorityDecisions } from '../../../db/schema.ts'
import type { PriorityEndReason } from '../../integrations/obo/vocabulary.ts'
import { mustApplicant, writeApplicantAsSystem } from '../rounds/store.ts'

export type PriorityRow = typeof oboPriorityDecisions.$inferSelect

/** The household's approved priority decision, if any. */
export function approvedPriorityOf(tx: Executor, applicantId: string): PriorityRow | undefined {
  return tx
    .select()
    .from(oboPriorityDecisions)
    .where(
      and(eq(oboPriorityDecisions.applicantId, applicantId), eq(oboPriorityDecisions.status, 'approved')),
    )
    .get()
}

/**
 * Ends the household's approved priority (a decline, no answer, a placement
 * or ÖBO's own end) and takes it off the household. Returns whether there was
 * one. Call inside the write transaction of what ends it.
 *
 * @example
 * endPriority(tx, offer.applicantId, 'declined_offer', '2026-12-02')
 */
export function endPriority(
  tx: Executor,
  applicantId: string,
  reason: PriorityEndReason,
  day: string,
): boolean {
  const ended = tx
    .update(oboPriorityDecisions)
    .set({ status: 'ended', endedOn: day, endReason: reason, updatedAt: new Date().toISOString() })
    .where(
      and(eq(oboPriorityDecisions.applicantId, applicantId), eq(oboPriorityDecisions.status, 'approved')),
    )
    .run().changes
  const stored = mustApplicant(tx, applicantId)
  if (stored.applicant.oboPriority !== undefined) {
    const { oboPriority: _, ...rest } = stored.applicant
    writeApplicantAsSystem(tx, stored, rest)
  }
  return ended > 0
}
