import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import {
  applicantFullView,
  applicantPageView,
  applicantStatsView,
  situationHistoryView,
} from '../../../src/api/views/applicant.ts'
import { extractView } from '../../../src/api/views/extract.ts'
import type { Applicant, Situation } from '../../../src/domain/applicant.ts'
import { defaultRetentionSettings } from '../../../src/domain/retention.ts'
import { applicantStatuses, situationCodes, situationKinds } from '../../../src/domain/vocabulary.ts'
import { runRetention } from '../../../src/services/retention/run-retention.ts'
import { retentionNow, seedRetentionFixture } from '../../services/retention/fixture.ts'
import { makeApplicant } from '../../support/builders.ts'
import { readProblem } from '../problem-schema.ts'
import { otherCaseload, ownCaseload, type V1World, v1World } from './support.ts'

const {
  id: _id,
  registeredOn: _r,
  lotteryNumber: _l,
  status: _s,
  declinedVacancyIds: _d,
  ...newHousehold
} = makeApplicant({ caseload: ownCaseload })

describe('/v1/applicants', () => {
  let world: V1World
  beforeEach(() => {
    world = v1World()
  })
  afterEach(() => world.close())

  describe('POST (register)', () => {
    it('assigns id, registration date, lottery number and status; answers 201 with Location and ETag', async () => {
      const res = await world.call('caseworker', 'POST', '/v1/applicants', { body: newHousehold })
      expect(res.status).toBe(201)
      const body = applicantFullView.parse(await res.json())
      expect(res.headers.get('location')).toBe(`/v1/applicants/${body.id}`)
      expect(res.headers.get('etag')).toBe('"1"')
      expect(body.status).toBe('active')
      expect(body.registeredOn).toBe(new Date().toISOString().slice(0, 10))
      expect(body.lotteryNumber).toBeGreaterThanOrEqual(0)
      expect(body.lotteryNumber).toBeLessThan(2 ** 31)
      expect(getApplicant(world.t.db, body.id)?.applicant).toEqual({
        ...body,
        version: undefined,
        declinedVacancyIds: [],
      })
      expect(world.auditActions()).toContainEqual({
        action: 'applicant.create',
        objectId: body.id,
        role: 'caseworker',
      })
    })

    it('lottery numbers are drawn, not sequential', async () => {
      const numbers = new Set<number>()
      for (let i = 0; i < 5; i++) {
        const res = await world.call('admin', 'POST', '/v1/applicants', { body: newHousehold })
        numbers.add(applicantFullView.parse(await res.json()).lotteryNumber)
      }
      expect(numbers.size).toBe(5)
    })

    it('a caseworker registers only into its own caseloads: another is a 403 naming the field', async () => {
      const res = await world.call('caseworker', 'POST', '/v1/applicants', {
        body: { ...newHousehold, caseload: otherCaseload },
      })
      expect(res.status).toBe(403)
      expect((await readProblem(res)).errors).toEqual([
        { path: 'caseload', message: 'must be one of your caseloads' },
      ])
      expect(world.auditActions().filter((a) => a.action === 'applicant.create')).toEqual([])
    })

    it('invalid fields answer 422 with every field path, "is required" for absent ones', async () => {
      const { needs: _n, ...withoutNeeds } = newHousehold
      const res = await world.call('admin', 'POST', '/v1/applicants', {
        body: {
          ...withoutNeeds,
          household: { adults: 0, children: [] },
          situation: { code: 'acute', kind: 'prison', since: '2026-02-30' },
        },
      })
      const problem = await readProblem(res)
      expect(problem.status).toBe(422)
      expect(problem.errors?.map((e) => e.path).sort()).toEqual(
        ['household.adults', 'needs', 'situation.kind', 'situation.since'].sort(),
      )
      expect(problem.errors).toContainEqual({ path: 'needs', message: 'is required' })
    })

    it('malformed JSON is 400, another media type 415, both problem+json', async () => {
      const bad = await world.call('admin', 'POST', '/v1/applicants', { rawBody: '{"situation": ' })
      expect((await readProblem(bad)).status).toBe(400)
      const text = await world.call('admin', 'POST', '/v1/applicants', {
        rawBody: JSON.stringify(newHousehold),
        headers: { 'Content-Type': 'text/plain' },
      })
      expect((await readProblem(text)).status).toBe(415)
    })
  })

  describe('PATCH with If-Match', () => {
    it('428 without If-Match, or with *, a weak or a listed ETag; nothing changes', async () => {
      const a = world.seedApplicant()
      const before = world.applicantRow(a.id)
      for (const ifMatch of [undefined, '*', 'W/"1"', '"1", "2"', '1']) {
        const res = await world.call('admin', 'PATCH', `/v1/applicants/${a.id}`, {
          body: { resident: false },
          ...(ifMatch === undefined ? {} : { ifMatch }),
        })
        expect((await readProblem(res)).status, String(ifMatch)).toBe(428)
      }
      expect(world.applicantRow(a.id)).toEqual(before)
    })

    it('applies the change, bumps the ETag, and a second writer with the old ETag gets 412 with the current one', async () => {
      const a = world.seedApplicant()
      const first = await world.call('caseworker', 'PATCH', `/v1/applicants/${a.id}`, {
        body: { household: { adults: 2, children: [] } },
        ifMatch: '"1"',
      })
      expect(first.status).toBe(200)
      expect(first.headers.get('etag')).toBe('"2"')
      const second = await world.call('allocator', 'PATCH', `/v1/applicants/${a.id}`, {
        body: { household: { adults: 3, children: [] } },
        ifMatch: '"1"',
      })
      expect(second.status).toBe(412)
      expect(second.headers.get('etag')).toBe('"2"')
      await readProblem(second)
      // The first writer's change stands; the stale one was not applied.
      expect(getApplicant(world.t.db, a.id)).toMatchObject({
        version: 2,
        applicant: { household: { adults: 2 } },
      })
    })

    it('keeps every situation in the history, readable by allocator and admin only', async () => {
      const a = world.seedApplicant({ situation: { code: 'acute', kind: 'shelter', since: '2026-01-10' } })
      const moved = { code: 'institution', kind: 'hvb', since: '2026-03-01' }
      expect(
        (
          await world.call('caseworker', 'PATCH', `/v1/applicants/${a.id}`, {
            body: { situation: moved },
            ifMatch: '"1"',
          })
        ).status,
      ).toBe(200)
      const res = await world.call('allocator', 'GET', `/v1/applicants/${a.id}/situations`)
      const history = situationHistoryView.parse(await res.json())
      expect(history.items.map((h) => [h.code, h.kind, h.since])).toEqual([
        ['acute', 'shelter', '2026-01-10'],
        ['institution', 'hvb', '2026-03-01'],
      ])
      expect((await world.call('caseworker', 'GET', `/v1/applicants/${a.id}/situations`)).status).toBe(403)
    })

    it("refuses to move a household out of the caseworker's caseloads (403), and an empty patch (422)", async () => {
      const a = world.seedApplicant()
      const moved = await world.call('caseworker', 'PATCH', `/v1/applicants/${a.id}`, {
        body: { caseload: otherCaseload },
        ifMatch: '"1"',
      })
      expect(moved.status).toBe(403)
      expect((await readProblem(moved)).errors).toEqual([
        { path: 'caseload', message: 'must be one of your caseloads' },
      ])
      const empty = await world.call('caseworker', 'PATCH', `/v1/applicants/${a.id}`, {
        body: {},
        ifMatch: '"1"',
      })
      expect(empty.status).toBe(422)
      expect((await readProblem(empty)).errors).toEqual([
        { path: '', message: 'must name at least one field to change' },
      ])
      expect(getApplicant(world.t.db, a.id)?.version).toBe(1)
    })
  })

  describe('withdraw', () => {
    it('sets status withdrawn and keeps the record; again changes nothing', async () => {
      const a = world.seedApplicant()
      const res = await world.call('caseworker', 'POST', `/v1/applicants/${a.id}/withdraw`, {
        ifMatch: '"1"',
      })
      expect(res.status).toBe(200)
      expect(applicantFullView.parse(await res.json())).toMatchObject({ status: 'withdrawn', version: 2 })
      const again = await world.call('caseworker', 'POST', `/v1/applicants/${a.id}/withdraw`, {
        ifMatch: '"2"',
      })
      expect(again.status).toBe(200)
      expect(getApplicant(world.t.db, a.id)).toMatchObject({ version: 2, applicant: { status: 'withdrawn' } })
      const listed = await world.call('admin', 'GET', '/v1/applicants', { query: { status: 'withdrawn' } })
      expect(applicantPageView.parse(await listed.json()).items.map((i) => i.id)).toEqual([a.id])
    })
  })

  describe('GET list', () => {
    /** A spread of households to filter; ids sort in seeding order. */
    function seedSpread(): Applicant[] {
      const out: Applicant[] = []
      let n = 0
      for (const code of situationCodes) {
        for (const caseload of [ownCaseload, otherCaseload]) {
          for (const withChildren of [false, true]) {
            n += 1
            out.push(
              world.seedApplicant({
                id: `h-${String(n).padStart(3, '0')}`,
                caseload,
                registeredOn: `2026-0${1 + (n % 6)}-15`,
                situation: { code, kind: situationKinds[code][0], since: '2025-12-01' } as Situation,
                household: { adults: 1, children: withChildren ? [{ birthYear: 2020, birthMonth: 1 }] : [] },
                preferences: {
                  districts: n % 3 === 0 ? ['Väster'] : ['Centrum', 'Söder'],
                  vacancyTypes: ['social_contract'],
                },
                status: n % 5 === 0 ? 'paused' : 'active',
              }),
            )
          }
        }
      }
      return out
    }

    const filters: { query: Record<string, string>; keep: (a: Applicant) => boolean }[] = [
      { query: { situation: 'institution' }, keep: (a) => a.situation?.code === 'institution' },
      { query: { status: 'paused' }, keep: (a) => a.status === 'paused' },
      { query: { caseload: otherCaseload }, keep: (a) => a.caseload === otherCaseload },
      { query: { hasChildren: 'true' }, keep: (a) => a.household.children.length > 0 },
      { query: { hasChildren: 'false' }, keep: (a) => a.household.children.length === 0 },
      { query: { district: 'Väster' }, keep: (a) => a.preferences.districts.includes('Väster') },
      // Compared as the engine compares districts: no case, accents or extra spaces.
      { query: { district: ' vaster ' }, keep: (a) => a.preferences.districts.includes('Väster') },
      { query: { registeredBefore: '2026-03-15' }, keep: (a) => a.registeredOn < '2026-03-15' },
      { query: { registeredAfter: '2026-03-15' }, keep: (a) => a.registeredOn > '2026-03-15' },
      // Situation and children together are read through their index (migration 0018).
      {
        query: { situation: 'long_term_solution', hasChildren: 'false' },
        keep: (a) => a.situation?.code === 'long_term_solution' && a.household.children.length === 0,
      },
      {
        query: { situation: 'acute', hasChildren: 'true', status: 'active' },
        keep: (a) =>
          a.situation?.code === 'acute' && a.household.children.length > 0 && a.status === 'active',
      },
      {
        query: { preventionCase: 'false', hasChildren: 'true' },
        keep: (a) => a.situation !== undefined && a.household.children.length > 0,
      },
      {
        query: { situation: 'acute', hasChildren: 'true', district: 'Söder' },
        keep: (a) =>
          a.situation?.code === 'acute' &&
          a.household.children.length > 0 &&
          a.preferences.districts.includes('Söder'),
      },
    ]

    it('each filter returns exactly the matching households, in id order', async () => {
      const all = seedSpread()
      for (const f of filters) {
        const res = await world.call('allocator', 'GET', '/v1/applicants', {
          query: { ...f.query, limit: '200' },
        })
        const page = applicantPageView.parse(await res.json())
        expect(
          page.items.map((i) => i.id),
          JSON.stringify(f.query),
        ).toEqual(all.filter(f.keep).map((a) => a.id))
        expect(page.nextCursor).toBeNull()
      }
    })

    it("a caseworker's list holds only its caseloads; another caseload's filter gives an empty page", async () => {
      const all = seedSpread()
      const mine = applicantPageView.parse(
        await (await world.call('caseworker', 'GET', '/v1/applicants', { query: { limit: '200' } })).json(),
      )
      expect(mine.items.map((i) => i.id)).toEqual(
        all.filter((a) => a.caseload === ownCaseload).map((a) => a.id),
      )
      const theirs = await world.call('caseworker', 'GET', '/v1/applicants', {
        query: { caseload: otherCaseload },
      })
      expect(applicantPageView.parse(await theirs.json()).items).toEqual([])
    })

    it('refuses bad query parameters with 422 naming them', async () => {
      for (const [query, path] of [
        [{ limit: '0' }, 'limit'],
        [{ limit: '201' }, 'limit'],
        [{ limit: '1e3' }, 'limit'],
        [{ cursor: 'not-a-cursor' }, 'cursor'],
        [{ situation: 'homeless' }, 'situation'],
        [{ hasChildren: 'yes' }, 'hasChildren'],
        [{ registeredBefore: '2026-13-01' }, 'registeredBefore'],
        [{ sort: 'lotteryNumber' }, 'sort'],
      ] as const) {
        const problem = await readProblem(await world.call('admin', 'GET', '/v1/applicants', { query }))
        expect(problem.status, JSON.stringify(query)).toBe(422)
        expect(problem.errors?.map((e) => e.path)).toContain(path)
      }
      const twice = await world.app.request('/v1/applicants?status=active&status=paused', {
        headers: world.tokens.admin.headers,
      })
      expect((await readProblem(twice)).errors).toEqual([{ path: 'status', message: 'must be given once' }])
    })

    it('pages are stable and complete: every household exactly once, in order, for any page size', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 30 }),
          fc.integer({ min: 1, max: 7 }),
          fc.boolean(),
          async (count, limit, filtered) => {
            world.close()
            world = v1World()
            const ids: string[] = []
            for (let i = 0; i < count; i++) {
              ids.push(
                world.seedApplicant({
                  id: `p-${String(i).padStart(2, '0')}`,
                  status: i % 3 === 0 ? 'paused' : 'active',
                }).id,
              )
            }
            const expectedIds = filtered ? ids.filter((_, i) => i % 3 !== 0) : ids
            const seen: string[] = []
            let cursor: string | null = null
            let pages = 0
            do {
              const query: Record<string, string> = {
                limit: String(limit),
                ...(filtered ? { status: 'active' } : {}),
              }
              if (cursor !== null) query.cursor = cursor
              const page = applicantPageView.parse(
                await (await world.call('caseworker', 'GET', '/v1/applicants', { query })).json(),
              )
              expect(page.items.length).toBeLessThanOrEqual(limit)
              seen.push(...page.items.map((i) => i.id))
              cursor = page.nextCursor
              pages += 1
              expect(pages).toBeLessThanOrEqual(count + 2)
            } while (cursor !== null)
            expect(seen).toEqual(expectedIds)
          },
        ),
        { seed: 20260505, numRuns: 12 },
      )
    })

    it('a list read is on the trail of every household the page showed, and of none it did not', async () => {
      const [a, b, c] = [world.seedApplicant(), world.seedApplicant(), world.seedApplicant()]
      const res = await world.call('allocator', 'GET', '/v1/applicants', {
        query: { limit: '2' },
        headers: { 'X-Request-Id': 'list-1' },
      })
      const shown = applicantPageView.parse(await res.json()).items.map((i) => i.id)
      const listId = res.headers.get('x-request-id')
      expect(shown).toEqual([a.id, b.id])
      const listReads = async (id: string) => {
        const trail = await world.call('admin', 'GET', '/v1/audit', { query: { applicantId: id } })
        const body = (await trail.json()) as { entries: { action: string; requestId: string }[] }
        return body.entries.filter((e) => e.action === 'applicant.list').map((e) => e.requestId)
      }
      expect(await listReads(a.id)).toEqual([listId])
      expect(await listReads(b.id)).toEqual([listId])
      expect(await listReads(c.id)).toEqual([])
    })
  })

  describe('GET stats', () => {
    it('counts per situation, status and children, with small cells suppressed (secondary too)', async () => {
      const seed = (code: (typeof situationCodes)[number], n: number, children: boolean) => {
        for (let i = 0; i < n; i++) {
          world.seedApplicant({
            situation: { code, kind: situationKinds[code][0], since: '2026-01-01' } as Situation,
            household: { adults: 1, children: children ? [{ birthYear: 2021, birthMonth: 3 }] : [] },
          })
        }
      }
      seed('acute', 7, true)
      seed('institution', 3, false)
      seed('short_term_self_arranged', 6, false)
      const res = await world.call('analyst', 'GET', '/v1/applicants/stats')
      const stats = applicantStatsView.parse(await res.json())
      expect(stats.total).toEqual({ count: 16, suppressed: false })
      expect(stats.bySituation).toEqual({
        acute: { count: 7, suppressed: false },
        institution: { count: null, suppressed: true },
        long_term_solution: { count: 0, suppressed: false },
        // 6 would give away institution's 3 as 16 − 7 − 6: suppressed as well.
        short_term_self_arranged: { count: null, suppressed: true },
      })
      expect(stats.byStatus.active).toEqual({ count: 16, suppressed: false })
      expect(stats.byChildren).toEqual({
        withChildren: { count: 7, suppressed: false },
        withoutChildren: { count: 9, suppressed: false },
      })
      expect(applicantStatuses.every((s) => stats.byStatus[s] !== undefined)).toBe(true)
    })
  })
})

