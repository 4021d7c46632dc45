/**
 * Sizes a client does not get to choose: 10⁵-element arrays and 1 MB strings
 * are refused (422 under the body limit, 413 over it) with a bounded error
 * body, and nothing is written; page sizes beyond 200 are a 422.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maxIssues } from '../../../src/api/routes/v1/define.ts'
import { defaultPolicy } from '../../../src/domain/policy.ts'
import { makeApplicant } from '../../support/builders.ts'
import { readProblem } from '../problem-schema.ts'
import { ownCaseload, type V1World, v1World } from './support.ts'

const {
  id: _i,
  registeredOn: _r,
  lotteryNumber: _l,
  status: _s,
  declinedVacancyIds: _d,
  ...household
} = makeApplicant({
  caseload: ownCaseload,
})

describe('limits', () => {
  let world: V1World
  beforeAll(() => {
    world = v1World()
  })
  afterAll(() => world.close())

  const nothingWritten = () => {
    expect(world.auditActions()).toEqual([])
  }

  it('a 10⁵-element array of valid items is a 422 naming the field', async () => {
    const res = await world.call('admin', 'POST', '/v1/applicants', {
      body: {
        ...household,
        preferences: { districts: Array(100_000).fill('Norr'), vacancyTypes: ['trial_flat'] },
      },
    })
    const problem = await readProblem(res)
    expect(problem.status).toBe(422)
    expect(problem.errors).toContainEqual({
      path: 'preferences.districts',
      message: 'must list at most 10 districts',
    })
    nothingWritten()
  })

  it('a 10⁵-element array of invalid items is refused on its length alone', async () => {
    const res = await world.call('admin', 'POST', '/v1/applicants', {
      body: { ...household, household: { adults: 1, children: Array(100_000).fill(7) } },
    })
    const problem = await readProblem(res)
    expect(problem.errors).toEqual([{ path: 'household.children', message: 'must list at most 15 children' }])
    nothingWritten()
  })

  it('many invalid items answer a bounded list of issues, saying how many more there were', async () => {
    const { version: _v, ...policy } = defaultPolicy
    const res = await world.call('admin', 'POST', '/v1/policies', {
      body: {
        ...policy,
        vulnerableDistricts: Array(100).fill(7),
        constraints: {
          ...policy.constraints,
          districtCaps: { ...policy.constraints.districtCaps, districts: Array(100).fill(7) },
        },
      },
    })
    const problem = await readProblem(res)
    expect(problem.status).toBe(422)
    expect(problem.errors?.length).toBe(maxIssues + 1)
    expect(problem.errors?.at(-1)).toEqual({ path: '', message: 'and 100 more issues not listed' })
    nothingWritten()
  })

  it('a string just under 1 MB is a 422; a body over 1 MiB is a 413 before any handler runs', async () => {
    const long = await world.call('admin', 'POST', '/v1/vacancies', {
      body: { district: 'x'.repeat(1_000_000) },
    })
    const problem = await readProblem(long)
    expect(problem.status).toBe(422)
    expect(problem.errors).toContainEqual({ path: 'district', message: 'must be at most 64 characters' })
    expect(JSON.stringify(problem).length).toBeLessThan(10_000)
    const over = await world.call('admin', 'POST', '/v1/applicants', {
      body: {
        ...household,
        preferences: { districts: ['x'.repeat(1_100_000)], vacancyTypes: ['trial_flat'] },
      },
    })
    expect((await readProblem(over)).status).toBe(413)
    nothingWritten()
  })

  it('deeply nested JSON is refused without a 5xx', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    const res = await world.call('admin', 'POST', '/v1/applicants', { rawBody: deep })
    const problem = await readProblem(res)
    expect([400, 422]).toContain(problem.status)
    nothingWritten()
  })

  it('a page size beyond 200 is a 422, never a silent clamp; 200 is accepted', async () => {
    for (const limit of ['201', '1000000', '99999999999999999999']) {
      const problem = await readProblem(
        await world.call('admin', 'GET', '/v1/applicants', { query: { limit } }),
      )
      expect(
        problem.errors?.map((e) => e.path),
        limit,
      ).toEqual(['limit'])
    }
    expect((await world.call('admin', 'GET', '/v1/applicants', { query: { limit: '200' } })).status).toBe(200)
    expect((await world.call('admin', 'GET', '/v1/vacancies', { query: { limit: '201' } })).status).toBe(422)
  })
})
