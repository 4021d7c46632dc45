import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApiDocument } from '../../src/api/openapi.ts'
import { isPagePath, pageAssets } from '../../src/api/pages/index.tsx'
import { v1Routes } from '../../src/api/routes/v1/index.ts'
import { roles } from '../../src/domain/roles.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'
import { testApp } from './test-app.ts'

type Operation = { 'x-roles'?: string[]; responses: Record<string, unknown>; operationId: string }

describe('OpenAPI document and /docs', () => {
  let t: TestDatabase
  let app: ReturnType<typeof testApp>['app']
  beforeAll(() => {
    t = freshDatabase()
    app = testApp(t).app
  })
  afterAll(() => t.close())

  it('/openapi.json is a valid OpenAPI 3.1 document', async () => {
    const res = await app.request('/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { openapi: string }
    expect(doc.openapi).toBe('3.1.0')
    const result = await new Validator().validate(doc as never)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('lists every route the app serves, by method and path (the staff pages are not API operations)', () => {
    const doc = openApiDocument()
    const served = app.routes
      .filter((r) => ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(r.method))
      .filter((r) => !isPagePath(r.path) && !(pageAssets as readonly string[]).includes(r.path))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    )
    expect(served.length).toBeGreaterThan(v1Routes.length)
    expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort())
  })

  it('states for each v1 operation exactly the roles the router enforces, and a 403 for the others', () => {
    const doc = openApiDocument()
    for (const route of v1Routes) {
      const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()] as
        | Operation
        | undefined
      expect(op?.operationId).toBe(route.operationId)
      expect(op?.['x-roles']).toEqual([...route.roles])
      if (roles.some((r) => !route.roles.includes(r)))
        expect(Object.keys(op?.responses ?? {})).toContain('403')
      if (route.ifMatch)
        expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['412', '428']))
    }
  })

  it('refers only to components that exist', () => {
    const doc = openApiDocument() as unknown as { components: { schemas: Record<string, unknown> } }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1],
    )
    expect(refs.length).toBeGreaterThan(20)
    for (const ref of new Set(refs)) expect(doc.components.schemas, String(ref)).toHaveProperty(String(ref))
  })

  it('/docs is a self-contained page: its script and style come from this server, its CSP allows nothing else', async () => {
    const page = await app.request('/docs')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/https?:|unsafe-inline|unsafe-eval/)
    const html = await page.text()
    expect(html).not.toMatch(/https?:\/\//)
    for (const asset of ['/docs/docs.js', '/docs/docs.css']) {
      expect(html).toContain(asset)
      const res = await app.request(asset)
      expect(res.status, asset).toBe(200)
      expect(await res.text()).not.toMatch(/https?:\/\//)
    }
    // The script builds the page from /openapi.json with textContent only, never innerHTML.
    const script = await (await app.request('/docs/docs.js')).text()
    expect(script).toContain("fetch('/openapi.json')")
    expect(script).not.toContain('innerHTML')
  })
})

type Param = { name: string; in: string; schema: Record<string, unknown> }
type Op = {
  parameters?: Param[]
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }
  responses: Record<
    string,
    { links?: Record<string, { operationId: string; parameters: Record<string, string> }> }
  >
  description: string
  'x-rules'?: string[]
}

