/**
 * Sends a dead nomination again (rule N8 of the delivery lifecycle,
 * `src/integrations/obo/delivery-lifecycle.ts`): once staff have mended what
 * made ÖBO refuse it (a wrong URL, a secret rotated on one side only, ÖBO's
 * endpoint down for longer than the retries lasted), the nomination becomes
 * pending again under the same delivery id and body, so ÖBO still sees one
 * nomination. Audited as `obo.nomination.resend`.
 */
import { eq } from 'drizzle-orm'
import { writeTransaction } from '../../../db/client.ts'
import { oboOutbox, offers } from '../../../db/schema.ts'
import { err, ok } from '../../domain/validation.ts'
import { resend } from '../../integrations/obo/delivery-lifecycle.ts'
import { appendAudit } from '../audit.ts'
import { notFound, nowOf, type ServiceCall, type ServiceResult } from '../context.ts'

export interface Resent {
  readonly nominationId: string
  readonly offerId: string
}

export function resendNomination({
  ctx,
  input,
}: ServiceCall<{ nominationId: string }>): ServiceResult<Resent> {
  const now = nowOf(ctx)
  return writeTransaction(ctx.db, (tx): ServiceResult<Resent> => {
    const row = tx.select().from(oboOutbox).where(eq(oboOutbox.id, input.nominationId)).get()
    if (row === undefined) return notFound('nomination')
    const offer = tx.select({ status: offers.status }).from(offers).where(eq(offers.id, row.offerId)).get()
    const next = resend(row, offer?.status ?? 'missing', now.getTime())
    if (!next.ok) {
      return err({
        code: 'CONFLICT',
        detail:
          next.refusal === 'not_dead'
            ? `The nomination is ${row.status}; only a dead nomination can be sent again.`
            : `Its offer is ${offer?.status ?? 'gone'}; a nomination is sent again only while its offer is open.`,
      })
    }
    tx.update(oboOutbox)
      .set({
        status: next.row.status,
        attempts: next.row.attempts,
        nextAttemptAt: next.row.nextAttemptAt,
        lockedUntil: next.row.lockedUntil,
      })
      .where(eq(oboOutbox.id, row.id))
      .run()
    appendAudit(
      tx,
      {
        principal: ctx.principal,
        action: 'obo.nomination.resend',
        objectType: 'obo_nomination',
        objectId: row.id,
        requestId: ctx.requestId,
      },
      now,
    )
    return ok({ nominationId: row.id, offerId: row.offerId })
  })
}
