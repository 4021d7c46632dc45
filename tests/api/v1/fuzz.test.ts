/**
 * Schema-driven fuzzing of every v1 route by every role: bodies and query
 * strings generated from the zod schemas (valid, one thing broken, or
 * anything at all), ids that exist in and out of scope or not at all, good,
 * stale, odd or no If-Match. The invariant: never a 5xx; every 4xx is a
 * problem+json whose status matches; every 2xx JSON parses with the route's
 * declared schema. Fixed seed, bounded runs. The other direction (every
 * request the document allows is accepted and answered as documented) is
 * tests/api/contract.test.ts.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AnyRoute, v1Routes } from '../../../src/api/routes/v1/index.ts'
import { roles } from '../../../src/domain/roles.ts'
import { readProblem } from '../problem-schema.ts'
import { mutated, validOf } from './arbitraries.ts'
import { otherCaseload, ownCaseload, seedPolicies, type V1World, v1World } from './support.ts'

function bodyArbitrary(route: AnyRoute): fc.Arbitrary<unknown> {
  if (route.body === undefined) return fc.constant(undefined)
  const valid = validOf(route.body)
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 3, arbitrary: mutated(valid) },
    { weight: 1, arbitrary: fc.constant(route.example?.body) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  )
}

function queryArbitrary(route: AnyRoute): fc.Arbitrary<Record<string, string>> {
  if (route.query === undefined) return fc.constant({})
  const valid = validOf(route.query).map((q) =>
    Object.fromEntries(Object.entries(q as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
  )
  const broken = fc.dictionary(
    fc.oneof(
      fc.constantFrom('limit', 'cursor', 'status', 'district', 'lang', 'situation'),
      fc.string({ maxLength: 8 }),
    ),
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('0', '-1', '99999999999', 'true', 'c1.!!', 'c1.YS0x'),
    ),
    { maxKeys: 3 },
  )
  return fc.oneof(valid, broken)
}

describe('schema-driven fuzzing of every route and role', () => {
  let world: V1World
  let ids: string[]
  beforeAll(() => {
    world = v1World()
    seedPolicies(world)
    ids = [
      world.seedApplicant({ caseload: ownCaseload }).id,
      world.seedApplicant({
        caseload: otherCaseload,
        safety: { protectedIdentity: true, domesticViolence: true, excludedDistricts: ['Norr'] },
      }).id,
      world.seedVacancy({ landlord: 'obo' }).id,
      world.seedVacancy({ landlord: 'municipality' }).id,
    ]
  })
  afterAll(() => world.close())

  it('never answers 5xx; every 4xx is problem+json; every 2xx parses with the route schema', async () => {
    const byId = new Map(v1Routes.map((r) => [r.operationId, r]))
    // Routes are drawn by operationId so that a counterexample reads as one line.
    const request = fc.constantFrom(...byId.keys()).chain((operationId) =>
      fc.record({
        operationId: fc.constant(operationId),
        role: fc.constantFrom(...roles),
        id: fc.oneof(fc.constantFrom(...ids, 'orebro-default'), fc.string({ maxLength: 70 })),
        version: fc.oneof(fc.constantFrom('1', '2'), fc.string({ maxLength: 10 })),
        body: bodyArbitrary(byId.get(operationId) as AnyRoute),
        query: queryArbitrary(byId.get(operationId) as AnyRoute),
        ifMatch: fc.option(
          fc.oneof(fc.constantFrom('"1"', '"2"', '"3"', '*', 'W/"1"'), fc.string({ maxLength: 12 })),
          { nil: undefined },
        ),
      }),
    )
    let statuses = 0
    const seen = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(request, async ({ operationId, role, id, version, body, query, ifMatch }) => {
        const route = byId.get(operationId) as AnyRoute
        const path = route.path
          .replace(':id', encodeURIComponent(id) || 'x')
          .replace(':version', encodeURIComponent(version) || 'x')
        let res: Response
        try {
          res = await world.call(role, route.method, path, {
            query,
            ...(body === undefined ? {} : { body }),
            ...(ifMatch === undefined ? {} : { ifMatch }),
          })
        } catch (error) {
          // A header value fetch refuses (e.g. a control character) never reaches the app.
          if (error instanceof TypeError) return
          throw error
        }
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1)
        statuses += 1
        expect(res.status, `${route.operationId} as ${role}`).toBeLessThan(500)
        if (res.status >= 400) {
          const problem = await readProblem(res)
          expect(problem.instance.length).toBeGreaterThan(0)
        } else {
          const spec = route.responses[res.status]
          expect(spec, `${route.operationId} answered undeclared ${res.status}`).toBeDefined()
          if ((spec?.mediaType ?? 'application/json').startsWith('application/json'))
            spec?.schema?.parse(await res.json())
        }
      }),
      { seed: 5_2026, numRuns: 600 },
    )
    // The runs reached the handlers, not only the guards: successes and validation refusals both occurred.
    expect(statuses).toBeGreaterThan(500)
    for (const status of [200, 403, 404, 422])
      expect(seen.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0)
    expect(world.logText()).not.toContain('"level":50')
  })
})
