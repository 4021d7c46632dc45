import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { getVacancy } from '../../../db/repo/vacancies.ts'
import {
  auditLog,
  oboInbox,
  oboOutbox,
  oboPriorityDecisions,
  offers,
  placements,
  rounds,
} from '../../../db/schema.ts'
import { deliver } from '../../../src/integrations/obo/deliver.ts'
import { type MockObo, startMockObo } from '../../../src/integrations/obo/mock-server.ts'
import { operator as operatorPrincipal } from '../../../src/main/admin-commands.ts'
import { oboWebhookPrincipal, recordOutcome } from '../../../src/services/obo/record-outcome.ts'
import { claimDue, createRelay, recordAttempt } from '../../../src/services/obo/relay.ts'
import { resendNomination } from '../../../src/services/obo/resend-nomination.ts'
import { logCapture } from '../../api/test-app.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { nominate, seedOboWorld } from './world.ts'

const key = Buffer.from('hemvist-test-secret-of-32-bytes!')

let t: TestDatabase
let obo: MockObo | undefined
beforeEach(() => {
  t = freshDatabase()
  seedOboWorld(t)
})
afterEach(async () => {
  await obo?.close()
  obo = undefined
  t.close()
})

const outcome = (nominationId: string, data: Record<string, unknown>) => ({
  type: 'nomination.outcome',
  data: { nominationId, ...data },
})
const ctx = () => ({ db: t.db, principal: oboWebhookPrincipal, requestId: 'req-obo' })

describe('the relay', () => {
  it('delivers a nomination once, signed, and marks it delivered', async () => {
    obo = await startMockObo({ nominationKey: key })
    const { outbox } = await nominate(t)
    const relay = createRelay({
      db: t.db,
      logger: logCapture().logger,
      pollMs: 50,
      send: (id, body) => deliver({ url: obo?.url ?? '', key }, id, body),
    })
    expect(await relay.drain()).toBe(1)
    expect(await relay.drain()).toBe(0)
    expect(obo.arrivals.map((a) => a.deliveryId)).toEqual([outbox?.id])
    expect(obo.arrivals[0]?.body).toBe(outbox?.payload)
    expect(t.db.select().from(oboOutbox).get()).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastError: null,
    })
  })

  it('retries a 503 under the same delivery id after backoff; a redirect is not followed', async () => {
    let n = 0
    obo = await startMockObo({
      nominationKey: key,
      onArrival: (_a, answer) => {
        n++
        answer(n === 1 ? 503 : n === 2 ? 307 : 204)
      },
    })
    const { outbox } = await nominate(t)
    let now = Date.now()
    const relay = createRelay({
      db: t.db,
      logger: logCapture().logger,
      pollMs: 50,
      now: () => now,
      send: (id, body) => deliver({ url: obo?.url ?? '', key }, id, body),
    })
    expect(await relay.drain()).toBe(1)
    expect(t.db.select().from(oboOutbox).get()).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'HTTP 503',
    })
    expect(await relay.drain()).toBe(0) // not due before the backoff
    now += 10_000
    await relay.drain()
    expect(t.db.select().from(oboOutbox).get()).toMatchObject({
      attempts: 2,
      lastError: 'HTTP 307 (a redirect: not followed)',
    })
    now += 20_000
    await relay.drain()
    expect(t.db.select().from(oboOutbox).get()).toMatchObject({ status: 'delivered', attempts: 3 })
    expect(new Set(obo.arrivals.map((a) => a.deliveryId))).toEqual(new Set([outbox?.id]))
    expect(obo.nominations.size).toBe(1)
  })

  it('times out an answer that never comes, and caps the size of an answer', async () => {
    obo = await startMockObo({ nominationKey: key, onArrival: () => undefined })
    const timedOut = await deliver({ url: obo.url, key, timeoutMs: 200 }, 'msg_x', '{}')
    expect(timedOut).toEqual({ kind: 'failed', reason: 'timeout' })
    await obo.close()
    const { createServer } = await import('node:http')
    const big = createServer((_req, res) => {
      res.writeHead(200)
      res.end(Buffer.alloc(200_000))
    })
    await new Promise<void>((r) => big.listen(0, '127.0.0.1', r))
    const port = (big.address() as { port: number }).port
    expect(
      await deliver({ url: `http://127.0.0.1:${port}/`, key, maxResponseBytes: 1024 }, 'msg_y', '{}'),
    ).toEqual({
      kind: 'failed',
      reason: 'too_large',
    })
    big.close()
    obo = undefined
  })

  it('N7: a stale relay’s result changes nothing', async () => {
    await nominate(t)
    const now = Date.now()
    const first = claimDue(t.db, now)
    if (first === undefined) throw new Error('nothing due')
    // Its lease expires; another relay claims attempt 2 and delivers.
    const second = claimDue(t.db, now + 61_000)
    if (second === undefined) throw new Error('not claimed again')
    expect(recordAttempt(t.db, second, { kind: 'answered', status: 204 }, now + 61_100)).toBe('delivered')
    expect(recordAttempt(t.db, first, { kind: 'answered', status: 500 }, now + 61_200)).toBe('stale')
    expect(t.db.select().from(oboOutbox).get()).toMatchObject({ status: 'delivered', attempts: 2 })
  })
})

