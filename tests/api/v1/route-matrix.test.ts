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
import { freshEndedPlacement, freshOffer, freshPlacement, freshRound } from './round-world.ts'
import { otherCaseload, ownCaseload, seedPolicies, type V1World, v1World } from './support.ts'

type Which = 'own' | 'foreign'

/** The scoping rules as the issue states them. */
function visible(role: Role, kind: ObjectKind, which: Which): boolean {
  if (which === 'own') return true
  // A household of a round's pool is scoped like the household.
  if (kind === 'applicant' || kind === 'roundHousehold') return role !== 'caseworker'
  if (kind === 'vacancy') return role !== 'obo'
  // Offers and placements belong to a household's caseload, like the household.
  if (kind === 'offer' || kind === 'placement') return role !== 'caseworker'
  return true
}

/** The success status of a first call: the highest declared (a create's 202, not the 200 of a retried Idempotency-Key). */
function successStatus(route: AnyRoute): number {
  const statuses = Object.keys(route.responses)
    .map(Number)
    .filter((s) => s >= 200 && s < 300)
  if (statuses.length === 0) throw new Error(`${route.operationId} declares no success response`)
  return Math.max(...statuses)
}

function expected(route: AnyRoute, role: Role, which: Which): number {
  if (!route.roles.includes(role)) return 403
  if (route.object !== undefined && !visible(role, route.object, which)) return 404
  return successStatus(route)
}

type Objects = Record<ObjectKind, Record<Which, Record<string, string>>>

/** Seeds one own and one foreign object of each kind; returns their path parameters. */
async function seedObjects(world: V1World): Promise<Objects> {
  // They lose every tie, so the fresh rounds below propose their own new households (the ÖBO unit
  // goes to nobody: these households hold no ÖBO priority decision).
  const own = world.seedApplicant({ caseload: ownCaseload, lotteryNumber: 2 ** 31 - 2 })
  const foreign = world.seedApplicant({ caseload: otherCaseload, lotteryNumber: 2 ** 31 - 2 })
  const ownUnit = world.seedVacancy({ landlord: 'obo', type: 'obo_priority' })
  const foreignUnit = world.seedVacancy({ landlord: 'municipality' })
  seedPolicies(world)
  const round = await freshRound(world, ownCaseload)
  const ownOffer = await freshOffer(world, ownCaseload)
  const foreignOffer = await freshOffer(world, otherCaseload)
  const ownPlacement = await freshPlacement(world, ownCaseload)
  const foreignPlacement = await freshPlacement(world, otherCaseload)
  return {
    applicant: { own: { id: own.id }, foreign: { id: foreign.id } },
    vacancy: { own: { id: ownUnit.id }, foreign: { id: foreignUnit.id } },
    policy: { own: { id: 'orebro-default', version: '1' }, foreign: { id: 'orebro-default', version: '2' } },
    round: { own: { id: round.roundId }, foreign: { id: round.roundId } },
    // Both households were active when the round took its pool.
    roundHousehold: {
      own: { id: round.roundId, householdId: own.id },
      foreign: { id: round.roundId, householdId: foreign.id },
    },
    offer: {
      own: { id: ownOffer.offerId, applicantId: ownOffer.applicantId },
      foreign: { id: foreignOffer.offerId, applicantId: foreignOffer.applicantId },
    },
    placement: {
      own: { id: ownPlacement.placementId, applicantId: ownPlacement.applicantId },
      foreign: { id: foreignPlacement.placementId, applicantId: foreignPlacement.applicantId },
    },
  }
}

/** Routes that change a proposal or an offer for good: each call gets an object in the state it needs. */
const consuming = new Set([
  'approveProposal',
  'rejectProposal',
  'overrideProposal',
  'approveAllProposals',
  'acceptOffer',
  'declineOffer',
  'takeOverPlacement',
  'endPlacement',
  'returnFlat',
  'reopenApplicant',
])