describe('a culled household says so when it is read', () => {
  let world: V1World
  beforeEach(() => {
    world = v1World()
    seedRetentionFixture(world.t)
    const run = runRetention(world.t.db, {
      periods: defaultRetentionSettings,
      principal: { tokenId: 'cli', role: 'admin', caseloads: [] },
      now: retentionNow,
    })
    if (!run.ok) throw new Error(run.error.detail)
  })
  afterEach(() => world.close())

  it('GET /v1/applicants/:id gives `culled: { on }` for a culled household, and nothing of the kind for one kept', async () => {
    const culledDay = retentionNow.toISOString().slice(0, 10)
    for (const id of ['H-GONE', 'H-PROT', 'H-WD']) {
      const res = await world.call('admin', 'GET', `/v1/applicants/${id}`)
      expect(res.status).toBe(200)
      const body = applicantFullView.parse(await res.json())
      expect(body.culled, id).toEqual({ on: culledDay })
    }
    const kept = await world.call('allocator', 'GET', '/v1/applicants/H-RECENT')
    expect(kept.status).toBe(200)
    expect(applicantFullView.parse(await kept.json())).not.toHaveProperty('culled')
  })

  it('the register extract gives `culled: { on }` and its document says in a sentence that the details are placeholders; a kept household’s neither', async () => {
    const culledDay = retentionNow.toISOString().slice(0, 10)
    const sentence = 'Det som visas nedan är neutrala platshållare som finns kvar för uppföljningens räkning'
    const res = await world.call('admin', 'GET', '/v1/applicants/H-GONE/extract')
    expect(res.status).toBe(200)
    expect(extractView.parse(await res.json()).culled).toEqual({ on: culledDay })
    const doc = await world.call('admin', 'GET', '/v1/applicants/H-GONE/extract/document')
    expect(doc.status).toBe(200)
    expect(await doc.text()).toContain(sentence)
    const kept = await world.call('allocator', 'GET', '/v1/applicants/H-RECENT/extract')
    expect(kept.status).toBe(200)
    expect(extractView.parse(await kept.json())).not.toHaveProperty('culled')
    const keptDoc = await world.call('allocator', 'GET', '/v1/applicants/H-RECENT/extract/document')
    expect(await keptDoc.text()).not.toContain(sentence)
  })
})
