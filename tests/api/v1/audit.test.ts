import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { writeTransaction } from '../../../db/client.ts'
import { appendAudit, verifyAuditChain } from '../../../src/services/audit.ts'
import { type TestToken, tokenFor } from '../../support/auth.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { readProblem } from '../problem-schema.ts'
import { testApp } from '../test-app.ts'

/** The response, strictly: no hash, prev_hash or any other field leaves the server. */
const trailSchema = z.strictObject({
  applicantId: z.string(),
  entries: z.array(
    z.strictObject({
      id: z.number().int(),
      at: z.iso.datetime(),
      tokenId: z.string(),
      tokenLabel: z.string().nullable(),
      role: z.string(),
      action: z.string(),
      requestId: z.string(),
    }),
  ),
  next: z.string().nullable(),
})

describe('GET /v1/audit?applicantId=', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  const record = (who: TestToken, action: string, applicantId: string, requestId: string) =>
    writeTransaction(t.db, (tx) =>
      appendAudit(tx, {
        principal: who.principal,
        action,
        objectType: 'applicant',
        objectId: applicantId,
        requestId,
      }),
    )

  it('answers who accessed this person, newest first, and records the question itself', async () => {
    const { app } = testApp(t)
    const cw = tokenFor(t, 'caseworker', ['vaster-1'])
    const allocator = tokenFor(t, 'allocator')
    record(cw, 'applicant.create', 'a-1', 'r1')
    record(cw, 'applicant.read', 'a-2', 'r2')
    record(allocator, 'applicant.read', 'a-1', 'r3')

    const res = await app.request('/v1/audit?applicantId=a-1', {
      headers: { ...allocator.headers, 'X-Request-Id': 'r-who' },
    })
    expect(res.status).toBe(200)
    // The audit row holds the server's request id, never the one the caller sent.
    const requestId = res.headers.get('x-request-id')
    expect(requestId).not.toBe('r-who')
    const body = trailSchema.parse(await res.json())
    expect(body.entries.map((e) => [e.action, e.role, e.tokenLabel, e.requestId])).toEqual([
      ['audit.read', 'allocator', 'test allocator', requestId],
      ['applicant.read', 'allocator', 'test allocator', 'r3'],
      ['applicant.create', 'caseworker', 'test caseworker', 'r1'],
    ])
    expect(body.next).toBeNull()
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 4 })
  })

  it('only allocator and admin may ask; a refused role leaves no audit row', async () => {
    const { app } = testApp(t)
    for (const role of ['caseworker', 'analyst', 'obo'] as const) {
      const res = await app.request('/v1/audit?applicantId=a-1', { headers: tokenFor(t, role).headers })
      expect(res.status, role).toBe(403)
      await readProblem(res)
    }
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 0 })
    for (const role of ['allocator', 'admin'] as const) {
      const res = await app.request('/v1/audit?applicantId=a-1', { headers: tokenFor(t, role).headers })
      expect(res.status, role).toBe(200)
    }
  })

  it('pages with limit and the next cursor', async () => {
    const { app } = testApp(t)
    const admin = tokenFor(t, 'admin')
    for (let i = 1; i <= 4; i++) record(admin, 'applicant.read', 'a-1', `r${i}`)
    const first = trailSchema.parse(
      await (await app.request('/v1/audit?applicantId=a-1&limit=3', { headers: admin.headers })).json(),
    )
    expect(first.entries.map((e) => e.requestId)).toEqual([expect.any(String), 'r4', 'r3'])
    expect(first.next).toBe(String(first.entries[2]?.id))
    const second = trailSchema.parse(
      await (
        await app.request(`/v1/audit?applicantId=a-1&limit=3&before=${first.next}`, {
          headers: admin.headers,
        })
      ).json(),
    )
    expect(second.entries.map((e) => e.requestId)).toEqual(['r2', 'r1'])
    expect(second.next).toBeNull()
  })

  it('422 naming the parameter for a missing id, a bad limit or an unknown parameter', async () => {
    const { app } = testApp(t)
    const { headers } = tokenFor(t, 'admin')
    const cases: Array<[string, string]> = [
      ['/v1/audit', 'applicantId'],
      ['/v1/audit?applicantId=a-1&limit=0', 'limit'],
      ['/v1/audit?applicantId=a-1&limit=ten', 'limit'],
      ['/v1/audit?applicantId=a-1&limit=501', 'limit'],
      ['/v1/audit?applicantId=a-1&before=-1', 'before'],
      ['/v1/audit?applicantId=a-1&objectType=vacancy', 'objectType'],
      ['/v1/audit?applicantId=%3Cscript%3E', 'applicantId'],
    ]
    for (const [url, path] of cases) {
      const res = await app.request(url, { headers })
      expect(res.status, url).toBe(422)
      expect(
        (await readProblem(res)).errors?.map((e) => e.path),
        url,
      ).toEqual([path])
    }
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 0 })
  })

  it('fails closed: when the audit row cannot be written, the trail is not answered', async () => {
    const { app, log } = testApp(t)
    const { headers } = tokenFor(t, 'admin')
    t.sqlite.exec('DROP TABLE audit_log')
    // An id no request id can contain (a UUID is hex): "a-1" appeared in one about 1 run in 60.
    const res = await app.request('/v1/audit?applicantId=household-Q7', {
      headers,
    })
    expect(res.status).toBe(500)
    const body = await readProblem(res)
    expect(body.instance).toBe(res.headers.get('x-request-id'))
    expect(JSON.stringify(body)).not.toMatch(/audit_log|SELECT|INSERT|household-Q7/)
    expect(log.text()).not.toContain('household-Q7')
  })
})
