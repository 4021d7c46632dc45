/**
 * The route × role matrix, generated from the route table: every v1 route is
 * called by every role; a route with an id is called for an object the role
 * may see ("own") and one it may not ("foreign"). The expected status comes
 * from the route's declared roles and the scoping rules written out below,
 * independently of the services' own scope functions:
 *
 * - a role not listed on the route: 403;
 * - a caseworker and another caseload's household, obo and another landlord's unit: 404;
 * - otherwise the route's success status, with a body that parses with the
 *   role's strict view and an ETag equal to the body's version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { getVacancy } from '../../../db/repo/vacancies.ts'
import type { AnyRoute, ObjectKind } from '../../../src/api/routes/v1/index.ts'
import { v1Routes } from '../../../src/api/routes/v1/index.ts'
import { applicantViewSchema } from '../../../src/api/views/applicant.ts'
import { type Role, roles } from '../../../src/domain/roles.ts'
import { readProblem } from '../problem-schema.ts'
import { otherCaseload, ownCaseload, seedPolicies, type V1World, v1World } from './support.ts'

type Which = 'own' | 'foreign'

/** The scoping rules as the issue states them. */
function visible(role: Role, kind: ObjectKind, which: Which): boolean {
  if (which === 'own') return true
  if (kind === 'applicant') return role !== 'caseworker'
  if (kind === 'vacancy') return role !== 'obo'
  return true
}

function successStatus(route: AnyRoute): number {
  const statuses = Object.keys(route.responses).map(Number)
  const ok = statuses.find((s) => s >= 200 && s < 300)
  if (ok === undefined) throw new Error(`${route.operationId} declares no success response`)
  return ok
}

function expected(route: AnyRoute, role: Role, which: Which): number {
  if (!route.roles.includes(role)) return 403
  if (route.object !== undefined && !visible(role, route.object, which)) return 404
  return successStatus(route)
}

/** Seeds one own and one foreign object of each kind; returns their path parameters. */
function seedObjects(world: V1World): Record<ObjectKind, Record<Which, Record<string, string>>> {
  const own = world.seedApplicant({ caseload: ownCaseload })
  const foreign = world.seedApplicant({ caseload: otherCaseload })
  const ownUnit = world.seedVacancy({ landlord: 'obo', type: 'obo_priority' })
  const foreignUnit = world.seedVacancy({ landlord: 'municipality' })
  seedPolicies(world)
  return {
    applicant: { own: { id: own.id }, foreign: { id: foreign.id } },
    vacancy: { own: { id: ownUnit.id }, foreign: { id: foreignUnit.id } },
    policy: { own: { id: 'orebro-default', version: '1' }, foreign: { id: 'orebro-default', version: '2' } },
  }
}

function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? `missing-${name}`))
}

let serial = 0

/**
 * The route's example, adjusted so that it is in scope for every role that may
 * call it, and with a fresh external reference (a repeated one is a 409, rightly).
 */
function exampleBody(route: AnyRoute): unknown {
  const body = route.example?.body
  if (body === null || typeof body !== 'object') return body
  serial += 1
  return {
    ...body,
    ...('caseload' in body ? { caseload: ownCaseload } : {}),
    ...('externalRef' in body ? { externalRef: `OBO-${serial}` } : {}),
  }
}

/** The stored version, so that an earlier role's successful write does not turn the next call into a 412. */
function currentVersion(
  world: V1World,
  kind: ObjectKind | undefined,
  params: Record<string, string>,
): number {
  const id = params.id ?? ''
  if (kind === 'applicant') return getApplicant(world.t.db, id)?.version ?? 1
  if (kind === 'vacancy') return getVacancy(world.t.db, id)?.version ?? 1
  return 1
}

async function call(world: V1World, route: AnyRoute, role: Role, params: Record<string, string>) {
  return world.call(role, route.method, fillPath(route.path, params), {
    ...(route.example?.query === undefined ? {} : { query: route.example.query }),
    ...(route.body === undefined ? {} : { body: exampleBody(route) }),
    ...(route.ifMatch ? { ifMatch: `"${currentVersion(world, route.object, params)}"` } : {}),
  })
}

