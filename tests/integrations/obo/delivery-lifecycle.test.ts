import { describe, expect, it } from 'vitest'
import {
  afterAttempt,
  backoffMs,
  claim,
  type DeliveryRow,
  isDue,
  defaultDeliveryPolicy as policy,
  resend,
} from '../../../src/integrations/obo/delivery-lifecycle.ts'

const now = 1_796_300_100_000
const pending: DeliveryRow = { status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null }

describe('the ÖBO delivery lifecycle (rules N2–N8)', () => {
  it('N2: a pending row is due once its time has come and no live lease holds it; a claim counts the attempt and takes a lease', () => {
    expect(isDue(pending, now)).toBe(true)
    expect(isDue({ ...pending, nextAttemptAt: now + 1 }, now)).toBe(false)
    const claimed = claim(pending, now, policy)
    expect(claimed).toEqual({ ...pending, attempts: 1, lockedUntil: now + policy.leaseMs })
    expect(isDue(claimed, now + policy.leaseMs - 1)).toBe(false)
    expect(isDue({ ...pending, status: 'delivered' }, now)).toBe(false)
    expect(isDue({ ...pending, status: 'dead' }, now)).toBe(false)
  })

  it('N3: a 2xx answer delivers it', () => {
    for (const status of [200, 202, 204]) {
      expect(
        afterAttempt(claim(pending, now, policy), { kind: 'answered', status }, now, policy),
      ).toMatchObject({
        status: 'delivered',
        lockedUntil: null,
        delivered: true,
      })
    }
  })

  it('N4: a timeout, network error, redirect, 408, 429, 5xx or an answer too large is retried after a doubling backoff, capped', () => {
    const claimed = claim(pending, now, policy)
    for (const result of [
      { kind: 'failed', reason: 'timeout' },
      { kind: 'failed', reason: 'network' },
      { kind: 'failed', reason: 'too_large' },
      { kind: 'answered', status: 301 },
      { kind: 'answered', status: 408 },
      { kind: 'answered', status: 429 },
      { kind: 'answered', status: 503 },
    ] as const) {
      expect(afterAttempt(claimed, result, now, policy)).toMatchObject({
        status: 'pending',
        nextAttemptAt: now + policy.baseMs,
        lockedUntil: null,
      })
    }
    expect(afterAttempt(claimed, { kind: 'answered', status: 302 }, now, policy).lastError).toBe(
      'HTTP 302 (a redirect: not followed)',
    )
    expect([1, 2, 3, 4].map((n) => backoffMs(n, policy))).toEqual([10_000, 20_000, 40_000, 80_000])
    expect(backoffMs(30, policy)).toBe(policy.capMs)
  })

  it('N5: another 4xx, or the last attempt failing, makes it dead with last_error', () => {
    const claimed = claim(pending, now, policy)
    expect(afterAttempt(claimed, { kind: 'answered', status: 400 }, now, policy)).toMatchObject({
      status: 'dead',
      lastError: 'HTTP 400',
    })
    const last = { ...claimed, attempts: policy.maxAttempts }
    expect(afterAttempt(last, { kind: 'answered', status: 500 }, now, policy)).toMatchObject({
      status: 'dead',
      lastError: 'HTTP 500',
    })
  })

  it('N6: a lease left by a dead relay expires and the row is due again, its attempt count kept', () => {
    const claimed = claim(pending, now, policy)
    expect(isDue(claimed, now + policy.leaseMs)).toBe(true)
    expect(claim(claimed, now + policy.leaseMs, policy).attempts).toBe(2)
  })

  it('N8: only a dead row can be sent again, and only while its offer is open; it is then pending, due now, attempts from 0', () => {
    const dead: DeliveryRow = { status: 'dead', attempts: 12, nextAttemptAt: now - 5, lockedUntil: null }
    expect(resend(dead, 'open', now)).toEqual({
      ok: true,
      row: { status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null },
    })
    for (const offer of ['accepted', 'declined', 'no_answer'])
      expect(resend(dead, offer, now)).toEqual({ ok: false, refusal: 'offer_closed' })
    for (const status of ['pending', 'delivered'] as const)
      expect(resend({ ...dead, status }, 'open', now)).toEqual({ ok: false, refusal: 'not_dead' })
  })
})
