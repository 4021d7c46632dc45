import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getApplicant, situationHistory } from '../../../db/repo/applicants.ts'
import { getVacancy } from '../../../db/repo/vacancies.ts'
import { decisions, offers, placements, proposals, rounds } from '../../../db/schema.ts'
import { acceptOffer, declineOffer, expireOverdueOffers } from '../../../src/services/offers/answer-offer.ts'
import { createRound } from '../../../src/services/rounds/create-round.ts'
import {
  approveAllProposals,
  approveProposal,
  overrideProposal,
  rejectProposal,
} from '../../../src/services/rounds/decide-proposal.ts'
import { getRound } from '../../../src/services/rounds/read-rounds.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { contextFor, drainWorker, seedWorld, solveHere, solveHereAsText } from '../../support/rounds.ts'

const asOf = '2026-12-07'

/** The value, or a thrown error naming what is missing (tests read rows they just made). */
function must<T>(value: T | undefined, what = 'a row'): T {
  if (value === undefined) throw new Error(`missing ${what}`)
  return value
}

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

describe('the round routine through the services', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
    seedWorld(t, {
      applicants: [
        makeApplicant({ id: 'A1', lotteryNumber: 1 }),
        makeApplicant({
          id: 'A2',
          lotteryNumber: 2,
          situation: { code: 'institution', kind: 'prison', since: '2026-01-01' },
        }),
        makeApplicant({
          id: 'A3',
          lotteryNumber: 3,
          situation: { code: 'long_term_solution', kind: 'training_flat', since: '2026-01-01' },
          // Done training and moving on to a social contract: a reason, or the policy would keep it where it is.
          subletMoveReason: 'support_need_changed',
        }),
      ],
      vacancies: [makeVacancy({ id: 'V1' }), makeVacancy({ id: 'V2', district: 'Väster' })],
    })
  })
  afterEach(() => t.close())

  it('create → solve → approve → accept one, decline the other → the freed vacancy is re-matched to someone else', async () => {
    const allocator = contextFor(t, 'allocator', { person: 'Karin Lind' })
    const created = unwrap(createRound({ ctx: allocator, input: { idempotencyKey: 'k1', body: { asOf } } }))
    expect(created.created).toBe(true)
    expect(created.round.status).toBe('queued')

    expect(await drainWorker(t)).toEqual(['succeeded'])
    const round = unwrap(getRound({ ctx: allocator, input: { id: created.round.id } }))
    expect(round.round.status).toBe('proposed')
    expect(round.round.certified).toBe(true)
    expect(round.round.applicantCount).toBe(3)
    expect(round.counts.proposals.pending).toBe(2)

    const pending = t.db.select().from(proposals).where(eq(proposals.roundId, created.round.id)).all()
    const byApplicant = new Map(pending.map((p) => [p.applicantId, p]))
    // The acute household (A1) and the institution household (A2) outscore A3, which has a training flat.
    expect([...byApplicant.keys()].sort()).toEqual(['A1', 'A2'])

    const all = unwrap(approveAllProposals({ ctx: allocator, input: { roundId: created.round.id } }))
    expect(all.approved).toHaveLength(2)
    expect(all.roundStatus).toBe('closed')
    const made = t.db.select().from(offers).all()
    expect(made.map((o) => o.status)).toEqual(['open', 'open'])
    expect(
      t.db
        .select()
        .from(decisions)
        .all()
        .every((d) => d.decidedByPerson === 'Karin Lind'),
    ).toBe(true)
    expect(getApplicant(t.db, 'A1')?.applicant.status).toBe('offered')

    const caseworker = contextFor(t, 'caseworker', { person: 'Sara Holm', caseloads: ['team-norr'] })
    const offerA1 = must(made.find((o) => o.applicantId === 'A1'))
    const offerA2 = must(made.find((o) => o.applicantId === 'A2'))
    const accepted = unwrap(acceptOffer({ ctx: caseworker, input: { id: offerA1.id } }))
    expect(accepted.placement.contractForm).toBe('social_contract')
    expect(getApplicant(t.db, 'A1')?.applicant.status).toBe('housed')
    expect(getApplicant(t.db, 'A1')?.applicant.situation).toMatchObject({
      code: 'long_term_solution',
      kind: 'social_contract',
    })
    expect(situationHistory(t.db, 'A1').map((s) => s.code)).toEqual(['acute', 'long_term_solution'])
    expect(getVacancy(t.db, offerA1.vacancyId)?.vacancy.status).toBe('let')

    const declined = unwrap(
      declineOffer({
        ctx: caseworker,
        input: { id: offerA2.id, declinedBy: 'household', reason: 'location' },
      }),
    )
    expect(declined.rematchRound?.kind).toBe('rematch')
    const a2 = getApplicant(t.db, 'A2')?.applicant
    expect(a2?.status).toBe('active')
    expect(a2?.declinedVacancyIds).toEqual([offerA2.vacancyId])
    expect(getVacancy(t.db, offerA2.vacancyId)?.vacancy.status).toBe('open')

    expect(await drainWorker(t)).toEqual(['succeeded'])
    const rematch = must(
      t.db
        .select()
        .from(rounds)
        .where(eq(rounds.id, must(declined.rematchRound ?? undefined).id))
        .get(),
    )
    expect(rematch.status).toBe('proposed')
    const follow = t.db.select().from(proposals).where(eq(proposals.roundId, rematch.id)).all()
    expect(follow).toHaveLength(1)
    expect(follow[0]).toMatchObject({ vacancyId: offerA2.vacancyId, applicantId: 'A3' })
    expect(t.db.select().from(placements).all()).toHaveLength(1)
  })

  it('a decision needs a named person; a decided proposal is final; a rejection names its reason', async () => {
    const round = unwrap(
      createRound({ ctx: contextFor(t, 'allocator'), input: { idempotencyKey: 'k2', body: { asOf } } }),
    ).round
    await drainWorker(t)
    const [first, second] = t.db.select().from(proposals).where(eq(proposals.roundId, round.id)).all()
    const nobody = contextFor(t, 'allocator', { person: null })
    const refused = approveProposal({ ctx: nobody, input: { roundId: round.id, proposalId: must(first).id } })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const ctx = contextFor(t, 'allocator', { person: 'Karin Lind' })
    unwrap(
      rejectProposal({
        ctx,
        input: {
          roundId: round.id,
          proposalId: must(first).id,
          reason: 'information_outdated',
          note: 'moved',
        },
      }),
    )
    expect(approveProposal({ ctx, input: { roundId: round.id, proposalId: must(first).id } })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', detail: 'The proposal is already rejected.' },
    })
    unwrap(approveProposal({ ctx, input: { roundId: round.id, proposalId: must(second).id } }))
    expect(unwrap(getRound({ ctx, input: { id: round.id } })).counts).toEqual({
      proposals: { pending: 0, approved: 1, rejected: 1, overridden: 0 },
      decisions: { override: {}, reject: { information_outdated: 1 } },
    })
  })

  it('an override gives the vacancy to another eligible household of the pool, and says why', async () => {
    const round = unwrap(
      createRound({ ctx: contextFor(t, 'allocator'), input: { idempotencyKey: 'k3', body: { asOf } } }),
    ).round
    await drainWorker(t)
    const first = must(t.db.select().from(proposals).where(eq(proposals.roundId, round.id)).all()[0])
    const ctx = contextFor(t, 'allocator', { person: 'Karin Lind' })
    const out = unwrap(
      overrideProposal({
        ctx,
        input: {
          roundId: round.id,
          proposalId: first.id,
          applicantId: 'A3',
          reason: 'support_match',
          note: 'near school',
        },
      }),
    )
    expect(out.decision).toMatchObject({
      kind: 'override',
      applicantId: 'A3',
      reasonCode: 'support_match',
      legalBasis: 'sol_4_1',
    })
    expect(out.offer?.applicantId).toBe('A3')
    expect(getApplicant(t.db, first.applicantId)?.applicant.status).toBe('active')
    const notInPool = overrideProposal({
      ctx,
      input: { roundId: round.id, proposalId: first.id, applicantId: 'nobody', reason: 'other' },
    })
    expect(notInPool.ok).toBe(false)
  })

  it('an offer nobody answers by its day closes as no_answer and the vacancy is re-matched', async () => {
    const round = unwrap(
      createRound({ ctx: contextFor(t, 'allocator'), input: { idempotencyKey: 'k4', body: { asOf } } }),
    ).round
    await drainWorker(t)
    const day = new Date('2026-12-07T09:00:00Z')
    const ctx = contextFor(t, 'allocator', { person: 'Karin Lind', now: () => day })
    unwrap(approveAllProposals({ ctx, input: { roundId: round.id } }))
    const open = t.db.select().from(offers).all()
    expect(open.every((o) => o.answerBy === '2026-12-14')).toBe(true)
    expect(expireOverdueOffers(t.db, new Date('2026-12-14T23:00:00Z'))).toBe(0)
    expect(expireOverdueOffers(t.db, new Date('2026-12-15T00:30:00Z'))).toBe(2)
    const closed = t.db.select().from(offers).all()
    expect(closed.map((o) => o.status)).toEqual(['no_answer', 'no_answer'])
    expect(closed.every((o) => o.rematchRoundId !== null)).toBe(true)
    expect(getApplicant(t.db, 'A1')?.applicant).toMatchObject({ status: 'active', declinedVacancyIds: [] })
  })

  it("a second round's pool leaves out what the first one holds", async () => {
    const ctx = contextFor(t, 'allocator')
    const first = unwrap(createRound({ ctx, input: { idempotencyKey: 'p1', body: { asOf } } })).round
    await drainWorker(t)
    const second = unwrap(createRound({ ctx, input: { idempotencyKey: 'p2', body: { asOf } } })).round
    await drainWorker(t)
    const held = t.db.select().from(proposals).where(eq(proposals.roundId, first.id)).all()
    const snapshot = JSON.parse(
      t.db.select().from(rounds).where(eq(rounds.id, second.id)).get()?.snapshot ?? '{}',
    )
    const pooled = new Set([...snapshot.applicants, ...snapshot.vacancies].map((x: { id: string }) => x.id))
    for (const p of held) {
      expect(pooled.has(p.applicantId)).toBe(false)
      expect(pooled.has(p.vacancyId)).toBe(false)
    }
    // Only the household the first round left without a proposal is in the second pool; no vacancy is.
    expect(snapshot.applicants.map((a: { id: string }) => a.id)).toEqual(['A3'])
    expect(snapshot.vacancies).toEqual([])
    expect(t.db.select().from(rounds).where(eq(rounds.id, second.id)).get()?.status).toBe('closed')
  })

  it('a result handed over as UTF-8 bytes is stored as the same text, with the same proposals, as one handed over as text', async () => {
    const ctx = contextFor(t, 'allocator')
    const stored = async (key: string, solve: typeof solveHere) => {
      const made = unwrap(createRound({ ctx, input: { idempotencyKey: key, body: { asOf } } })).round
      await drainWorker(t, { solve })
      const row = t.sqlite
        .prepare('select result, typeof(result) as kind, snapshot from rounds where id = ?')
        .get(made.id) as { result: string; kind: string; snapshot: string }
      const pairs = t.db
        .select()
        .from(proposals)
        .where(eq(proposals.roundId, made.id))
        .all()
        .map((p) => [p.applicantId, p.vacancyId, p.score, p.explanation])
      // Free the pool for the next round.
      t.sqlite.prepare("update rounds set status = 'closed' where id = ?").run(made.id)
      t.sqlite.prepare("update proposals set status = 'rejected' where round_id = ?").run(made.id)
      return { ...row, pairs }
    }
    const asText = await stored('text', solveHereAsText)
    const asBytes = await stored('bytes', solveHere)
    expect(asBytes.snapshot).toBe(asText.snapshot)
    expect(asBytes.kind).toBe('text')
    expect(asBytes.result).toBe(asText.result)
    expect(asBytes.pairs).toEqual(asText.pairs)
    expect(asBytes.pairs.length).toBeGreaterThan(0)
  })

  it('bytes past ASCII are stored as their UTF-8 text, not as a blob', async () => {
    const ctx = contextFor(t, 'allocator')
    const made = unwrap(createRound({ ctx, input: { idempotencyKey: 'utf8', body: { asOf } } })).round
    const text = '{"status":"optimal","note":"Örebro − Väster, 12,5 %"}'
    await drainWorker(t, {
      solve: async () => ({
        ok: true,
        resultUtf8: new TextEncoder().encode(text),
        proposals: [],
        status: 'optimal',
        resultSha256: 'x'.repeat(64),
        certified: true,
        phases: {},
      }),
    })
    const row = t.sqlite
      .prepare('select result, typeof(result) as kind from rounds where id = ?')
      .get(made.id)
    expect(row).toEqual({ result: text, kind: 'text' })
  })

  it('the same Idempotency-Key and body answer the same round; another body is refused', () => {
    const ctx = contextFor(t, 'allocator')
    const a = unwrap(createRound({ ctx, input: { idempotencyKey: 'same', body: { asOf } } }))
    const b = unwrap(createRound({ ctx, input: { idempotencyKey: 'same', body: { asOf } } }))
    expect(b).toMatchObject({ created: false, round: { id: a.round.id } })
    expect(
      createRound({ ctx, input: { idempotencyKey: 'same', body: { asOf: '2026-12-08' } } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID' },
    })
    expect(t.db.select().from(rounds).all()).toHaveLength(1)
  })
})
