/**
 * The OpenAPI document is the contract, tested both ways from the document
 * itself (`GET /openapi.json`): for every operation it lists, requests are
 * generated from its parameter and body schemas, with ids and ETags taken
 * from earlier answers through the document's links; each request is
 * checked to be one the document allows, and each answer to be
 *
 * - a 2xx, or a documented refusal that depends on the state or the caller
 *   (401, 403, 404, 409, 412, 428, 429), never a 422 or any other status
 *   for a request the document allows;
 * - a status the operation documents, with the documented content type,
 *   headers, and a body valid against the documented schema (checked by an
 *   independent JSON Schema validator, not by the zod schemas the document
 *   was generated from).
 *
 * A rule the document states only in words (`x-rules`, e.g. a vacancy's
 * minAge above its maxAge) cannot be generated around: a body that breaks
 * only such rules must be refused with 422 (403 to a role not listed). A body
 * the document allows but the route's schema refuses for any other reason
 * fails the test at once, before it is sent.
 *
 * Routes are read from the document, so a route added to the table is tested
 * here without a change. Fixed seeds; about 40 requests per operation. Each
 * Idempotency-Key is made unique (see freshIdempotencyKey).
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApiDocument } from '../../src/api/openapi.ts'
import { v1Routes } from '../../src/api/routes/v1/index.ts'
import { type Role, roles } from '../../src/domain/roles.ts'
import { newSecret, secretBytes, signedHeaders } from '../../src/integrations/obo/signature.ts'
import { schemaErrors } from '../support/json-schema.ts'
import { fromJsonSchema } from './v1/arbitraries.ts'
import { freshEndedPlacement, freshOffer, freshPlacement, freshRound } from './v1/round-world.ts'
import { ownCaseload, seedPolicies, type V1World, v1World } from './v1/support.ts'

type Schema = Record<string, unknown>
interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema: Schema
}
interface Link {
  operationId: string
  parameters: Record<string, string>
}
interface ResponseDoc {
  description: string
  headers?: Record<string, unknown>
  content?: Record<string, { schema: Schema }>
  links?: Record<string, Link>
}
interface OperationDoc {
  operationId: string
  security?: unknown[]
  'x-roles'?: Role[]
  'x-rules'?: string[]
  parameters?: Parameter[]
  requestBody?: { content: Record<string, { schema: Schema; example?: unknown }> }
  responses: Record<string, ResponseDoc>
}
interface Operation {
  method: string
  path: string
  op: OperationDoc
}

/** Refusals that depend on the state or the caller, which a request the document allows may still get. */
const stateDependent = new Set([401, 403, 404, 409, 412, 428, 429])
const runsPerOperation = 40
/** Successes per operation after which parameters no longer come from links (see the property). */
const maxSuccesses = 3

const document = openApiDocument() as unknown as { paths: Record<string, Record<string, OperationDoc>> }
/**
 * Operations requests can be generated for: ÖBO's CSV batches (a file, not JSON) and its signed
 * outcome webhook (a signature, not a token) are sent with hand-made bodies at the end of this file.
 */
const generatable = (path: string) =>
  !path.startsWith('/v1/integrations/obo/') || !/\.csv$|\/outcomes$/.test(path)
const operations: Operation[] = Object.entries(document.paths).flatMap(([path, ops]) =>
  generatable(path)
    ? Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op }))
    : [],
)
const byId = new Map(operations.map((o) => [o.op.operationId, o]))

/** A parameter's key as links name it: `path.id`, `query.applicantId`, `header.If-Match`. */
const keyOf = (p: Parameter) => `${p.in}.${p.name}`

/** Parameter values (`path.id` → "a-1") recorded from the links of earlier answers, per target operation. */
const linked = new Map<string, Record<string, string>[]>()

function resolve(expression: string, res: Response, body: unknown): string | undefined {
  if (expression === '$response.header.ETag') return res.headers.get('etag') ?? undefined
  const pointer = /^\$response\.body#(\/.*)$/.exec(expression)?.[1]
  if (pointer === undefined) throw new Error(`a link expression this test cannot read: ${expression}`)
  let here: unknown = body
  for (const part of pointer.slice(1).split('/')) here = (here as Record<string, unknown> | null)?.[part]
  return here === undefined || here === null ? undefined : String(here)
}

