import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApiDocument } from '../../src/api/openapi.ts'
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

  it('lists every route the app serves, by method and path', () => {
    const doc = openApiDocument()
    const served = app.routes
      .filter((r) => ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(r.method))
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
