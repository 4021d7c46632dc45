import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getVacancy } from '../../../db/repo/vacancies.ts'
import { vacancyPageView, vacancyView } from '../../../src/api/views/vacancy.ts'
import { readProblem } from '../problem-schema.ts'
import { type V1World, v1World } from './support.ts'

const unit = {
  type: 'obo_priority',
  landlord: 'obo',
  externalRef: 'OBO-77',
  district: 'Väster',
  rooms: 2,
  areaM2: 58,
  rent: 6900,
  floor: 2,
  elevator: true,
  wheelchairAccessible: false,
  availableFrom: '2026-12-01',
  restrictions: { supportOnSite: false },
}

describe('/v1/vacancies', () => {
  let world: V1World
  beforeEach(() => {
    world = v1World()
  })
  afterEach(() => world.close())

  it('ÖBO registers its own unit (open, version 1, audited); a second with the same externalRef is 409', async () => {
    const res = await world.call('obo', 'POST', '/v1/vacancies', { body: unit })
    expect(res.status).toBe(201)
    const body = vacancyView.parse(await res.json())
    expect(body).toMatchObject({ status: 'open', version: 1, externalRef: 'OBO-77' })
    expect(world.auditActions()).toEqual([{ action: 'vacancy.create', objectId: body.id, role: 'obo' }])
    const again = await world.call('obo', 'POST', '/v1/vacancies', { body: unit })
    expect((await readProblem(again)).status).toBe(409)
  })

  it("ÖBO cannot register or take over another landlord's unit", async () => {
    const res = await world.call('obo', 'POST', '/v1/vacancies', {
      body: { ...unit, landlord: 'municipality' },
    })
    expect(res.status).toBe(403)
    expect((await readProblem(res)).errors?.map((e) => e.path)).toEqual(['landlord'])
    const own = world.seedVacancy({ landlord: 'obo', type: 'obo_priority' })
    const moved = await world.call('obo', 'PATCH', `/v1/vacancies/${own.id}`, {
      body: { landlord: 'private' },
      ifMatch: '"1"',
    })
    expect(moved.status).toBe(403)
    expect(getVacancy(world.t.db, own.id)?.vacancy.landlord).toBe('obo')
  })

  it('a well-formed If-Match of any length the document allows is a version: a stale one is 412, never 428', async () => {
    const v = world.seedVacancy()
    for (const quoted of ['"1234567890"', '"999999999999999"']) {
      const res = await world.call('allocator', 'PATCH', `/v1/vacancies/${v.id}`, {
        body: { rent: 7100 },
        ifMatch: quoted,
      })
      expect(res.status, quoted).toBe(412)
      expect(res.headers.get('etag')).toBe('"1"')
    }
  })

  it('updates with If-Match (412 when stale) and withdraws; a let unit cannot be withdrawn', async () => {
    const v = world.seedVacancy()
    expect(
      (await world.call('allocator', 'PATCH', `/v1/vacancies/${v.id}`, { body: { rent: 7100 } })).status,
    ).toBe(428)
    const ok = await world.call('allocator', 'PATCH', `/v1/vacancies/${v.id}`, {
      body: { rent: 7100 },
      ifMatch: '"1"',
    })
    expect(vacancyView.parse(await ok.json())).toMatchObject({ rent: 7100, version: 2 })
    const stale = await world.call('allocator', 'PATCH', `/v1/vacancies/${v.id}`, {
      body: { rent: 1 },
      ifMatch: '"1"',
    })
    expect(stale.status).toBe(412)
    expect(stale.headers.get('etag')).toBe('"2"')
    const out = await world.call('allocator', 'POST', `/v1/vacancies/${v.id}/withdraw`, { ifMatch: '"2"' })
    expect(vacancyView.parse(await out.json())).toMatchObject({ status: 'withdrawn', rent: 7100, version: 3 })
    const let_ = world.seedVacancy({ status: 'let' })
    expect(
      (await world.call('admin', 'POST', `/v1/vacancies/${let_.id}/withdraw`, { ifMatch: '"1"' })).status,
    ).toBe(409)
    expect(world.auditActions().map((a) => a.action)).toEqual(['vacancy.update', 'vacancy.withdraw'])
  })

  it('filters by type, district, status, landlord and availableBefore; ÖBO sees only its own units', async () => {
    const a = world.seedVacancy({ type: 'social_contract', district: 'Norr', availableFrom: '2026-10-01' })
    const b = world.seedVacancy({
      type: 'obo_priority',
      landlord: 'obo',
      district: 'Norr',
      availableFrom: '2026-12-01',
    })
    const c = world.seedVacancy({
      type: 'trial_flat',
      district: 'Söder',
      status: 'withdrawn',
      availableFrom: '2026-09-01',
    })
    const ids = async (role: 'admin' | 'obo' | 'caseworker', query: Record<string, string>) =>
      vacancyPageView
        .parse(await (await world.call(role, 'GET', '/v1/vacancies', { query })).json())
        .items.map((v) => v.id)
    expect(await ids('admin', {})).toEqual([a.id, b.id, c.id])
    expect(await ids('admin', { district: 'Norr' })).toEqual([a.id, b.id])
    expect(await ids('admin', { district: 'NORR' })).toEqual([a.id, b.id]) // as the engine compares districts
    expect(await ids('admin', { type: 'trial_flat' })).toEqual([c.id])
    expect(await ids('admin', { status: 'open' })).toEqual([a.id, b.id])
    expect(await ids('admin', { landlord: 'obo' })).toEqual([b.id])
    expect(await ids('admin', { availableBefore: '2026-12-01' })).toEqual([a.id, c.id])
    expect(await ids('caseworker', { limit: '2' })).toEqual([a.id, b.id])
    expect(await ids('obo', {})).toEqual([b.id])
  })
})