/** Records what the answer's links say the next calls may use; every link must resolve. */
function recordLinks(response: ResponseDoc, res: Response, body: unknown): void {
  for (const [name, link] of Object.entries(response.links ?? {})) {
    const values: Record<string, string> = {}
    for (const [key, expression] of Object.entries(link.parameters)) {
      const value = resolve(expression, res, body)
      expect(value, `link ${name}: ${expression} resolves`).toBeDefined()
      values[key] = value as string
    }
    const list = linked.get(link.operationId) ?? []
    list.push(values)
    linked.set(link.operationId, list)
  }
}

/** A role the operation allows, admin when it may (it sees every object). */
function allowedRole(o: Operation): Role | null {
  const allowed = o.op['x-roles']
  if (allowed === undefined || o.op.security?.length === 0) return null
  return allowed.includes('admin') ? 'admin' : (allowed[0] ?? null)
}

interface Request {
  role: Role | null
  /** By parameter key (`path.id`); undefined leaves an optional parameter out. */
  values: Record<string, unknown>
  body: unknown
}

/** Parameter values as sent: numbers and booleans in their text form. */
const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))

/** A linked value in the type its schema has (links carry text). */
function typed(schema: Schema, value: string): unknown {
  return schema.type === 'integer' || schema.type === 'number' ? Number(value) : value
}

/** Why the document does not allow this request (empty when it does). */
function notAllowed(o: Operation, request: Request): string[] {
  const errors: string[] = []
  for (const p of o.op.parameters ?? []) {
    const value = request.values[keyOf(p)]
    if (value === undefined) {
      if (p.required) errors.push(`${keyOf(p)}: missing`)
    } else errors.push(...schemaErrors(p.schema, value, document, keyOf(p)))
  }
  const body = o.op.requestBody?.content['application/json']?.schema
  if (body !== undefined) errors.push(...schemaErrors(body, request.body, document, 'body'))
  return errors
}

/**
 * Does the route's own schema refuse a body or query the document allows? `rule` when only for
 * rules the document states in words (zod's custom refinements), `schema` when for anything else:
 * a constraint the document does not state.
 */
function refusedByRoute(
  o: Operation,
  request: { values: Record<string, unknown>; body: unknown },
): { kind: 'none' | 'rule' | 'schema'; issues: string } {
  const route = v1Routes.find((r) => r.operationId === o.op.operationId)
  const issues: { code: string }[] = []
  if (route?.body !== undefined) {
    const parsed = route.body.safeParse(request.body)
    if (!parsed.success) issues.push(...parsed.error.issues)
  }
  if (route?.query !== undefined) {
    const query = Object.fromEntries(
      Object.entries(request.values)
        .filter(([k, v]) => k.startsWith('query.') && v !== undefined)
        .map(([k, v]) => [k.slice('query.'.length), String(v)]),
    )
    const parsed = route.query.safeParse(query)
    if (!parsed.success) issues.push(...parsed.error.issues)
  }
  if (issues.length === 0) return { kind: 'none', issues: '' }
  return {
    kind: issues.every((i) => i.code === 'custom') ? 'rule' : 'schema',
    issues: JSON.stringify(issues),
  }
}

function send(world: V1World, o: Operation, request: Request): Promise<Response> {
  let path = o.path
  const query: Record<string, string> = {}
  const headers: Record<string, string> = {}
  for (const p of o.op.parameters ?? []) {
    const value = request.values[keyOf(p)]
    if (value === undefined) continue
    if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(text(value)))
    else if (p.in === 'query') query[p.name] = text(value)
    else headers[p.name] = text(value)
  }
  return world.call(request.role, o.method, path, {
    query,
    headers,
    ...(o.op.requestBody === undefined ? {} : { body: request.body }),
  })
}

/** The media type without parameters, lower case. */
const mediaType = (value: string | null) => (value ?? '').split(';')[0]?.trim().toLowerCase() ?? ''

/**
 * Checks an answer against the document and returns its parsed body. The status must be documented
 * and a success or a state-dependent refusal; a 403 to a role the operation lists must name the
 * field (`errors[]`), since the role itself is allowed.
 */
