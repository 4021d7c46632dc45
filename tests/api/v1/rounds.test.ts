/**
 * The whole routine through the HTTP API, as allocation staff and a case
 * worker would run it: create a round, let the worker solve it, review the
 * proposals, record a yes and a no, see the declined vacancy re-matched to
 * someone else, and replay the stored round byte for byte.
 */
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { getVacancy } from '../../../db/repo/vacancies.ts'
import { offers, proposals, rounds } from '../../../db/schema.ts'
import { explainHousehold } from '../../../src/domain/match/run-round.ts'
import { roundInputSchema } from '../../../src/domain/round.ts'
import { tokenFor } from '../../support/auth.ts'
import { drainWorker } from '../../support/rounds.ts'
import { readProblem } from '../problem-schema.ts'
import { freshOffer } from './round-world.ts'
import { otherCaseload, ownCaseload, seedPolicies, type V1World, v1World } from './support.ts'

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely here; each route's strict schema is checked by the route matrix.
type Json = Record<string, any>

describe('rounds through the API', () => {
  let world: V1World
  beforeEach(() => {
    world = v1World()
    seedPolicies(world)
    // Four households (two in the case worker's caseload, one of them protected), three flats.
    world.seedApplicant({ id: 'h-own', caseload: ownCaseload, lotteryNumber: 1 })
    world.seedApplicant({
      id: 'h-protected',
      caseload: ownCaseload,
      lotteryNumber: 2,
      safety: { excludedDistricts: ['Vivalla'], protectedIdentity: true, domesticViolence: true },
    })
    world.seedApplicant({ id: 'h-other', caseload: otherCaseload, lotteryNumber: 3 })
    world.seedApplicant({
      id: 'h-waiting',
      caseload: otherCaseload,
      lotteryNumber: 4,
      situation: { code: 'long_term_solution', kind: 'training_flat', since: '2026-01-01' },
      // Done training and moving on to a social contract: a reason, or the policy would keep it where it is.
      subletMoveReason: 'support_need_changed',
    })
    world.seedVacancy({ id: 'v-1' })
    world.seedVacancy({ id: 'v-2', district: 'Väster' })
    world.seedVacancy({ id: 'v-3', district: 'Norr' })
  })
  afterEach(() => world.close())

  const create = (
    key: string | null,
    body: unknown = { asOf: '2026-12-07' },
    role: 'allocator' | 'admin' = 'allocator',
  ) =>
    world.call(role, 'POST', '/v1/rounds', { body, headers: key === null ? {} : { 'Idempotency-Key': key } })

  it('the routine: create → proposed → approve → accept one, decline one → re-matched to someone else → replay identical', async () => {
    const made = await create('week-49')
    expect(made.status).toBe(202)
    const round = (await made.json()) as Json
    expect(made.headers.get('location')).toBe(`/v1/rounds/${round.id}`)
    expect(round).toMatchObject({
      status: 'queued',
      kind: 'round',
      policy: { id: 'orebro-default', version: 1 },
    })

    // The policy version is frozen once a round uses it.
    const policy = (await (await world.call('admin', 'GET', '/v1/policies/orebro-default/1')).json()) as Json
    expect(policy.usedAt).not.toBeNull()

    expect(await drainWorker(world.t)).toEqual(['succeeded'])
    const solved = (await (await world.call('allocator', 'GET', `/v1/rounds/${round.id}`)).json()) as Json
    expect(solved).toMatchObject({ status: 'proposed', certified: true, applicants: 4, vacancies: 3 })
    expect(solved.proposals.pending).toBe(3)
    expect(Object.keys(solved.phases).sort()).toEqual([
      'certify',
      'explain',
      'explanations',
      'handover',
      'pairing',
      'parse',
      'prepare',
      'prices',
      'queue',
      'serialise',
      'snapshot',
      'solve',
      'store',
      'thresholds',
    ])

    // The result, cut per role.
    const full = (await (
      await world.call('allocator', 'GET', `/v1/rounds/${round.id}/result`)
    ).json()) as Json
    expect(full.view).toBe('full')
    expect(full.result.proposals).toHaveLength(3)
    expect(full.result.unmatched.map((u: Json) => u.applicantId)).toEqual(['h-waiting'])
    const mine = (await (
      await world.call('caseworker', 'GET', `/v1/rounds/${round.id}/result`)
    ).json()) as Json
    expect(mine.view).toBe('caseloads')
    expect(mine.result.proposals.map((p: Json) => p.applicantId).sort()).toEqual(['h-own', 'h-protected'])
    const hidden = mine.result.proposals.find((p: Json) => p.applicantId === 'h-protected')
    expect(hidden).toEqual({
      applicantId: 'h-protected',
      score: expect.any(Number),
      withheld: ['vacancyId', 'explanation'],
    })
    expect(JSON.stringify(mine)).not.toContain('Vivalla')
    const aggregate = (await (
      await world.call('analyst', 'GET', `/v1/rounds/${round.id}/result`)
    ).json()) as Json
    expect(aggregate.view).toBe('aggregate')
    expect(aggregate.result).toMatchObject({ proposalCount: 3, unmatchedCount: 1 })
    expect(aggregate.result.proposals).toBeUndefined()

    // Review: every proposal approved by a named person.
    const list = (await (
      await world.call('allocator', 'GET', `/v1/rounds/${round.id}/proposals`)
    ).json()) as Json
    const ownProposal = list.items.find((p: Json) => p.applicantId === 'h-own')
    const approved = await world.call(
      'allocator',
      'POST',
      `/v1/rounds/${round.id}/proposals/${ownProposal.id}/approve`,
    )
    expect(approved.status).toBe(200)
    const decision = (await approved.json()) as Json
    expect(decision.decision).toMatchObject({
      kind: 'approve',
      decidedBy: 'Test allocator',
      legalBasis: 'sol_4_1',
      policy: { id: 'orebro-default', version: 1 },
      applicantId: 'h-own',
    })
    expect(decision.offer).toMatchObject({ status: 'open', applicantId: 'h-own' })
    const all = (await (
      await world.call('allocator', 'POST', `/v1/rounds/${round.id}/proposals/approve-all`)
    ).json()) as Json
    expect(all.approved).toHaveLength(2)
    expect(all.roundStatus).toBe('closed')

    // The case worker records a yes for its household; another caseload's offer is not its to answer.
    const open = (await (
      await world.call('allocator', 'GET', '/v1/offers', { query: { status: 'open' } })
    ).json()) as Json
    expect(open.items).toHaveLength(3)
    const ownOffer = open.items.find((o: Json) => o.applicantId === 'h-own')
    const otherOffer = open.items.find((o: Json) => o.applicantId === 'h-other')
    const seen = (await (await world.call('caseworker', 'GET', '/v1/offers')).json()) as Json
    expect(seen.items.map((o: Json) => o.applicantId).sort()).toEqual(['h-own', 'h-protected'])
    expect(seen.items.find((o: Json) => o.applicantId === 'h-protected').withheld).toEqual(['vacancyId'])
    expect(
      (await world.call('caseworker', 'POST', `/v1/offers/${otherOffer.id}/accept`, { body: {} })).status,
    ).toBe(404)

    // An open offer holds the household: it cannot be withdrawn meanwhile.
    const version = getApplicant(world.t.db, 'h-own')?.version
    const withdraw = await world.call('allocator', 'POST', '/v1/applicants/h-own/withdraw', {
      ifMatch: `"${version}"`,
    })
    expect(withdraw.status).toBe(409)
    expect((await readProblem(withdraw)).detail).toContain('open offer')

    // A change that would break the offer is refused; one that does not goes through.
    const unit = getVacancy(world.t.db, ownOffer.vacancyId)
    const tooDear = await world.call('allocator', 'PATCH', `/v1/vacancies/${ownOffer.vacancyId}`, {
      body: { rent: 20_000 },
      ifMatch: `"${unit?.version}"`,
    })
    expect(tooDear.status).toBe(409)
    expect((await readProblem(tooDear)).detail).toContain('rent_affordable')
    const lift = await world.call('allocator', 'PATCH', `/v1/vacancies/${ownOffer.vacancyId}`, {
      body: { elevator: true },
      ifMatch: `"${unit?.version}"`,
    })
    expect(lift.status).toBe(200)

    const accepted = await world.call('caseworker', 'POST', `/v1/offers/${ownOffer.id}/accept`, { body: {} })
    expect(accepted.status).toBe(200)
    const placement = ((await accepted.json()) as Json).placement
    expect(placement).toMatchObject({
      applicantId: 'h-own',
      contractForm: 'social_contract',
      recordedBy: 'Test caseworker',
    })
    expect(getApplicant(world.t.db, 'h-own')?.applicant.status).toBe('housed')
    expect(getVacancy(world.t.db, ownOffer.vacancyId)?.vacancy.status).toBe('let')
    expect(
      (
        await world.call('caseworker', 'POST', `/v1/offers/${ownOffer.id}/decline`, {
          body: { declinedBy: 'household', reason: 'location' },
        })
      ).status,
    ).toBe(409)

    // The other household says no: it returns to the pool, its vacancy is re-matched to someone else.
    const declined = await world.call('allocator', 'POST', `/v1/offers/${otherOffer.id}/decline`, {
      body: { declinedBy: 'household', reason: 'location', note: 'Too far from school.' },
    })
    expect(declined.status).toBe(200)
    const rematch = ((await declined.json()) as Json).rematchRound
    expect(rematch).toMatchObject({
      kind: 'rematch',
      status: 'queued',
      parentRoundId: round.id,
      vacancyId: otherOffer.vacancyId,
    })
    expect(getApplicant(world.t.db, 'h-other')?.applicant).toMatchObject({
      status: 'active',
      declinedVacancyIds: [otherOffer.vacancyId],
    })
    expect(await drainWorker(world.t)).toEqual(['succeeded'])
    const follow = world.t.db.select().from(proposals).where(eq(proposals.roundId, rematch.id)).all()
    expect(follow.map((p) => [p.applicantId, p.vacancyId])).toEqual([['h-waiting', otherOffer.vacancyId]])

    const placements = (await (await world.call('allocator', 'GET', '/v1/placements')).json()) as Json
    expect(placements.items).toHaveLength(1)

    // Replay: the stored snapshot solves to the stored result, byte for byte.
    for (const id of [round.id, rematch.id]) {
      const replay = await world.call('allocator', 'POST', `/v1/rounds/${id}/replay`)
      expect(replay.status).toBe(200)
      const verdict = (await replay.json()) as Json
      expect(verdict.identical).toBe(true)
      expect(verdict.replayedResultSha256).toBe(verdict.storedResultSha256)
    }
  }, 60_000)

  it('Idempotency-Key: required; the same key and body answer the same round; another body is a 422', async () => {
    const missing = await create(null)
    expect(missing.status).toBe(422)
    expect((await readProblem(missing)).errors).toContainEqual({
      path: 'Idempotency-Key',
      message: expect.stringContaining('required'),
    })
    const first = (await (await create('k-1')).json()) as Json
    const again = await create('k-1')
    expect(again.status).toBe(200)
    expect(((await again.json()) as Json).id).toBe(first.id)
    const other = await create('k-1', { asOf: '2026-12-08' })
    expect(other.status).toBe(422)
    expect(world.t.db.select().from(rounds).all()).toHaveLength(1)
  })

  it('20 concurrent requests with one Idempotency-Key make one round', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => create('burst')))
    const ids = new Set<string>()
    for (const a of answers) {
      expect([200, 202]).toContain(a.status)
      ids.add(((await a.json()) as Json).id)
    }
    expect(ids.size).toBe(1)
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1)
    expect(world.t.db.select().from(rounds).all()).toHaveLength(1)
  })

  it('a token that names no person may not decide or answer (409), and nothing changes', async () => {
    const round = (await (await create('k-2')).json()) as Json
    await drainWorker(world.t)
    const list = (await (
      await world.call('allocator', 'GET', `/v1/rounds/${round.id}/proposals`)
    ).json()) as Json
    // A token made before names were required: no person.
    world.t.sqlite.prepare("UPDATE api_tokens SET person = NULL WHERE role = 'allocator'").run()
    const res = await world.call(
      'allocator',
      'POST',
      `/v1/rounds/${round.id}/proposals/${list.items[0].id}/approve`,
    )
    expect(res.status).toBe(409)
    expect((await readProblem(res)).detail).toContain('named person')
    expect(world.t.db.select().from(offers).all()).toHaveLength(0)
  })

  it('unknown or server-set fields in a round write are refused with 422 naming them, and change nothing', async () => {
    const round = (await (await create('k-3')).json()) as Json
    await drainWorker(world.t)
    const list = (await (
      await world.call('allocator', 'GET', `/v1/rounds/${round.id}/proposals`)
    ).json()) as Json
    const p = list.items[0]
    const before = JSON.stringify(world.t.db.select().from(proposals).all())
    const cases: [string, string, unknown, string][] = [
      ['POST', '/v1/rounds', { asOf: '2026-12-07', status: 'proposed' }, 'status'],
      [
        'POST',
        `/v1/rounds/${round.id}/proposals/${p.id}/reject`,
        { reason: 'other', decidedBy: 'x' },
        'decidedBy',
      ],
      [
        'POST',
        `/v1/rounds/${round.id}/proposals/${p.id}/override`,
        { applicantId: 'h-waiting', reason: 'other', score: 99 },
        'score',
      ],
      ['POST', `/v1/rounds/${round.id}/proposals/${p.id}/reject`, { reason: 'because' }, 'reason'],
    ]
    for (const [method, path, body, field] of cases) {
      const res = await world.call('allocator', method, path, {
        body,
        headers: { 'Idempotency-Key': `mass-${field}` },
      })
      expect(res.status, path).toBe(422)
      expect((await readProblem(res)).errors?.map((e) => e.path)).toContain(field)
    }
    expect(JSON.stringify(world.t.db.select().from(proposals).all())).toBe(before)
    expect(world.t.db.select().from(rounds).all()).toHaveLength(1)
  })

  it('an override must name an eligible household of the pool (409 names the failed rules)', async () => {
    world.seedApplicant({
      id: 'h-rich',
      caseload: ownCaseload,
      economy: { maxRent: 1000, rentCarriedByMunicipality: false },
    })
    const round = (await (await create('k-4')).json()) as Json
    await drainWorker(world.t)
    const list = (await (
      await world.call('allocator', 'GET', `/v1/rounds/${round.id}/proposals`)
    ).json()) as Json
    const res = await world.call(
      'allocator',
      'POST',
      `/v1/rounds/${round.id}/proposals/${list.items[0].id}/override`,
      {
        body: { applicantId: 'h-rich', reason: 'urgent_need_not_in_score' },
      },
    )
    expect(res.status).toBe(409)
    expect((await readProblem(res)).errors?.[0]?.message).toContain('rent_affordable')
  })

  it('accepting with a start date before the vacancy is available is a 409 naming startDate; nothing is placed', async () => {
    const { offerId } = await freshOffer(world, ownCaseload)
    const res = await world.call('allocator', 'POST', `/v1/offers/${offerId}/accept`, {
      body: { startDate: '2026-10-31' },
    })
    expect(res.status).toBe(409)
    expect((await readProblem(res)).errors).toEqual([
      { path: 'startDate', message: 'must not be before the vacancy is available (2026-11-01)' },
    ])
    expect(world.t.db.select().from(offers).where(eq(offers.id, offerId)).get()?.status).toBe('open')
  })

  it("one household's explanation in full, solved again from the stored snapshot: in scope, withheld where protected, audited", async () => {
    const made = (await (await create('explain-one')).json()) as Json
    const path = (id: string) => `/v1/rounds/${made.id}/households/${id}/explanation`
    // Not solved yet: nothing to explain.
    const early = await world.call('allocator', 'GET', path('h-own'))
    expect(early.status).toBe(409)
    expect((await readProblem(early)).detail).toBe(
      'The round is queued and has no stored result to explain yet.',
    )
    expect(await drainWorker(world.t)).toEqual(['succeeded'])
    const row = world.t.db.select().from(rounds).where(eq(rounds.id, made.id)).get()
    const snapshot = roundInputSchema.parse(JSON.parse(row?.snapshot ?? ''))
    const stored = JSON.parse(row?.result ?? '') as Json
    const left = stored.unmatched[0].applicantId as string
    const proposed = stored.proposals[0].applicantId as string

    for (const id of [proposed, left]) {
      const res = await world.call('allocator', 'GET', path(id))
      expect(res.status).toBe(200)
      const body = (await res.json()) as Json
      expect(body).toEqual({
        roundId: made.id,
        ...JSON.parse(JSON.stringify(explainHousehold(snapshot, id))),
      })
    }
    // Left without a proposal: every eligible vacancy, not only the best three the result keeps.
    const full = (await (await world.call('allocator', 'GET', path(left))).json()) as Json
    expect(full.proposed).toBeNull()
    expect(full.explanation.alternatives).toHaveLength(full.explanation.eligibleVacancies)

    // A case worker: its own caseloads' households; another caseload's answers as an unknown id does.
    expect((await world.call('caseworker', 'GET', path('h-own'))).status).toBe(200)
    const foreign = await world.call('caseworker', 'GET', path('h-other'))
    const unknown = await world.call('caseworker', 'GET', path('h-nobody'))
    expect(foreign.status).toBe(404)
    expect(unknown.status).toBe(404)
    const { instance: _a, ...refused } = await readProblem(foreign)
    const { instance: _b, ...missing } = await readProblem(unknown)
    expect(refused).toEqual(missing)
    // A protected identity the case worker may not see past: the explanation names vacancies.
    const withheld = await world.call('caseworker', 'GET', path('h-protected'))
    expect(await withheld.json()).toEqual({
      roundId: made.id,
      applicantId: 'h-protected',
      withheld: ['explanation'],
    })
    expect((await world.call('analyst', 'GET', path('h-own'))).status).toBe(403)

    // A round another engine version solved is not solved again for it: the answer could differ.
    world.t.db
      .update(rounds)
      .set({ engineVersion: 'hemvist-engine/2026.12.2' })
      .where(eq(rounds.id, made.id))
      .run()
    const older = await world.call('allocator', 'GET', path('h-own'))
    expect(older.status).toBe(409)
    expect((await readProblem(older)).detail).toMatch(
      /^The round was solved by hemvist-engine\/2026\.12\.2; /,
    )

    const audited = world.auditActions().filter((a) => a.action.startsWith('round.read_explanation'))
    expect(audited.map((a) => [a.action, a.role])).toEqual([
      ['round.read_explanation_refused', 'allocator'],
      ['round.read_explanation', 'allocator'],
      ['round.read_explanation', 'allocator'],
      ['round.read_explanation', 'allocator'],
      ['round.read_explanation', 'caseworker'],
      ['round.read_explanation_refused', 'caseworker'],
      ['round.read_explanation_refused', 'caseworker'],
      ['round.read_explanation', 'caseworker'],
      ['round.read_explanation_refused', 'allocator'],
    ])
  })

  it('a caseworker token cannot start or review a round (403)', async () => {
    const cw = tokenFor(world.t, 'caseworker', [ownCaseload])
    const res = await world.app.request('/v1/rounds', {
      method: 'POST',
      headers: { ...cw.headers, 'Content-Type': 'application/json', 'Idempotency-Key': 'x' },
      body: '{}',
    })
    expect(res.status).toBe(403)
  })
})
