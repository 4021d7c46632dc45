/**
 * Policy what-if on a stored round through the API: the same snapshot solved under another
 * policy version, compared with the stored result; deterministic, equal to a fresh solve, and
 * nothing written but the audit row.
 */
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { insertPolicy } from '../../../db/repo/policies.ts'
import { policies, proposals, rounds } from '../../../db/schema.ts'
import { snapshotUnder } from '../../../src/domain/follow-up/what-if.ts'
import { solveSnapshot } from '../../../src/domain/match/stored-round.ts'
import { defaultPolicy } from '../../../src/domain/policy.ts'
import { drainWorker } from '../../support/rounds.ts'
import { readProblem } from '../problem-schema.ts'
import { otherCaseload, ownCaseload, seedPolicies, type V1World, v1World } from './support.ts'

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely here; the route matrix checks each schema.
type Json = Record<string, any>

describe('POST /v1/rounds/:id/what-if', () => {
  let world: V1World
  let roundId: string
  beforeEach(async () => {
    world = v1World()
    seedPolicies(world)
    // Version 3 puts children first much harder: a family outbids the acute single household.
    insertPolicy(world.t.db, {
      ...defaultPolicy,
      version: 3,
      name: 'Barn först',
      scoring: { ...defaultPolicy.scoring, perChild: 60 },
    })
    world.seedApplicant({ id: 'h-single', caseload: ownCaseload, lotteryNumber: 1 })
    world.seedApplicant({
      id: 'h-family',
      caseload: otherCaseload,
      lotteryNumber: 2,
      situation: { code: 'short_term_self_arranged', kind: 'with_friends', since: '2026-01-01' },
      household: { adults: 1, children: [{ birthYear: 2020, birthMonth: 3 }] },
    })
    world.seedVacancy({ id: 'v-1', rooms: 2, areaM2: 55 }) // not family-sized: the children floor does not decide
    const made = await world.call('allocator', 'POST', '/v1/rounds', {
      body: { asOf: '2026-12-07' },
      headers: { 'Idempotency-Key': 'what-if-1' },
    })
    roundId = ((await made.json()) as Json).id
    await drainWorker(world.t)
  })
  afterEach(() => world.close())

  const ask = (version: number, role: 'allocator' | 'analyst' = 'allocator') =>
    world.call(role, 'POST', `/v1/rounds/${roundId}/what-if`, {
      body: { policy: { id: 'orebro-default', version } },
    })

  it('compares with the stored result, the same twice, equal to a fresh solve, and writes nothing but the audit row', async () => {
    const proposalsBefore = world.t.db.select().from(proposals).all()
    const first = await ask(3)
    expect(first.status).toBe(200)
    const answer = (await first.json()) as Json
    expect(answer.stored.policy).toEqual({ id: 'orebro-default', version: 1 })
    expect(answer.whatIf.policy).toEqual({ id: 'orebro-default', version: 3 })
    expect(answer.housed).toEqual({ stored: 1, whatIf: 1, change: 0 })
    // Under version 3 the family gains the flat and the acute single household loses it.
    expect(answer.gains).toEqual([{ applicantId: 'h-family', vacancyId: 'v-1' }])
    expect(answer.losses).toEqual([{ applicantId: 'h-single', vacancyId: 'v-1' }])
    expect(answer.childrenHoused).toEqual({ stored: 0, whatIf: 1, change: 1 })
    expect(answer.acuteHoused).toEqual({ stored: 1, whatIf: 0, change: -1 })
    expect(answer.groupRates).toContainEqual({
      attribute: 'hasChildren',
      value: 'true',
      stored: 0,
      whatIf: 1,
    })

    // Deterministic: asked again, the same answer byte for byte.
    expect(JSON.stringify(await (await ask(3)).json())).toBe(JSON.stringify(answer))
    // Equal to a fresh solve of the snapshot under version 3.
    const stored = world.t.db.select().from(rounds).where(eq(rounds.id, roundId)).get()
    const v3 = {
      ...defaultPolicy,
      version: 3,
      name: 'Barn först',
      scoring: { ...defaultPolicy.scoring, perChild: 60 },
    }
    const fresh = solveSnapshot(snapshotUnder(stored?.snapshot ?? '', v3))
    if (!fresh.ok) throw new Error(fresh.reason)
    expect(fresh.value.result.proposals.map((p) => [p.applicantId, p.vacancyId])).toEqual([
      ['h-family', 'v-1'],
    ])
    expect(answer.objective.whatIf).toBe(fresh.value.result.objective)

    // Nothing written: the proposals as they were, version 3 not frozen, two audit rows.
    expect(world.t.db.select().from(proposals).all()).toEqual(proposalsBefore)
    expect(world.t.db.select().from(policies).where(eq(policies.version, 3)).get()?.usedAt).toBeNull()
    expect(world.auditActions().filter((a) => a.action === 'round.what_if')).toHaveLength(2)
  })

  it('refuses an unknown version (409), a round without a result (409) and an analyst (403)', async () => {
    const unknown = await ask(99)
    expect(unknown.status).toBe(409)
    expect((await readProblem(unknown)).detail).toContain('not stored')
    expect((await ask(3, 'analyst')).status).toBe(403)
    const queued = await world.call('allocator', 'POST', '/v1/rounds', {
      body: { asOf: '2026-12-08' },
      headers: { 'Idempotency-Key': 'what-if-2' },
    })
    const id = ((await queued.json()) as Json).id
    const early = await world.call('allocator', 'POST', `/v1/rounds/${id}/what-if`, {
      body: { policy: { id: 'orebro-default', version: 3 } },
    })
    expect(early.status).toBe(409)
  })
})