/** The path parameters (and, for an override, the body) of one call. */
async function paramsFor(
  world: V1World,
  objects: Objects,
  route: AnyRoute,
  which: Which,
): Promise<{ params: Record<string, string>; body?: unknown }> {
  const kind = route.object as ObjectKind
  if (!consuming.has(route.operationId)) return { params: objects[kind][which] }
  const caseload = which === 'own' ? ownCaseload : otherCaseload
  if (route.operationId === 'returnFlat') {
    const ended = await freshEndedPlacement(world, caseload)
    return { params: { id: ended.vacancyId } }
  }
  if (route.operationId === 'reopenApplicant') {
    const ended = await freshEndedPlacement(world, caseload)
    return { params: { id: ended.applicantId } }
  }
  if (route.tag === 'offers') {
    const offer = await freshOffer(world, caseload)
    return { params: { id: offer.offerId, applicantId: offer.applicantId } }
  }
  if (route.tag === 'placements') {
    const placement = await freshPlacement(world, caseload)
    return { params: { id: placement.placementId, applicantId: placement.applicantId } }
  }
  const round = await freshRound(world, caseload)
  return {
    params: { id: round.roundId, proposalId: round.proposalId },
    ...(route.operationId === 'overrideProposal'
      ? { body: { applicantId: round.spareApplicantId, reason: 'support_match' } }
      : {}),
  }
}

let serial = 0

/** The path with its parameters; an ÖBO object number is fresh per call, so each upsert creates (201). */
function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) =>
    encodeURIComponent(params[name] ?? (name === 'objectNo' ? `OBO-${++serial}` : `missing-${name}`)),
  )
}

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

async function call(
  world: V1World,
  route: AnyRoute,
  role: Role,
  params: Record<string, string>,
  body?: unknown,
) {
  return world.call(role, route.method, fillPath(route.path, params), {
    ...(route.example?.query === undefined ? {} : { query: route.example.query }),
    ...(route.body === undefined ? {} : { body: body ?? exampleBody(route) }),
    ...(route.idempotencyKey ? { headers: { 'Idempotency-Key': `matrix-${++serial}` } } : {}),
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
    !['applicantSituationHistory', 'applicantExtract', 'applicantExtractDocument'].includes(route.operationId)
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
    expect(new Set(withId.map((r) => r.object))).toEqual(
      new Set(['applicant', 'vacancy', 'policy', 'round', 'roundHousehold', 'offer', 'placement']),
    )
  })

  // One world per route (a fresh database costs more than the calls); the roles take turns in it.
  for (const route of withId) {
    describe(`${route.method} ${route.path}`, () => {
      let world: V1World
      let objects: Objects
      beforeAll(async () => {
        world = v1World()
        objects = await seedObjects(world)
      })
      afterAll(() => world.close())

      for (const role of roles) {
        const own = expected(route, role, 'own')
        const foreign = expected(route, role, 'foreign')
        it(`as ${role}: own ${own}, foreign ${foreign}`, async () => {
          const kind = route.object as ObjectKind
          const deniedBefore = world.auditActions().filter((a) => a.action.endsWith('_denied')).length
          const householdOf: Partial<Record<Which, string>> = {}
          for (const which of ['own', 'foreign'] as const) {
            const target = await paramsFor(world, objects, route, which)
            householdOf[which] = target.params.applicantId ?? target.params.id
            const res = await call(world, route, role, target.params, target.body)
            const want = expected(route, role, which)
            expect(res.status, `${which} object`).toBe(want)
            if (want >= 400) {
              const problem = await readProblem(res)
              expect(problem.status).toBe(want)
            } else await checkSuccess(route, role, res)
          }
          const denied = world.auditActions().filter((a) => a.action.endsWith('_denied'))
          if ((kind === 'applicant' || kind === 'offer' || kind === 'placement') && foreign === 404) {
            // The refused attempt on the other caseload's household is on record.
            expect(denied.slice(deniedBefore)).toEqual([
              expect.objectContaining({ objectId: householdOf.foreign, role: 'caseworker' }),
            ])
          } else expect(denied.length).toBe(deniedBefore)
        })
      }
    })
  }

  for (const route of withoutId) {
    describe(`${route.method} ${route.path}`, () => {
      let world: V1World
      beforeAll(async () => {
        world = v1World()
        await seedObjects(world)
      })
      afterAll(() => world.close())
      for (const role of roles) {
        const want = expected(route, role, 'own')
        it(`as ${role}: ${want}`, async () => {
          // A route on no stored object (a report by name) gives its path parameters in its example.
          const res = await call(world, route, role, route.example?.params ?? {})
          expect(res.status).toBe(want)
          if (want >= 400) await readProblem(res)
          else await checkSuccess(route, role, res)
        })
      }
    })
  }

  describe('answers that do not depend on the role', () => {
    let world: V1World
    let objects: Objects
    beforeAll(async () => {
      world = v1World()
      objects = await seedObjects(world)
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