describe('sending a dead nomination again (rule N8)', () => {
  const staff = () => ({ db: t.db, principal: operatorPrincipal, requestId: 'req-resend' })

  it('makes a dead nomination pending again under the same delivery id and body, audited; the relay then delivers it once', async () => {
    const { outbox, offerId } = await nominate(t)
    const id = outbox?.id as string
    const now = Date.now()
    const claimed = claimDue(t.db, now)
    if (claimed === undefined) throw new Error('nothing due')
    // ÖBO refuses this very body (a 400): dead at once.
    expect(recordAttempt(t.db, claimed, { kind: 'answered', status: 400 }, now + 10)).toBe('dead')
    expect(resendNomination({ ctx: staff(), input: { nominationId: id } })).toEqual({
      ok: true,
      value: { nominationId: id, offerId },
    })
    expect(t.db.select().from(oboOutbox).get()).toMatchObject({
      id,
      status: 'pending',
      attempts: 0,
      lockedUntil: null,
      payload: outbox?.payload,
    })
    expect(
      t.db.select().from(auditLog).where(eq(auditLog.action, 'obo.nomination.resend')).all(),
    ).toMatchObject([{ objectType: 'obo_nomination', objectId: id, tokenId: 'cli' }])
    obo = await startMockObo({ nominationKey: key })
    const relay = createRelay({
      db: t.db,
      logger: logCapture().logger,
      pollMs: 50,
      send: (deliveryId, body) => deliver({ url: obo?.url ?? '', key }, deliveryId, body),
    })
    expect(await relay.drain()).toBe(1)
    expect(obo.arrivals.map((a) => [a.deliveryId, a.body])).toEqual([[id, outbox?.payload]])
    expect(t.db.select().from(oboOutbox).get()).toMatchObject({ status: 'delivered', attempts: 1 })
  })

  it('refuses a nomination that is not dead, one whose offer is closed, and an unknown id, changing nothing', async () => {
    const { outbox, offerId } = await nominate(t)
    const id = outbox?.id as string
    const before = JSON.stringify(t.db.select().from(oboOutbox).all())
    expect(resendNomination({ ctx: staff(), input: { nominationId: id } })).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        detail: 'The nomination is pending; only a dead nomination can be sent again.',
      },
    })
    expect(resendNomination({ ctx: staff(), input: { nominationId: 'no-such' } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(JSON.stringify(t.db.select().from(oboOutbox).all())).toBe(before)
    // Dead, but ÖBO has since answered the offer (a no): nothing left to nominate.
    t.db.update(oboOutbox).set({ status: 'dead' }).where(eq(oboOutbox.id, id)).run()
    recordOutcome({
      ctx: ctx(),
      input: { deliveryId: 'obo_no', payload: outcome(offerId, { outcome: 'declined', reason: 'other' }) },
    })
    expect(resendNomination({ ctx: staff(), input: { nominationId: id } })).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        detail: 'Its offer is declined; a nomination is sent again only while its offer is open.',
      },
    })
    expect(t.db.select().from(oboOutbox).get()).toMatchObject({ status: 'dead' })
  })
})