describe('the document states what the server enforces', () => {
  const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, Op>> }
  const op = (path: string, method: string) => doc.paths[path]?.[method] as Op
  const param = (path: string, method: string, name: string) =>
    op(path, method).parameters?.find((p) => p.name === name)?.schema
  const body = (path: string, method: string) =>
    op(path, method).requestBody?.content['application/json']?.schema as Record<string, unknown>

  it('limit is an integer 1–200 on the lists and 1–500 on the audit trail; before a positive integer', () => {
    for (const path of ['/v1/applicants', '/v1/vacancies'])
      expect(param(path, 'get', 'limit')).toEqual({ type: 'integer', minimum: 1, maximum: 200 })
    expect(param('/v1/audit', 'get', 'limit')).toEqual({ type: 'integer', minimum: 1, maximum: 500 })
    expect(param('/v1/audit', 'get', 'before')).toMatchObject({ type: 'integer', minimum: 1 })
  })

  it('the audit trail takes an applicantId in the id pattern, required', () => {
    const p = op('/v1/audit', 'get').parameters?.find((x) => x.name === 'applicantId') as Param & {
      required: boolean
    }
    expect(p.required).toBe(true)
    expect(p.schema).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: expect.any(String),
    })
  })

  it('a cursor is stated by its form', () => {
    expect(param('/v1/applicants', 'get', 'cursor')).toMatchObject({ pattern: '^c1\\.[A-Za-z0-9_-]+$' })
  })

  it('If-Match is stated with the pattern the server reads', () => {
    const schema = op('/v1/applicants/{id}', 'patch').parameters?.find((p) => p.name === 'If-Match')?.schema
    expect(schema).toEqual({ type: 'string', pattern: '^"([1-9][0-9]{0,14})"$' })
  })

  it('a PATCH body names at least one field', () => {
    expect(body('/v1/applicants/{id}', 'patch')).toMatchObject({ minProperties: 1 })
    expect(body('/v1/vacancies/{id}', 'patch')).toMatchObject({ minProperties: 1 })
  })

  it('situation is a oneOf per code, each with only its own kinds', () => {
    const situation = (body('/v1/applicants', 'post').properties as Record<string, { oneOf: unknown[] }>)
      .situation
    expect(situation?.oneOf).toHaveLength(4)
    expect(situation?.oneOf).toContainEqual(
      expect.objectContaining({
        properties: expect.objectContaining({
          code: expect.objectContaining({ const: 'acute' }),
          kind: expect.objectContaining({
            enum: ['shelter', 'emergency_housing', 'protected_housing', 'outdoors'],
          }),
        }),
      }),
    )
  })

  it('district names, an external reference and a policy name must hold more than white space', () => {
    const vacancy = body('/v1/vacancies', 'post').properties as Record<string, Record<string, unknown>>
    expect(vacancy.district).toMatchObject({ pattern: '\\S' })
    expect(vacancy.externalRef).toMatchObject({ pattern: '\\S' })
    const policy = body('/v1/policies', 'post').properties as Record<string, Record<string, unknown>>
    expect(policy.name).toMatchObject({ pattern: '\\S' })
    expect(param('/v1/applicants', 'get', 'district')).toMatchObject({ pattern: '\\S' })
  })

  it('the rules JSON Schema cannot state are in the write operations, in words and as x-rules', () => {
    for (const [path, method] of [
      ['/v1/vacancies', 'post'],
      ['/v1/vacancies/{id}', 'patch'],
    ] as const) {
      expect(op(path, method)['x-rules']).toEqual([
        expect.stringContaining('minAge'),
        expect.stringContaining('`availableFrom` must be within five years'),
      ])
      expect(op(path, method).description).toContain('`restrictions.minAge` must not be above')
    }
    for (const [path, method] of [
      ['/v1/applicants', 'post'],
      ['/v1/applicants/{id}', 'patch'],
    ] as const) {
      expect(op(path, method)['x-rules']).toEqual([
        expect.stringContaining('`situation.since` from 1950-01-01 to today'),
        ...(method === 'post' ? [expect.stringContaining('`situation` or `prevention` is given')] : []),
        expect.stringContaining('`household.members`, where given, lists no more adults'),
      ])
      expect(op(path, method).description).toContain('plausible on the day of the write')
    }
    for (const kind of ['approve', 'reject', 'override'])
      expect(op(`/v1/rounds/{id}/proposals/{proposalId}/${kind}`, 'post')['x-rules']).toEqual([
        expect.stringContaining('`childPerspective.heard` `no`'),
      ])
  })

  it('links lead from create to read, update and withdraw, and each names parameters the target has', () => {
    const byId = new Map<string, Op>()
    for (const ops of Object.values(doc.paths))
      for (const o of Object.values(ops)) byId.set((o as Op & { operationId: string }).operationId, o)
    const links = (path: string, method: string, status: string) =>
      Object.keys(op(path, method).responses[status]?.links ?? {}).sort()
    expect(links('/v1/applicants', 'post', '201')).toEqual(
      expect.arrayContaining(['getApplicant', 'updateApplicant', 'withdrawApplicant']),
    )
    expect(links('/v1/vacancies', 'post', '201')).toEqual(
      expect.arrayContaining(['getVacancy', 'updateVacancy', 'withdrawVacancy']),
    )
    expect(links('/v1/policies', 'post', '201')).toEqual(
      expect.arrayContaining(['getPolicyVersion', 'activatePolicyVersion']),
    )
    let checked = 0
    for (const ops of Object.values(doc.paths))
      for (const o of Object.values(ops))
        for (const response of Object.values(o.responses))
          for (const link of Object.values(response.links ?? {})) {
            const target = byId.get(link.operationId)
            expect(target, link.operationId).toBeDefined()
            const names = new Set((target?.parameters ?? []).map((p) => `${p.in}.${p.name}`))
            for (const key of Object.keys(link.parameters))
              expect(names, `${link.operationId} ${key}`).toContain(key)
            // Every required path parameter of the target is filled.
            for (const p of target?.parameters ?? [])
              if (p.in === 'path') expect(Object.keys(link.parameters)).toContain(`path.${p.name}`)
            checked += 1
          }
    expect(checked).toBeGreaterThan(20)
  })
})
