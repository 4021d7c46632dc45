/**
 * The worker's daily duty for the follow-up: store the day's counts per situation once, so the
 * map can be followed over months (`trend` report). Idempotent: a day already stored is left as
 * it is, so running it every minute costs one primary-key lookup.
 */
import { eq } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { followUpSnapshots } from '../../../db/schema.ts'
import { dailyCounts } from '../../domain/follow-up/reports.ts'
import { loadFollowUp } from './load.ts'

/** Stores `day`'s counts unless they are stored already; true when it wrote them. */
export function recordDailyCounts(db: Executor, day: string, now = new Date()): boolean {
  if (
    db
      .select({ day: followUpSnapshots.day })
      .from(followUpSnapshots)
      .where(eq(followUpSnapshots.day, day))
      .get()
  )
    return false
  const counts = dailyCounts(loadFollowUp(db), day)
  return writeTransaction(db, (tx) => {
    const written = tx
      .insert(followUpSnapshots)
      .values({ day, counts, createdAt: now.toISOString() })
      .onConflictDoNothing()
      .run()
    return written.changes === 1
  })
}