async function checkAnswer(o: Operation, request: Request, res: Response): Promise<unknown> {
  const where = `${o.op.operationId} as ${request.role ?? 'anonymous'} → ${res.status}`
  const response = o.op.responses[String(res.status)]
  expect(response, `${where}: status not documented`).toBeDefined()
  const ok = res.status >= 200 && res.status < 300
  expect(ok || stateDependent.has(res.status), `${where}: a request the document allows`).toBe(true)
  const listed = request.role === null || (o.op['x-roles'] ?? []).includes(request.role)
  if (!listed) expect(res.status, `${where}: a role the operation does not list`).toBe(403)
  for (const header of Object.keys(response?.headers ?? {}))
    expect(res.headers.get(header), `${where}: header ${header}`).not.toBeNull()
  const content = response?.content
  if (content === undefined) {
    expect(await res.text(), `${where}: no content documented`).toBe('')
    return undefined
  }
  const got = res.headers.get('content-type')
  const documented = Object.keys(content).find((m) => mediaType(m) === mediaType(got))
  expect(documented, `${where}: content type ${got} not in ${Object.keys(content).join(', ')}`).toBeDefined()
  const raw = await res.text()
  const body: unknown = /json/.test(mediaType(got)) ? JSON.parse(raw) : raw
  const errors = schemaErrors(content[documented as string]?.schema, body, document, 'body')
  expect(errors, `${where}: body against the documented schema`).toEqual([])
  if (res.status === 403 && listed && request.role !== null)
    expect(
      (body as { errors?: unknown[] }).errors?.length,
      `${where}: a listed role's 403 names the field`,
    ).toBeGreaterThan(0)
  return body
}

/**
 * Bodies the document allows: half of them any, half of them also kept by the rules the document
 * states only in words (`x-rules`, judged by the route's schema). A write with many dated fields
 * breaks some plausibility rule in most random bodies; without the second half whether a run ever
 * reaches the server would hang on the seed and on every change to the schema.
 */
function bodies(o: Operation, allowed: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const route = v1Routes.find((r) => r.operationId === o.op.operationId)
  if (route?.body === undefined || o.op['x-rules'] === undefined) return allowed
  const schema = route.body
  return fc.oneof(
    allowed,
    allowed.filter((b) => schema.safeParse(b).success),
  )
}

/** Arbitrary requests for an operation, from its parameter and body schemas. */
function requests(o: Operation): fc.Arbitrary<{ request: Request; fromLink: boolean; pick: number }> {
  const values: Record<string, fc.Arbitrary<unknown>> = {}
  for (const p of o.op.parameters ?? []) {
    const arbitrary = fromJsonSchema(p.schema, document)
    values[keyOf(p)] = p.required ? arbitrary : fc.option(arbitrary, { nil: undefined })
  }
  const schema = o.op.requestBody?.content['application/json']?.schema
  const allowed = o.op['x-roles']
  const role: fc.Arbitrary<Role | null> =
    allowed === undefined || o.op.security?.length === 0
      ? fc.constant(null)
      : fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...allowed) },
          { weight: 1, arbitrary: fc.constantFrom(...roles) },
        )
  return fc.record({
    request: fc.record({
      role,
      values: fc.record(values),
      body: schema === undefined ? fc.constant(undefined) : bodies(o, fromJsonSchema(schema, document)),
    }),
    fromLink: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    pick: fc.nat(7),
  })
}

let keySerial = 0

/**
 * An Idempotency-Key made unique. Reusing a key with another body is a 422 by the IETF
 * Idempotency-Key draft (and the route says so): a refusal of the key's history, not of the
 * request's form, and one the test cannot generate around otherwise.
 */
function freshIdempotencyKey(request: Request): Request {
  const key = request.values['header.Idempotency-Key']
  if (typeof key !== 'string') return request
  keySerial += 1
  return {
    ...request,
    values: { ...request.values, 'header.Idempotency-Key': `${key.slice(0, 100)}.${keySerial}` },
  }
}