describe('ÖBO outcomes', () => {
  it('contract signed: a placement, the household housed, the flat let, the priority used up; a replay changes nothing', async () => {
    const { offerId } = await nominate(t)
    const signed = recordOutcome({
      ctx: ctx(),
      input: {
        deliveryId: 'obo_1',
        payload: outcome(offerId, { outcome: 'contract_signed', contractStart: '2027-01-01' }),
      },
    })
    expect(signed).toMatchObject({ ok: true, value: { applied: true, replayed: false } })
    const snapshot = () =>
      JSON.stringify([
        t.db.select().from(offers).all(),
        t.db.select().from(placements).all(),
        getApplicant(t.db, 'H1'),
        t.db.select().from(oboPriorityDecisions).all(),
      ])
    const before = snapshot()
    expect(t.db.select().from(placements).get()).toMatchObject({
      offerId,
      contractForm: 'first_hand',
      startDate: '2027-01-01',
      recordedByPerson: 'ÖBO (signerat utfall)',
    })
    expect(getApplicant(t.db, 'H1')?.applicant).toMatchObject({ status: 'housed' })
    expect(getApplicant(t.db, 'H1')?.applicant.oboPriority).toBeUndefined()
    expect(getVacancy(t.db, 'V-OBO')?.vacancy.status).toBe('let')
    const replay = recordOutcome({
      ctx: ctx(),
      input: {
        deliveryId: 'obo_1',
        payload: outcome(offerId, { outcome: 'contract_signed', contractStart: '2027-01-01' }),
      },
    })
    expect(replay).toMatchObject({ ok: true, value: { applied: false, replayed: true } })
    expect(snapshot()).toBe(before)
    expect(t.db.select().from(oboInbox).all()).toHaveLength(1)
  })

  it("ÖBO's no is a landlord's decline: the household keeps its priority, the flat is re-matched", async () => {
    const { offerId } = await nominate(t)
    const r = recordOutcome({
      ctx: ctx(),
      input: {
        deliveryId: 'obo_2',
        payload: outcome(offerId, { outcome: 'declined', reason: 'landlord_refused' }),
      },
    })
    expect(r).toMatchObject({ ok: true, value: { applied: true } })
    const offer = t.db.select().from(offers).where(eq(offers.id, offerId)).get()
    expect(offer).toMatchObject({
      status: 'declined',
      declinedBy: 'landlord',
      declineReason: 'landlord_refused',
    })
    expect(getApplicant(t.db, 'H1')?.applicant.oboPriority?.decisionRef).toBe('F-2026-001')
    expect(t.db.select().from(rounds).where(eq(rounds.kind, 'rematch')).all()).toHaveLength(1)
  })

  it('the household declining or not answering ends its priority (the policy’s end_priority)', async () => {
    const { offerId } = await nominate(t)
    recordOutcome({
      ctx: ctx(),
      input: { deliveryId: 'obo_3', payload: outcome(offerId, { outcome: 'no_answer' }) },
    })
    expect(t.db.select().from(offers).where(eq(offers.id, offerId)).get()?.status).toBe('no_answer')
    expect(getApplicant(t.db, 'H1')?.applicant.oboPriority).toBeUndefined()
    expect(
      t.db.select().from(oboPriorityDecisions).where(eq(oboPriorityDecisions.applicantId, 'H1')).get(),
    ).toMatchObject({
      status: 'ended',
      endReason: 'no_answer',
    })
  })

  it('an outcome for an offer staff already answered is kept but not applied; an unknown nomination is NOT_FOUND', async () => {
    const { offerId } = await nominate(t)
    recordOutcome({
      ctx: ctx(),
      input: { deliveryId: 'obo_4', payload: outcome(offerId, { outcome: 'no_answer' }) },
    })
    const late = recordOutcome({
      ctx: ctx(),
      input: { deliveryId: 'obo_5', payload: outcome(offerId, { outcome: 'contract_signed' }) },
    })
    expect(late).toMatchObject({
      ok: true,
      value: { applied: false, result: 'not applied: the offer was already no_answer' },
    })
    expect(t.db.select().from(placements).all()).toEqual([])
    const unknown = recordOutcome({
      ctx: ctx(),
      input: { deliveryId: 'obo_6', payload: outcome('no-such-offer', { outcome: 'no_answer' }) },
    })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
