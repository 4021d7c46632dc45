/**
 * The relay: takes due nominations from the outbox and delivers them to ÖBO,
 * following the delivery lifecycle (src/integrations/obo/delivery-lifecycle.ts,
 * rules N2–N7). A claim and a result are each a short write transaction; the
 * HTTP attempt runs between them, outside any transaction, so the write lock
 * is never held across the network. Runs in the worker (`npm start`,
 * `hemvist worker`) or alone (`hemvist obo relay`), on its own connection.
 */
import { and, asc, eq, isNull, lte, or } from 'drizzle-orm'
import { type Executor, writeTransaction } from '../../../db/client.ts'
import { oboOutbox } from '../../../db/schema.ts'
import {
  type AttemptResult,
  afterAttempt,
  claim,
  type DeliveryPolicy,
  defaultDeliveryPolicy,
  isDue,
} from '../../integrations/obo/delivery-lifecycle.ts'
import type { Logger } from '../../logging.ts'

export type OutboxRow = typeof oboOutbox.$inferSelect

/** A claimed attempt: the row's id, body and the attempt number that fences its result (N7). */
export interface Claimed {
  id: string
  payload: string
  attempt: number
}

/** Rule N2: claims the oldest due row, if any. */
export function claimDue(db: Executor, now: number, policy = defaultDeliveryPolicy): Claimed | undefined {
  return writeTransaction(db, (tx) => {
    const row = tx
      .select()
      .from(oboOutbox)
      .where(
        and(
          eq(oboOutbox.status, 'pending'),
          lte(oboOutbox.nextAttemptAt, now),
          or(isNull(oboOutbox.lockedUntil), lte(oboOutbox.lockedUntil, now)),
        ),
      )
      .orderBy(asc(oboOutbox.nextAttemptAt), asc(oboOutbox.id))
      .limit(1)
      .get()
    if (row === undefined || !isDue(row, now)) return undefined
    const claimed = claim(row, now, policy)
    tx.update(oboOutbox)
      .set({ attempts: claimed.attempts, lockedUntil: claimed.lockedUntil })
      .where(and(eq(oboOutbox.id, row.id), eq(oboOutbox.attempts, row.attempts)))
      .run()
    return { id: row.id, payload: row.payload, attempt: claimed.attempts }
  })
}

/** Rules N3–N5, N7: writes an attempt's result if the row still holds that attempt's claim. */
export function recordAttempt(
  db: Executor,
  claimed: Claimed,
  result: AttemptResult,
  now: number,
  policy = defaultDeliveryPolicy,
): OutboxRow['status'] | 'stale' {
  return writeTransaction(db, (tx) => {
    const row = tx
      .select()
      .from(oboOutbox)
      .where(
        and(
          eq(oboOutbox.id, claimed.id),
          eq(oboOutbox.attempts, claimed.attempt),
          eq(oboOutbox.status, 'pending'),
        ),
      )
      .get()
    if (row === undefined) return 'stale'
    const next = afterAttempt(row, result, now, policy)
    tx.update(oboOutbox)
      .set({
        status: next.status,
        nextAttemptAt: next.nextAttemptAt,
        lockedUntil: null,
        lastError: next.lastError,
        ...(next.delivered ? { deliveredAt: new Date(now).toISOString() } : {}),
      })
      .where(and(eq(oboOutbox.id, claimed.id), eq(oboOutbox.attempts, claimed.attempt)))
      .run()
    return next.status
  })
}

export interface RelayOptions {
  db: Executor
  logger: Logger
  /** One attempt: POST the body under the delivery id, signed. */
  send: (id: string, body: string) => Promise<AttemptResult>
  pollMs: number
  policy?: DeliveryPolicy
  now?: () => number
}

export interface Relay {
  /** Delivers due rows until none is due (or `max` attempts); returns how many attempts it made. */
  drain(max?: number): Promise<number>
  start(): void
  /** Stops polling and waits for the attempt in flight, if any. */
  stop(): Promise<void>
}

/**
 * @example
 * const relay = createRelay({ db, logger, pollMs: 1000, send: (id, body) => deliver({ url, key }, id, body) })
 * relay.start()
 */
export function createRelay(options: RelayOptions): Relay {
  const policy = options.policy ?? defaultDeliveryPolicy
  const now = options.now ?? Date.now
  let timer: NodeJS.Timeout | undefined
  let running: Promise<number> | undefined
  let stopped = false

  async function drain(max = 100): Promise<number> {
    let attempts = 0
    while (attempts < max && !stopped) {
      const claimed = claimDue(options.db, now(), policy)
      if (claimed === undefined) break
      attempts++
      const result = await options.send(claimed.id, claimed.payload)
      const status = recordAttempt(options.db, claimed, result, now(), policy)
      const level = status === 'delivered' ? 'info' : status === 'dead' ? 'error' : 'warn'
      options.logger[level]({
        msg: 'ÖBO nomination attempt',
        deliveryId: claimed.id,
        attempt: claimed.attempt,
        status,
        ...(result.kind === 'answered' ? { httpStatus: result.status } : { reason: result.reason }),
      })
    }
    return attempts
  }

  const tick = () => {
    if (running !== undefined || stopped) return
    running = drain()
      .catch((error: unknown) => {
        options.logger.warn({ msg: 'ÖBO relay pass failed', err: error })
        return 0
      })
      .finally(() => {
        running = undefined
      })
  }

  return {
    drain,
    start() {
      stopped = false
      tick()
      timer = setInterval(tick, options.pollMs)
    },
    async stop() {
      stopped = true
      if (timer !== undefined) clearInterval(timer)
      await running
    },
  }
}