/** The request with its parameters taken from a recent link, when asked and one exists. */
function withLink(o: Operation, request: Request, fromLink: boolean, pick: number): Request {
  const list = linked.get(o.op.operationId)
  if (!fromLink || list === undefined || list.length === 0) return request
  const values = list[list.length - 1 - (pick % Math.min(list.length, 8))] as Record<string, string>
  const parameters = new Map((o.op.parameters ?? []).map((p) => [keyOf(p), p]))
  const out = { ...request.values }
  let body = request.body
  const bodyProperties = (o.op.requestBody?.content['application/json']?.schema.properties ?? {}) as Schema
  for (const [key, value] of Object.entries(values)) {
    const p = parameters.get(key)
    if (p !== undefined) out[key] = typed(p.schema, value)
    const field = /^body\.(\w+)$/.exec(key)?.[1]
    if (field !== undefined && field in bodyProperties && typeof body === 'object' && body !== null) {
      // An object-valued field (a what-if's policy) is seeded as JSON text.
      const isObject = (bodyProperties[field] as Schema | undefined)?.type === 'object'
      body = { ...body, [field]: isObject ? JSON.parse(value) : value }
    }
  }
  return { ...request, values: out, body }
}

/**
 * Objects only the worker brings about (a solved round's proposals, offers, placements), made fresh
 * through the services for each operation on them and offered as its path parameters. The document's
 * links reach households, vacancies and policies from their creation; these need a solved round.
 */
async function seededParameters(world: V1World, o: Operation): Promise<Record<string, string>[]> {
  const kind = v1Routes.find((r) => r.operationId === o.op.operationId)?.object
  const sets: Record<string, string>[] = []
  for (let i = 0; i < 3; i++) {
    if (o.op.operationId === 'returnFlat') {
      // A let flat whose placement ended: what a return needs.
      sets.push({ 'path.id': (await freshEndedPlacement(world, ownCaseload)).vacancyId })
    } else if (o.op.operationId === 'reopenApplicant') {
      // A household evicted from its placement, at the version the placement left it.
      const { applicantId } = await freshEndedPlacement(world, ownCaseload)
      const version = (world.applicantRow(applicantId) as { version: number } | undefined)?.version ?? 1
      sets.push({ 'path.id': applicantId, 'header.If-Match': `"${version}"` })
    } else if (kind === 'round') {
      const r = await freshRound(world, ownCaseload)
      // An override's household: one of the pool the round left without a proposal.
      sets.push({
        'path.id': r.roundId,
        'path.proposalId': r.proposalId,
        'body.applicantId': r.spareApplicantId,
        // A what-if's policy: the version the round was solved under, which is stored.
        'body.policy': JSON.stringify(r.policy),
      })
    } else if (kind === 'roundHousehold') {
      // A household of the round's pool: the one it proposed a vacancy to.
      const r = await freshRound(world, ownCaseload)
      sets.push({ 'path.id': r.roundId, 'path.householdId': r.applicantId })
    } else if (kind === 'offer') sets.push({ 'path.id': (await freshOffer(world, ownCaseload)).offerId })
    else if (kind === 'placement')
      sets.push({ 'path.id': (await freshPlacement(world, ownCaseload)).placementId })
  }
  return sets
}

