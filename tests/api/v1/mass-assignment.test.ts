/**
 * No mass assignment: for every write route in the table, a valid example
 * body plus one server-set or unknown field is refused with 422 naming that
 * field, and nothing changes: the stored rows (body, version, timestamps)
 * and the audit trail are byte for byte what they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { applicants, auditLog, policies, vacancies } from '../../../db/schema.ts'
import { type AnyRoute, v1Routes } from '../../../src/api/routes/v1/index.ts'
import { readProblem } from '../problem-schema.ts'
import { ownCaseload, seedPolicies, type V1World, v1World } from './support.ts'

/** The resources with stored documents a client writes; the round routes have their own test (tests/api/v1/rounds.test.ts). */
type DocumentTag = 'applicants' | 'vacancies' | 'policies'

/** Fields the server sets, per resource; a client naming them must get a 422. */
const serverSet: Record<DocumentTag, Record<string, unknown>> = {
  applicants: {
    id: 'chosen-id',
    registeredOn: '2001-01-01',
    lotteryNumber: 0,
    status: 'housed',
    declinedVacancyIds: [],
    closedVacancyTypes: [],
  },
  vacancies: { id: 'chosen-id', status: 'let' },
  policies: { version: 99 },
}

/** Fields no schema knows, at the top level and one level down. */
const unknown: { path: string; set: (body: Record<string, unknown>) => Record<string, unknown> }[] = [
  { path: 'priorityScore', set: (b) => ({ ...b, priorityScore: 1000 }) },
  { path: 'protectedIdentity', set: (b) => ({ ...b, protectedIdentity: false }) },
  { path: 'role', set: (b) => ({ ...b, role: 'admin' }) },
  {
    path: '__proto__',
    set: (b) => JSON.parse(`{"__proto__": {"status": "housed"}, ${JSON.stringify(b).slice(1)}`),
  },
]

const nestedUnknown: Record<DocumentTag, { key: string; path: string }> = {
  applicants: { key: 'needs', path: 'needs.priorityScore' },
  vacancies: { key: 'restrictions', path: 'restrictions.priorityScore' },
  policies: { key: 'scoring', path: 'scoring.priorityScore' },
}

function snapshot(world: V1World) {
  const db = world.t.db
  return {
    applicants: db.select().from(applicants).all(),
    vacancies: db.select().from(vacancies).all(),
    policies: db.select().from(policies).all(),
    audit: db.select().from(auditLog).all(),
  }
}

const isDocumentRoute = (r: AnyRoute): r is AnyRoute & { tag: DocumentTag } =>
  r.tag === 'applicants' || r.tag === 'vacancies' || r.tag === 'policies'
/**
 * Steps of a lifecycle (reopen a household, return a flat) take a few fields of their own, not the
 * document: their bodies are checked apart, below.
 */
const transitions = new Set(['reopenApplicant', 'returnFlat'])
const writeRoutes = v1Routes
  .filter((r) => r.body !== undefined && !transitions.has(r.operationId))
  .filter(isDocumentRoute)

describe('mass assignment and unknown fields', () => {
  let world: V1World
  let ids: { applicant: string; vacancy: string }
  beforeAll(() => {
    world = v1World()
    ids = { applicant: world.seedApplicant().id, vacancy: world.seedVacancy({ landlord: 'obo' }).id }
    seedPolicies(world)
  })
  afterAll(() => world.close())

  it('covers every write route', () => {
    expect(writeRoutes.map((r) => r.operationId).sort()).toEqual(
      ['createApplicant', 'createPolicyVersion', 'createVacancy', 'updateApplicant', 'updateVacancy'].sort(),
    )
  })

  for (const route of writeRoutes) {
    const path = route.path.replace(':id', route.tag === 'applicants' ? '__APPLICANT__' : '__VACANCY__')
    const base = () => {
      const body = { ...(route.example?.body as Record<string, unknown>) }
      if ('caseload' in body) body.caseload = ownCaseload
      return body
    }
    const send = (body: unknown) =>
      world.call(
        'admin',
        route.method,
        path.replace('__APPLICANT__', ids.applicant).replace('__VACANCY__', ids.vacancy),
        {
          body,
          ...(route.ifMatch ? { ifMatch: '"1"' } : {}),
        },
      )

    const cases = [
      ...Object.entries(serverSet[route.tag]).map(([field, value]) => ({
        path: field,
        body: () => ({ ...base(), [field]: value }),
        message: 'is set by the server and cannot be written',
      })),
      ...unknown.map((u) => ({ path: u.path, body: () => u.set(base()), message: 'is not a known field' })),
    ]
    for (const c of cases) {
      it(`${route.operationId} refuses "${c.path}" with 422 naming it, and changes nothing`, async () => {
        const before = snapshot(world)
        const res = await send(c.body())
        expect(res.status).toBe(422)
        const problem = await readProblem(res)
        expect(problem.errors).toContainEqual({ path: c.path, message: expect.any(String) })
        if (route.tag !== 'policies' || c.path !== 'version') {
          expect(problem.errors?.find((e) => e.path === c.path)?.message).toBe(c.message)
        }
        expect(snapshot(world)).toEqual(before)
      })
    }

    it(`${route.operationId} refuses an unknown field one level down`, async () => {
      const nested = nestedUnknown[route.tag]
      const body = base()
      const inner = body[nested.key] ?? route.example?.body
      const before = snapshot(world)
      const res = await send({ ...body, [nested.key]: { ...(inner as object), priorityScore: 5 } })
      expect(res.status).toBe(422)
      expect((await readProblem(res)).errors).toContainEqual({
        path: nested.path,
        message: 'is not a known field',
      })
      expect(snapshot(world)).toEqual(before)
    })
  }

  it('a lifecycle step refuses a document field in its body (422 naming it) and changes nothing', async () => {
    for (const route of v1Routes.filter((r) => transitions.has(r.operationId))) {
      const id = route.tag === 'applicants' ? ids.applicant : ids.vacancy
      for (const field of ['status', 'id', 'priorityScore']) {
        const before = snapshot(world)
        const res = await world.call('admin', route.method, route.path.replace(':id', id), {
          body: { ...(route.example?.body as Record<string, unknown>), [field]: 'housed' },
          ...(route.ifMatch ? { ifMatch: '"1"' } : {}),
        })
        expect(res.status, `${route.operationId} ${field}`).toBe(422)
        expect((await readProblem(res)).errors).toContainEqual({
          path: field,
          message: 'is not a known field',
        })
        expect(snapshot(world)).toEqual(before)
      }
    }
  })

  it('the example bodies themselves are accepted (so the refusals above are about the one field)', async () => {
    for (const route of writeRoutes) {
      const body = { ...(route.example?.body as Record<string, unknown>) }
      if ('caseload' in body) body.caseload = ownCaseload
      if ('externalRef' in body) body.externalRef = 'OBO-accepted'
      const id = route.tag === 'applicants' ? ids.applicant : ids.vacancy
      const version =
        route.tag === 'applicants'
          ? getApplicant(world.t.db, id)?.version
          : (world.vacancyRow(id) as { version: number }).version
      const res = await world.call('admin', route.method, route.path.replace(':id', id), {
        body,
        ...(route.ifMatch ? { ifMatch: `"${version}"` } : {}),
      })
      expect(res.status, route.operationId).toBeLessThan(300)
    }
  })
})
