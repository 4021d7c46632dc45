/**
 * Persons and prevention cases through the API (issue 14, sections 3 and 4): members with a
 * personnummer kept only as its keyed pseudonym, a 409 on a person already in another household
 * that still seeks housing, prevention cases counted apart, and the child's perspective that an
 * approval for a family needs.
 */
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { readProblem } from '../problem-schema.ts'
import { freshRound } from './round-world.ts'
import { otherCaseload, ownCaseload, seedPolicies, type V1World, v1World } from './support.ts'

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely here; each route's strict schema is checked by the route matrix.
type Json = Record<string, any>

/** A valid personnummer in three spellings of the same number, and a second person. */
const pnr = { dashed: '19811218-9876', short: '811218-9876', digits: '198112189876' }
const otherPnr = '121212-1212'

const household = (caseload: string, personnummer?: string) => ({
  situation: { code: 'acute', kind: 'shelter', since: '2026-11-10' },
  household: {
    adults: 2,
    children: [{ birthYear: 2019, birthMonth: 4, gender: 'woman' }],
    members: [
      {
        role: 'applicant',
        birthYear: 1981,
        birthMonth: 12,
        gender: 'woman',
        ...(personnummer ? { personnummer } : {}),
      },
      { role: 'co_applicant', birthYear: 1979, birthMonth: 5, gender: 'man' },
    ],
  },
  needs: {
    supportLevel: 'low',
    housingFirstAssessed: false,
    skillsTrainingNeed: false,
    wheelchair: false,
    elevator: false,
    groundFloor: false,
    pets: false,
  },
  safety: { excludedDistricts: [], protectedIdentity: false, domesticViolence: false },
  urgency: {},
  economy: { maxRent: 7500, rentCarriedByMunicipality: false },
  resident: true,
  preferences: { districts: ['Väster'], vacancyTypes: ['social_contract'] },
  caseload,
  monitoring: { gender: 'woman', birthYear: 1981, bornAbroad: false },
})