describe('the OpenAPI document is the contract', () => {
  let world: V1World
  beforeAll(() => {
    world = v1World()
    seedPolicies(world)
  })
  afterAll(() => world.close())

  it('the document these tests read is the one the server serves', async () => {
    const served = await (await world.call(null, 'GET', '/openapi.json')).json()
    expect(served).toEqual(JSON.parse(JSON.stringify(document)))
    expect(operations.length).toBeGreaterThanOrEqual(v1Routes.length)
  })

  it('following the links from each creating operation reaches read, update and withdraw, each answered 2xx', async () => {
    const creators = operations.filter(
      (o) => o.method === 'POST' && !o.path.includes('{') && o.op.responses['201']?.links !== undefined,
    )
    expect(creators.length).toBeGreaterThanOrEqual(3)
    for (const creator of creators) {
      const walk: string[] = []
      let current: Operation = creator
      let request: Request = {
        role: allowedRole(creator),
        values: {},
        body: creator.op.requestBody?.content['application/json']?.example,
      }
      for (;;) {
        expect(notAllowed(current, request), `${current.op.operationId}: the request the walk sends`).toEqual(
          [],
        )
        const res = await send(world, current, request)
        const step = `${walk.join(' → ')} → ${current.op.operationId}`
        expect(res.status, `${step}: ${await res.clone().text()}`).toBeLessThan(300)
        const body = await checkAnswer(current, request, res)
        const response = current.op.responses[String(res.status)] as ResponseDoc
        recordLinks(response, res, body)
        walk.push(current.op.operationId)
        const next = Object.values(response.links ?? {}).find((l) => !walk.includes(l.operationId))
        if (next === undefined) break
        const target = byId.get(next.operationId)
        if (target === undefined) throw new Error(`link to ${next.operationId}, which the document lacks`)
        const values: Record<string, unknown> = {}
        for (const [key, expression] of Object.entries(next.parameters)) {
          const p = target.op.parameters?.find((x) => keyOf(x) === key)
          values[key] = typed(p?.schema ?? {}, resolve(expression, res, body) as string)
        }
        const schema = target.op.requestBody?.content['application/json']?.schema
        const bodies =
          schema === undefined
            ? [undefined]
            : fc.sample(fromJsonSchema(schema, document), { seed: 18, numRuns: 50 })
        request = {
          role: allowedRole(target),
          values,
          body: bodies.find((b) => refusedByRoute(target, { values, body: b }).kind === 'none'),
        }
        current = target
      }
      // create → read → update → withdraw at the least, where the resource has them.
      expect(walk.length, walk.join(' → ')).toBeGreaterThanOrEqual(3)
    }
  })

  for (const o of operations) {
    it(`${o.method} ${o.path} (${o.op.operationId}): every request the document allows is answered as documented`, async () => {
      const statuses = new Map<number, number>()
      let brokeRules = 0
      let successes = 0
      const seeded = await seededParameters(world, o)
      if (seeded.length > 0)
        linked.set(o.op.operationId, [...(linked.get(o.op.operationId) ?? []), ...seeded])
      await fc.assert(
        fc.asyncProperty(requests(o), async ({ request: generated, fromLink, pick }) => {
          // After a few successes the runs probe refusals with generated ids: some successes are
          // costly (a replay solves the round again in a new thread).
          const linkNow = fromLink && successes < maxSuccesses
          const request = freshIdempotencyKey(withLink(o, generated, linkNow, pick))
          expect(notAllowed(o, request), 'the generated request is one the document allows').toEqual([])
          const refused = refusedByRoute(o, request)
          expect(
            refused.kind,
            `the route's schema refuses a request the document allows: ${refused.issues}`,
          ).not.toBe('schema')
          if (refused.kind === 'rule') {
            // Breaks a rule the document states only in words: it must state it, and the server refuses
            // the body (after the role check, which comes first).
            expect(
              o.op['x-rules']?.length ?? 0,
              `${refused.issues} is not among the operation's x-rules`,
            ).toBeGreaterThan(0)
            const res = await send(world, o, request)
            const listed = (o.op['x-roles'] ?? []).includes(request.role as Role)
            expect(res.status, refused.issues).toBe(listed ? 422 : 403)
            brokeRules += 1
            return
          }
          const res = await send(world, o, request)
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          if (res.status < 300) successes += 1
          const body = await checkAnswer(o, request, res)
          const response = o.op.responses[String(res.status)]
          if (res.status < 300 && response !== undefined) recordLinks(response, res, body)
        }),
        { seed: 18_2026, numRuns: runsPerOperation },
      )
      expect(successes, `answers: ${JSON.stringify([...statuses])}`).toBeGreaterThan(0)
      // A rule stated in words was both broken and enforced in these runs.
      if (o.op['x-rules'] !== undefined) expect(brokeRules).toBeGreaterThan(0)
    })
  }

  it('wrote no error to the log', () => {
    expect(world.logText()).not.toContain('"level":50')
  })
})

/**
 * The operations the generator leaves out, sent with the bodies they take (a CSV file, a signed
 * delivery), made by hand: every answer has a documented status, content type and body, and a
 * role the operation does not list gets 403.
 */
