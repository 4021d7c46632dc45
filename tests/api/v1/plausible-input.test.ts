/**
 * Faults: look-alike district names (a Cyrillic а, a zero-width space, a fullwidth O with a
 * combining diaeresis) were stored and never matched the district, so a safety exclusion silently
 * did not apply; now a district field is normalised and must name a district of the municipality.
 * And implausible dates (9999-12-31, 0001-01-01, a child born in 2100) were accepted: now a write is
 * held to a plausible range around the day it is made, a rule the OpenAPI document states in words.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { getVacancy } from '../../../db/repo/vacancies.ts'
import { applicantFullView } from '../../../src/api/views/applicant.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'
import { readProblem } from '../problem-schema.ts'
import { ownCaseload, type V1World, v1World } from './support.ts'

const {
  id: _id,
  registeredOn: _r,
  lotteryNumber: _l,
  status: _s,
  declinedVacancyIds: _d,
  ...household
} = makeApplicant({ caseload: ownCaseload })
const { id: _vid, status: _vs, ...unit } = makeVacancy({ landlord: 'municipality' })

const withDistricts = (excluded: string[], preferred: string[] = []) => ({
  ...household,
  safety: { ...household.safety, excludedDistricts: excluded },
  preferences: { ...household.preferences, districts: preferred },
})

describe('district names in writes', () => {
  let world: V1World
  afterEach(() => world.close())

  it('the issue’s look-alikes: an invisible character is refused, an unknown spelling gets the closest name, NFKC folds the rest', async () => {
    world = v1World()
    const res = await world.call('allocator', 'POST', '/v1/applicants', {
      body: withDistricts(['V\u0430ster', 'Norr\u200b', '\uff2f\u0308ster']),
    })
    expect(res.status).toBe(422)
    expect((await readProblem(res)).errors).toEqual([
      {
        path: 'safety.excludedDistricts[1]',
        message: 'must not contain invisible or control characters (such as a zero-width space)',
      },
    ])
    const cyrillic = await world.call('allocator', 'POST', '/v1/applicants', {
      body: withDistricts(['V\u0430ster', '\uff2f\u0308ster']),
    })
    expect(cyrillic.status).toBe(422)
    expect((await readProblem(cyrillic)).errors).toEqual([
      {
        path: 'safety.excludedDistricts[0]',
        message: 'is not a district of the municipality; the closest is "Väster"',
      },
    ])
    expect(world.auditActions().filter((a) => a.action.startsWith('applicant.create'))).toEqual([])
  })

  it('stores the municipality’s spelling, so an exclusion always compares equal to the district', async () => {
    world = v1World()
    const res = await world.call('allocator', 'POST', '/v1/applicants', {
      body: withDistricts(['\uff2f\u0308ster', 'vaster'], ['NORR']),
    })
    expect(res.status).toBe(201)
    const { id } = applicantFullView.parse(await res.json())
    const stored = getApplicant(world.t.db, id)?.applicant
    expect(stored?.safety.excludedDistricts).toEqual(['Öster', 'Väster'])
    expect(stored?.preferences.districts).toEqual(['Norr'])
  })

  it('an update and a vacancy are checked the same way', async () => {
    world = v1World()
    const a = world.seedApplicant()
    const patched = await world.call('allocator', 'PATCH', `/v1/applicants/${a.id}`, {
      ifMatch: '"1"',
      body: { preferences: { ...a.preferences, districts: ['Soder'] } },
    })
    expect(patched.status).toBe(200)
    expect(getApplicant(world.t.db, a.id)?.applicant.preferences.districts).toEqual(['Söder'])
    const refused = await world.call('allocator', 'PATCH', `/v1/applicants/${a.id}`, {
      ifMatch: '"2"',
      body: { safety: { ...a.safety, excludedDistricts: ['Vivala'] } },
    })
    expect((await readProblem(refused)).errors).toEqual([
      {
        path: 'safety.excludedDistricts[0]',
        message: 'is not a district of the municipality; the closest is "Vivalla"',
      },
    ])
    const vacancy = await world.call('allocator', 'POST', '/v1/vacancies', {
      body: { ...unit, district: 'Baronbacka' },
    })
    expect((await readProblem(vacancy)).errors).toEqual([
      { path: 'district', message: 'is not a district of the municipality; the closest is "Baronbackarna"' },
    ])
    const v = world.seedVacancy()
    const moved = await world.call('allocator', 'PATCH', `/v1/vacancies/${v.id}`, {
      ifMatch: '"1"',
      body: { district: 'lillan' },
    })
    expect(moved.status).toBe(200)
    expect(getVacancy(world.t.db, v.id)?.vacancy.district).toBe('Lillån')
  })

  it('HEMVIST_DISTRICTS replaces Örebro’s list', async () => {
    world = v1World({ HEMVIST_DISTRICTS: 'Haga,Majorna' })
    const res = await world.call('allocator', 'POST', '/v1/applicants', { body: withDistricts(['Väster']) })
    expect((await readProblem(res)).errors).toEqual([
      {
        path: 'safety.excludedDistricts[0]',
        message: 'is not a district of the municipality; the closest is "Haga"',
      },
    ])
    expect(
      (await world.call('allocator', 'POST', '/v1/applicants', { body: withDistricts(['majorna']) })).status,
    ).toBe(201)
  })
})

describe('dates in writes', () => {
  let world: V1World
  afterEach(() => world.close())

  it('implausible dates are a 422 naming each field, and nothing is stored', async () => {
    world = v1World()
    const res = await world.call('allocator', 'POST', '/v1/applicants', {
      body: {
        ...household,
        situation: { ...household.situation, since: '9999-12-31' },
        urgency: { evictionDate: '0001-01-01' },
        household: { adults: 1, children: [{ birthYear: 2100, birthMonth: 1 }] },
      },
    })
    expect(res.status).toBe(422)
    expect((await readProblem(res)).errors?.map((e) => e.path)).toEqual([
      'situation.since',
      'urgency.evictionDate',
      'household.children[0].birthYear',
    ])
    const a = world.seedApplicant()
    const patched = await world.call('allocator', 'PATCH', `/v1/applicants/${a.id}`, {
      ifMatch: '"1"',
      body: { urgency: { releaseDate: '9999-01-01' } },
    })
    expect((await readProblem(patched)).errors?.map((e) => e.path)).toEqual(['urgency.releaseDate'])
    const unitRes = await world.call('allocator', 'POST', '/v1/vacancies', {
      body: { ...unit, availableFrom: '0001-01-01' },
    })
    expect((await readProblem(unitRes)).errors?.map((e) => e.path)).toEqual(['availableFrom'])
    expect(world.t.sqlite.prepare('SELECT count(*) FROM applicants').pluck().get()).toBe(1)
  })
})