describe('members and the personnummer', () => {
  let world: V1World
  beforeEach(() => {
    world = v1World()
    seedPolicies(world)
  })
  afterEach(() => world.close())

  it('a personnummer is kept only as its keyed pseudonym: never in an answer, the log or the database file', async () => {
    const res = await world.call('caseworker', 'POST', '/v1/applicants', {
      body: household(ownCaseload, pnr.dashed),
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as Json
    const member = body.household.members[0]
    expect(member.pnrPseudonym).toMatch(/^[0-9a-f]{64}$/)
    expect(member.personnummer).toBeUndefined()
    const extract = await (await world.call('allocator', 'GET', `/v1/applicants/${body.id}/extract`)).text()
    const document = await (
      await world.call('allocator', 'GET', `/v1/applicants/${body.id}/extract/document`)
    ).text()
    expect(document).toContain('sparas bara som en nyckelad pseudonym')
    world.t.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const file = readFileSync(world.t.path).toString('latin1')
    for (const spelling of [...Object.values(pnr), '8112189876', '811218']) {
      for (const text of [JSON.stringify(body), extract, document, world.logText(), file]) {
        expect(text).not.toContain(spelling)
      }
    }
  })

  it('a second household that still seeks housing with the same person is a 409 naming the first to those who may see it', async () => {
    const first = (await (
      await world.call('caseworker', 'POST', '/v1/applicants', { body: household(ownCaseload, pnr.dashed) })
    ).json()) as Json
    // The same number written another way is the same person.
    const again = await world.call('allocator', 'POST', '/v1/applicants', {
      body: household(otherCaseload, pnr.short),
    })
    expect(again.status).toBe(409)
    const problem = await readProblem(again)
    expect(problem.detail).toContain(first.id)
    expect(problem.errors).toContainEqual({ path: 'household.members', message: expect.any(String) })
    // A case worker who cannot see the first household's caseload learns that one exists, not which.
    const stranger = await world.call('caseworker', 'POST', '/v1/applicants', {
      body: household(ownCaseload, pnr.digits),
    })
    expect(stranger.status).toBe(409)
    // Same caseload here: the case worker may see it, so the id is named.
    expect((await readProblem(stranger)).detail).toContain(first.id)
    const audit = world.auditActions().filter((a) => a.action === 'applicant.duplicate_person')
    expect(audit.map((a) => a.objectId)).toEqual([first.id, first.id])
    // Once the first household no longer seeks housing, the person may be registered again.
    const withdrawn = await world.call('caseworker', 'POST', `/v1/applicants/${first.id}/withdraw`, {
      ifMatch: '"1"',
    })
    expect(withdrawn.status).toBe(200)
    expect(
      (await world.call('allocator', 'POST', '/v1/applicants', { body: household(otherCaseload, pnr.short) }))
        .status,
    ).toBe(201)
  })

  it('to a case worker of another caseload the 409 does not name the household', async () => {
    await world.call('allocator', 'POST', '/v1/applicants', { body: household(otherCaseload, pnr.dashed) })
    const res = await world.call('caseworker', 'POST', '/v1/applicants', {
      body: household(ownCaseload, pnr.short),
    })
    expect(res.status).toBe(409)
    const problem = await readProblem(res)
    expect(problem.detail).toContain('a caseload you cannot see')
    const other = getApplicant(
      world.t.db,
      world.auditActions().find((a) => a.action === 'applicant.duplicate_person')?.objectId ?? '',
    )
    expect(other?.applicant.caseload).toBe(otherCaseload)
    expect(JSON.stringify(problem)).not.toContain(other?.applicant.id ?? '-')
  })

  it("a PATCH keeps a member's pseudonym without the number, never takes one from the client, and rechecks duplicates", async () => {
    const a = (await (
      await world.call('caseworker', 'POST', '/v1/applicants', { body: household(ownCaseload, pnr.dashed) })
    ).json()) as Json
    const b = (await (
      await world.call('caseworker', 'POST', '/v1/applicants', { body: household(ownCaseload, otherPnr) })
    ).json()) as Json
    const strip = (members: Json[]) => members.map(({ pnrPseudonym: _p, ...m }) => m)
    // A child is added: the members are sent as read, without their pseudonyms, and keep them.
    const grown = {
      ...a.household,
      members: strip(a.household.members),
      children: [...a.household.children, { birthYear: 2024, birthMonth: 1 }],
    }
    const patched = await world.call('caseworker', 'PATCH', `/v1/applicants/${a.id}`, {
      body: { household: grown },
      ifMatch: '"1"',
    })
    expect(patched.status).toBe(200)
    expect(((await patched.json()) as Json).household.members[0].pnrPseudonym).toBe(
      a.household.members[0].pnrPseudonym,
    )
    // A pseudonym sent back is refused as server-set (b cannot take a's by naming it)…
    const named = {
      ...b.household,
      members: [{ ...b.household.members[0], pnrPseudonym: a.household.members[0].pnrPseudonym }],
    }
    const refused = await world.call('caseworker', 'PATCH', `/v1/applicants/${b.id}`, {
      body: { household: named },
      ifMatch: '"1"',
    })
    expect(refused.status).toBe(422)
    expect((await readProblem(refused)).errors).toContainEqual({
      path: 'household.members[0].pnrPseudonym',
      message: expect.stringContaining('is set by the server'),
    })
    // …and a's number is a 409.
    const byNumber = {
      ...b.household,
      members: [{ ...strip(b.household.members)[0], personnummer: pnr.short }, strip(b.household.members)[1]],
    }
    const dup = await world.call('caseworker', 'PATCH', `/v1/applicants/${b.id}`, {
      body: { household: byNumber },
      ifMatch: '"1"',
    })
    expect(dup.status).toBe(409)
    expect(getApplicant(world.t.db, b.id)?.version).toBe(1)
  })

  it('more members than adults, one number for two members, or a bad check digit are a 422 naming the field', async () => {
    const one = household(ownCaseload)
    const cases: [unknown, string][] = [
      [{ ...one, household: { ...one.household, adults: 1 } }, 'household.members'],
      // The same personnummer for two members.
      [
        {
          ...one,
          household: {
            ...one.household,
            members: [
              { ...one.household.members[0], personnummer: pnr.dashed },
              { ...one.household.members[1], personnummer: pnr.short },
            ],
          },
        },
        'household.members[1].personnummer',
      ],
      [household(ownCaseload, '811218-9875'), 'household.members[0].personnummer'],
    ]
    for (const [body, path] of cases) {
      const res = await world.call('caseworker', 'POST', '/v1/applicants', { body })
      expect(res.status).toBe(422)
      const problem = await readProblem(res)
      expect(problem.errors?.map((e) => e.path)).toContain(path)
      expect(JSON.stringify(problem)).not.toContain('811218')
    }
  })

  it('without a pseudonym key no personnummer is taken (422), and nothing is stored', async () => {
    const keyless = v1World({ HEMVIST_PNR_KEY: '' })
    try {
      const res = await keyless.call('caseworker', 'POST', '/v1/applicants', {
        body: household(ownCaseload, pnr.dashed),
      })
      expect(res.status).toBe(422)
      expect((await readProblem(res)).errors?.[0]?.message).toContain('HEMVIST_PNR_KEY')
      expect(
        (await keyless.call('caseworker', 'POST', '/v1/applicants', { body: household(ownCaseload) })).status,
      ).toBe(201)
    } finally {
      keyless.close()
    }
  })
})

describe('prevention cases through the API', () => {
  let world: V1World
  beforeEach(() => {
    world = v1World()
    seedPolicies(world)
  })
  afterEach(() => world.close())

  const preventionCase = () => {
    const { situation: _none, ...rest } = household(ownCaseload)
    return {
      ...rest,
      urgency: { evictionDate: '2027-01-20' },
      prevention: {
        tenure: 'first_hand_lease',
        since: '2026-11-20',
        signals: { rentArrears: { amount: 31_200, months: 3 }, landlordNotice: { receivedOn: '2026-11-20' } },
      },
    }
  }

  it('is registered without a situation, listed as a prevention case, and counted in no situation', async () => {
    const res = await world.call('caseworker', 'POST', '/v1/applicants', { body: preventionCase() })
    expect(res.status).toBe(201)
    const a = (await res.json()) as Json
    expect(a.situation).toBeUndefined()
    expect(
      world.t.sqlite
        .prepare('SELECT count(*) AS n FROM applicant_situation_history WHERE applicant_id = ?')
        .get(a.id),
    ).toEqual({ n: 0 })
    const list = (await (
      await world.call('caseworker', 'GET', '/v1/applicants', { query: { preventionCase: 'true' } })
    ).json()) as Json
    expect(list.items).toEqual([expect.objectContaining({ id: a.id, situation: null, preventionCase: true })])
    const inSituations = (await (
      await world.call('caseworker', 'GET', '/v1/applicants', { query: { preventionCase: 'false' } })
    ).json()) as Json
    expect(inSituations.items).toEqual([])
    const stats = (await (await world.call('analyst', 'GET', '/v1/applicants/stats')).json()) as Json
    expect(Object.values(stats.bySituation).every((c) => (c as Json).count === 0)).toBe(true)
    expect(stats.preventionCases).toEqual({ count: null, suppressed: true })
    expect(stats.total).toEqual({ count: null, suppressed: true })
  })

  it('neither a situation nor a prevention case is a 422 naming situation; an eviction needs the situation after it', async () => {
    const { prevention: _p, ...neither } = preventionCase()
    const res = await world.call('caseworker', 'POST', '/v1/applicants', { body: neither })
    expect(res.status).toBe(422)
    expect((await readProblem(res)).errors?.map((e) => e.path)).toContain('situation')
    const a = (await (
      await world.call('caseworker', 'POST', '/v1/applicants', { body: preventionCase() })
    ).json()) as Json
    const evicted = { ...a.prevention, outcome: { kind: 'evicted', on: '2026-11-30' } }
    const bad = await world.call('caseworker', 'PATCH', `/v1/applicants/${a.id}`, {
      body: { prevention: evicted },
      ifMatch: '"1"',
    })
    expect(bad.status).toBe(422)
    const good = await world.call('caseworker', 'PATCH', `/v1/applicants/${a.id}`, {
      body: {
        prevention: evicted,
        situation: { code: 'acute', kind: 'emergency_housing', since: '2026-11-30' },
      },
      ifMatch: '"1"',
    })
    expect(good.status).toBe(200)
    const history = (await (
      await world.call('allocator', 'GET', `/v1/applicants/${a.id}/situations`)
    ).json()) as Json
    expect(history.items.map((s: Json) => s.code)).toEqual(['acute'])
  })
})

describe("the child's perspective on a decision", () => {
  let world: V1World
  beforeEach(() => {
    world = v1World()
    seedPolicies(world)
  })
  afterEach(() => world.close())

  it('approving a proposal for a household with children without it is a 422 naming childPerspective; with it, recorded', async () => {
    const r = await freshRound(world, ownCaseload)
    // Make the proposed household a family (as if a child had been registered since the round).
    world.t.sqlite
      .prepare(
        'UPDATE applicants SET body = json_set(body, \'$.household.children\', json(\'[{"birthYear":2018,"birthMonth":5}]\')) WHERE id = ?',
      )
      .run(r.applicantId)
    const path = `/v1/rounds/${r.roundId}/proposals/${r.proposalId}/approve`
    const bare = await world.call('allocator', 'POST', path)
    expect(bare.status).toBe(422)
    expect((await readProblem(bare)).errors).toEqual([
      { path: 'childPerspective', message: expect.stringContaining('has a child') },
    ])
    const notHeardNoWhy = await world.call('allocator', 'POST', path, {
      body: { childPerspective: { considered: true, heard: 'no', reason: 'stable_housing' } },
    })
    expect(notHeardNoWhy.status).toBe(422)
    const ok = await world.call('allocator', 'POST', path, {
      body: { childPerspective: { considered: true, heard: 'not_old_enough', reason: 'stable_housing' } },
    })
    expect(ok.status).toBe(200)
    const decision = ((await ok.json()) as Json).decision
    expect(decision.childPerspective).toEqual({
      considered: true,
      heard: 'not_old_enough',
      reason: 'stable_housing',
    })
    const extract = (await (
      await world.call('allocator', 'GET', `/v1/applicants/${r.applicantId}/extract`)
    ).json()) as Json
    expect(extract.decisions[0].childPerspective).toEqual(decision.childPerspective)
  })

  it('approving a proposal for a household without children needs no body at all, as before', async () => {
    const r = await freshRound(world, ownCaseload)
    const res = await world.call(
      'allocator',
      'POST',
      `/v1/rounds/${r.roundId}/proposals/${r.proposalId}/approve`,
    )
    expect(res.status).toBe(200)
    expect(((await res.json()) as Json).decision.childPerspective).toBeNull()
  })
})