async function checkSuccess(route: AnyRoute, role: Role, res: Response): Promise<void> {
  const spec = route.responses[res.status]
  expect(spec, `${route.operationId} answered an undeclared ${res.status}`).toBeDefined()
  const media = spec?.mediaType ?? 'application/json'
  expect(res.headers.get('content-type')).toContain(media.split(';')[0])
  if (!media.startsWith('application/json')) {
    expect((await res.text()).length).toBeGreaterThan(0)
    return
  }
  const body: unknown = await res.json()
  // The route's declared schema, and for a household the stricter schema of the role that asked.
  spec?.schema?.parse(body)
  const perRole =
    route.tag === 'applicants' &&
    route.object !== undefined &&
    route.operationId !== 'applicantSituationHistory'
  if (perRole || route.operationId === 'createApplicant') {
    const schema = applicantViewSchema(role)
    expect(schema, `${role} got a household record`).toBeDefined()
    schema?.parse(body)
  }
  if (spec?.etag) {
    expect(res.headers.get('etag')).toBe(`"${(body as { version: number }).version}"`)
  }
}

describe('route × role matrix (generated from the route table)', () => {
  const withId = v1Routes.filter((r) => r.object !== undefined)
  const withoutId = v1Routes.filter((r) => r.object === undefined)

  it('covers every route with an id and every role', () => {
    expect(withId.length).toBeGreaterThanOrEqual(10)
    expect(new Set(withId.map((r) => r.object))).toEqual(new Set(['applicant', 'vacancy', 'policy']))
  })

  // One world per route (a fresh database costs more than the calls); the roles take turns in it.
  for (const route of withId) {
    describe(`${route.method} ${route.path}`, () => {
      let world: V1World
      let objects: ReturnType<typeof seedObjects>
      beforeAll(() => {
        world = v1World()
        objects = seedObjects(world)
      })
      afterAll(() => world.close())

      for (const role of roles) {
        const own = expected(route, role, 'own')
        const foreign = expected(route, role, 'foreign')
        it(`as ${role}: own ${own}, foreign ${foreign}`, async () => {
          const kind = route.object as ObjectKind
          const deniedBefore = world.auditActions().filter((a) => a.action.endsWith('_denied')).length
          for (const which of ['own', 'foreign'] as const) {
            const res = await call(world, route, role, objects[kind][which])
            const want = expected(route, role, which)
            expect(res.status, `${which} object`).toBe(want)
            if (want >= 400) {
              const problem = await readProblem(res)
              expect(problem.status).toBe(want)
            } else await checkSuccess(route, role, res)
          }
          const denied = world.auditActions().filter((a) => a.action.endsWith('_denied'))
          if (kind === 'applicant' && foreign === 404) {
            // The refused attempt on the other caseload's household is on record.
            expect(denied.slice(deniedBefore)).toEqual([
              expect.objectContaining({ objectId: objects.applicant.foreign.id, role: 'caseworker' }),
            ])
          } else expect(denied.length).toBe(deniedBefore)
        })
      }
    })
  }

  for (const route of withoutId) {
    describe(`${route.method} ${route.path}`, () => {
      let world: V1World
      beforeAll(() => {
        world = v1World()
        seedObjects(world)
      })
      afterAll(() => world.close())
      for (const role of roles) {
        const want = expected(route, role, 'own')
        it(`as ${role}: ${want}`, async () => {
          const res = await call(world, route, role, {})
          expect(res.status).toBe(want)
          if (want >= 400) await readProblem(res)
          else await checkSuccess(route, role, res)
        })
      }
    })
  }

  describe('answers that do not depend on the role', () => {
    let world: V1World
    let objects: ReturnType<typeof seedObjects>
    beforeAll(() => {
      world = v1World()
      objects = seedObjects(world)
    })
    afterAll(() => world.close())

    it('a missing id answers exactly as a foreign one (same status and detail)', async () => {
      const foreign = await readProblem(
        await world.call('caseworker', 'GET', `/v1/applicants/${objects.applicant.foreign.id}`),
      )
      const missing = await readProblem(await world.call('caseworker', 'GET', '/v1/applicants/no-such-id'))
      expect({ ...foreign, instance: '' }).toEqual({ ...missing, instance: '' })
    })

    it('every route answers 401 problem+json without a token', async () => {
      for (const route of v1Routes) {
        const res = await world.call(null, route.method, fillPath(route.path, { id: 'x', version: '1' }))
        expect(res.status, route.operationId).toBe(401)
        await readProblem(res)
      }
    })
  })
})