describe("ÖBO's CSV batches and signed webhook are answered as documented", () => {
  const outcomeSecret = newSecret()
  const key = secretBytes(outcomeSecret)
  let world: V1World
  beforeAll(() => {
    world = v1World({ HEMVIST_OBO_OUTCOME_SECRET: outcomeSecret })
    // The households the example priority file names.
    for (const id of ['A00007', 'A00009']) world.seedApplicant({ id })
  })
  afterAll(() => world.close())

  const handmade: Operation[] = Object.entries(document.paths).flatMap(([path, ops]) =>
    generatable(path)
      ? []
      : Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  )

  /** Status, content type and body as the document says; a role the operation does not list: 403. */
  async function documented(o: Operation, role: Role | null, res: Response): Promise<number> {
    const where = `${o.op.operationId} as ${role ?? 'anonymous'} → ${res.status}`
    const response = o.op.responses[String(res.status)]
    expect(response, `${where}: status not documented`).toBeDefined()
    const listed = (o.op['x-roles'] ?? []).includes(role as Role)
    if (o.op['x-roles'] !== undefined && role !== null && !listed)
      expect(res.status, `${where}: a role the operation does not list`).toBe(403)
    const content = response?.content ?? {}
    const got = res.headers.get('content-type')
    const media = Object.keys(content).find((m) => mediaType(m) === mediaType(got))
    expect(media, `${where}: content type ${got} not in ${Object.keys(content).join(', ')}`).toBeDefined()
    const raw = await res.text()
    const body: unknown = /json/.test(mediaType(got)) ? JSON.parse(raw) : raw
    expect(schemaErrors(content[media as string]?.schema, body, document, 'body'), where).toEqual([])
    return res.status
  }

  it('are exactly the CSV batches and the outcome webhook', () => {
    expect(handmade.map((o) => o.op.operationId).sort()).toEqual([
      'importOboPriorities',
      'importOboVacancies',
      'recordOboOutcome',
    ])
  })

  for (const name of ['vacancies', 'priorities'] as const) {
    it(`POST /v1/integrations/obo/${name}.csv: a good file, a bad row, a dry run, not CSV, every role`, async () => {
      const o = handmade.find((x) => x.path === `/v1/integrations/obo/${name}.csv`) as Operation
      const good = readFileSync(new URL(`../../examples/obo/${name}.csv`, import.meta.url))
      const header = good
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split('\n')[0] as string
      const bad = Buffer.from(
        `${header}\n${header
          .split(';')
          .map(() => '=1+1')
          .join(';')}\n`,
        'utf8',
      )
      const seen = new Set<number>()
      for (const role of [...roles, null]) {
        for (const [body, type, query] of [
          [good, 'text/csv; charset=utf-8', ''],
          [good, 'text/csv', '?dryRun=true'],
          [bad, 'text/csv', ''],
          [Buffer.from('{"not":"csv"}'), 'application/json', ''],
        ] as const) {
          const res = await world.app.request(`${o.path}${query}`, {
            method: 'POST',
            headers: { ...(role === null ? {} : world.tokens[role].headers), 'Content-Type': type },
            body,
          })
          seen.add(await documented(o, role, res))
        }
      }
      // Refused for the role, the body and the content type, and taken at least once.
      expect(
        [...seen].some((s) => s < 300),
        JSON.stringify([...seen]),
      ).toBe(true)
      for (const s of [401, 403, 415, 422]) expect(seen, JSON.stringify([...seen])).toContain(s)
    })
  }

  it('POST /v1/integrations/obo/outcomes: signed, unsigned, stale, not JSON, not an outcome, unknown nomination', async () => {
    if (!key.ok) throw new Error(key.error)
    const o = handmade.find((x) => x.path === '/v1/integrations/obo/outcomes') as Operation
    const now = Math.floor(Date.now() / 1000)
    const outcome = JSON.stringify({
      type: 'nomination.outcome',
      data: { nominationId: 'no-such-nomination', outcome: 'no_answer' },
    })
    const cases: [string, Record<string, string>][] = [
      [outcome, { ...signedHeaders(key.value, 'msg_1', now, outcome) }],
      [outcome, { ...signedHeaders(key.value, 'msg_2', now - 3600, outcome) }],
      [outcome, {}],
      ['not json', { ...signedHeaders(key.value, 'msg_3', now, 'not json') }],
      ['{"type":"x"}', { ...signedHeaders(key.value, 'msg_4', now, '{"type":"x"}') }],
    ]
    const seen: number[] = []
    for (const [body, headers] of cases) {
      const res = await world.app.request(o.path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      })
      seen.push(await documented(o, null, res))
    }
    expect(seen).toEqual([404, 401, 401, 400, 422])
  })
})
