/**
 * The lifecycle of one delivery in the ÖBO outbox: one state machine, its
 * rules beside it, a test per rule in
 * tests/integrations/obo/delivery-lifecycle.test.ts and a paragraph in
 * docs/integrations/obo.md. Pure: the relay asks here what an attempt's
 * result makes of the row, then writes it.
 *
 * ```
 *  offer made ──► pending ──claim (attempt n)──► in flight ──2xx──► delivered
 *                   ▲                               │
 *                   └── retry after backoff ◄───────┤ timeout, network, 3xx, 408, 429, 5xx, answer too large
 *                                                   ├── other 4xx, or attempt n = maxAttempts ──► dead (last_error)
 *                   ▲                               │
 *                   └──── lease expires (the relay died mid-attempt) ┘
 *                   ▲
 *  dead ──resend (staff, offer still open)──┘
 * ```
 *
 * - N1: a nomination is written `pending`, due at once, in the transaction
 *   that makes the offer; one per offer (a unique index), its id the delivery
 *   id and its body fixed then.
 * - N2: a relay claims a due row (pending, next attempt due, no live lease) by
 *   counting the attempt and taking a lease; while the lease lives no other
 *   claim can take it.
 * - N3: a 2xx answer makes it `delivered`, never sent again.
 * - N4: a failure that a retry can mend (timeout, network error, a redirect,
 *   which is never followed, 408, 429, 5xx, an answer larger than the cap) is
 *   due again after backoff: `baseMs · 2^(attempt−1)`, at most `capMs`.
 * - N5: a 4xx other than 408 and 429 (ÖBO refuses this very body) and the
 *   last allowed attempt's failure make it `dead` with `last_error`: staff see
 *   it in `hemvist obo outbox`; the nomination is still in the CSV export.
 * - N6: a relay that dies mid-attempt leaves its lease to expire; the row is
 *   claimed again, sent under the same delivery id with the same body, and
 *   ÖBO's idempotency on the delivery id makes the second arrival the same
 *   nomination (at-least-once delivery, exactly one logical nomination).
 * - N7: an attempt's result is written only if the row still holds that
 *   attempt's claim (the attempt number is the fencing token): a stale relay
 *   changes nothing.
 * - N8: staff may send a `dead` nomination again (`hemvist obo resend ID`),
 *   once what ÖBO refused is mended: it becomes `pending`, due at once, its
 *   attempts counted from 0 again, under the same delivery id with the same
 *   body (so ÖBO still sees one nomination); its last error stays until the
 *   next attempt. Only a dead nomination, and only while its offer is open:
 *   an answered or expired offer has nothing left to nominate.
 */
import type { DeliveryStatus } from './vocabulary.ts'

export interface DeliveryPolicy {
  maxAttempts: number
  baseMs: number
  capMs: number
  /** How long a claim holds a row: longer than one attempt's timeout. */
  leaseMs: number
}

export const defaultDeliveryPolicy: DeliveryPolicy = {
  maxAttempts: 12,
  baseMs: 10_000,
  capMs: 60 * 60_000,
  leaseMs: 60_000,
}

/** What one attempt came to. */
export type AttemptResult =
  | { kind: 'answered'; status: number }
  | { kind: 'failed'; reason: 'timeout' | 'network' | 'too_large' }

export interface DeliveryRow {
  status: DeliveryStatus
  attempts: number
  nextAttemptAt: number
  lockedUntil: number | null
}

/** Rule N2: may a relay claim this row now? */
export function isDue(row: DeliveryRow, now: number): boolean {
  return (
    row.status === 'pending' &&
    row.nextAttemptAt <= now &&
    (row.lockedUntil === null || row.lockedUntil <= now)
  )
}

/** Rule N2: the claim: one more attempt, a lease until `now + leaseMs`. */
export function claim(row: DeliveryRow, now: number, policy: DeliveryPolicy): DeliveryRow {
  return { ...row, attempts: row.attempts + 1, lockedUntil: now + policy.leaseMs }
}

/** Rule N4: the wait before attempt `attempt + 1`. */
export function backoffMs(attempt: number, policy: DeliveryPolicy): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1))
}

/** Words for `last_error`: a status or a reason, never the answer's body. */
export function describeAttempt(result: AttemptResult): string {
  if (result.kind === 'answered') {
    return result.status >= 300 && result.status < 400
      ? `HTTP ${result.status} (a redirect: not followed)`
      : `HTTP ${result.status}`
  }
  return result.reason === 'timeout'
    ? 'no answer within the timeout'
    : result.reason === 'too_large'
      ? 'the answer was larger than allowed'
      : 'network error'
}

/**
 * Rules N3–N5: the row after the attempt that `row` (as claimed) made.
 *
 * @example
 * afterAttempt(claimed, { kind: 'answered', status: 503 }, now, defaultDeliveryPolicy)
 * // { status: 'pending', nextAttemptAt: now + 10_000, lockedUntil: null, lastError: 'HTTP 503' }
 */
export function afterAttempt(
  row: DeliveryRow,
  result: AttemptResult,
  now: number,
  policy: DeliveryPolicy,
): DeliveryRow & { lastError: string | null; delivered: boolean } {
  if (result.kind === 'answered' && result.status >= 200 && result.status < 300) {
    return { ...row, status: 'delivered', lockedUntil: null, lastError: null, delivered: true }
  }
  const lastError = describeAttempt(result)
  const refused =
    result.kind === 'answered' &&
    result.status >= 400 &&
    result.status < 500 &&
    result.status !== 408 &&
    result.status !== 429
  if (refused || row.attempts >= policy.maxAttempts) {
    return { ...row, status: 'dead', lockedUntil: null, lastError, delivered: false }
  }
  return {
    ...row,
    status: 'pending',
    nextAttemptAt: now + backoffMs(row.attempts, policy),
    lockedUntil: null,
    lastError,
    delivered: false,
  }
}

/** Why a nomination cannot be sent again (rule N8). */
export type ResendRefusal = 'not_dead' | 'offer_closed'

/**
 * Rule N8: the row after staff send a dead nomination again, or why not.
 *
 * @example
 * resend({ status: 'dead', attempts: 12, nextAttemptAt: t0, lockedUntil: null }, 'open', now)
 * // { ok: true, row: { status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null } }
 */
export function resend(
  row: DeliveryRow,
  offerStatus: string,
  now: number,
): { ok: true; row: DeliveryRow } | { ok: false; refusal: ResendRefusal } {
  if (row.status !== 'dead') return { ok: false, refusal: 'not_dead' }
  if (offerStatus !== 'open') return { ok: false, refusal: 'offer_closed' }
  return { ok: true, row: { status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null } }
}
