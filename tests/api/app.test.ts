import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/client.ts'
import { insertApplicant } from '../../db/repo/applicants.ts'
import { insertVacancy } from '../../db/repo/vacancies.ts'
import { applicants } from '../../db/schema.ts'
import { HttpProblem, problemTypes } from '../../src/api/problem.ts'
import type { HealthReport } from '../../src/services/health.ts'
import { sampleApplicant, sampleVacancy } from '../db/samples.ts'
import { tokenFor } from '../support/auth.ts'
import { freshDatabase, type TestDatabase } from '../support/db.ts'
import { readProblem } from './problem-schema.ts'
import { testApp } from './test-app.ts'

describe('createApp', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  describe('request id', () => {
    it('makes one when none is given and returns it in X-Request-Id', async () => {
      const { app } = testApp(t)
      const res = await app.request('/health')
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    })

    it('never takes the caller’s id: a plain one is kept apart as the correlation id, an unsafe or long one dropped', async () => {
      const { app, log } = testApp(t)
      const kept = await app.request('/health', { headers: { 'X-Request-Id': 'abc-123' } })
      expect(kept.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
      expect(kept.headers.get('x-correlation-id')).toBe('abc-123')
      const named = await app.request('/health', { headers: { 'X-Correlation-Id': 'batch:7' } })
      expect(named.headers.get('x-correlation-id')).toBe('batch:7')
      for (const unsafe of ['a b<script>', 'x'.repeat(65), 'Anna Kanarie 19800101-1234']) {
        const res = await app.request('/health', { headers: { 'X-Request-Id': unsafe } })
        expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
        expect(res.headers.get('x-correlation-id')).toBeNull()
      }
      const lines = log
        .lines()
        .map((l) => JSON.parse(l))
        .filter((l) => l.msg === 'request')
      expect(lines[0]).toMatchObject({
        requestId: kept.headers.get('x-request-id'),
        correlationId: 'abc-123',
      })
      expect(log.text()).not.toContain('Kanarie')
    })
  })

  describe('GET /health', () => {
    it('answers 200 with the database state; the counts only to an admin token', async () => {
      insertApplicant(t.db, sampleApplicant({ id: 'a-1' }))
      insertApplicant(t.db, sampleApplicant({ id: 'a-2' }))
      insertVacancy(t.db, sampleVacancy())
      const { app } = testApp(t)
      const state = {
        reachable: true,
        journalMode: 'wal',
        migrations: { applied: expect.any(Number), expected: expect.any(Number) },
        writable: true,
      }
      // Public, with no token, a bad one, or a role other than admin: the state, no counts.
      for (const headers of [
        {},
        { Authorization: 'Bearer hv_nonsense' },
        tokenFor(t, 'allocator').headers,
        tokenFor(t, 'analyst').headers,
      ]) {
        const res = await app.request('/health', { headers })
        expect(res.status).toBe(200)
        const body = (await res.json()) as HealthReport
        expect(body).toEqual({ status: 'ok', database: state })
        expect(body.database.migrations.applied).toBe(body.database.migrations.expected)
      }
      const admin = await app.request('/health', { headers: tokenFor(t, 'admin').headers })
      expect(await admin.json()).toEqual({
        status: 'ok',
        database: { ...state, applicants: 2, vacancies: 1 },
      })
    })

    it('answers 503 problem+json when the database connection is gone', async () => {
      const { app } = testApp(t)
      t.sqlite.close()
      const res = await app.request('/health')
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('5')
      const problem = await readProblem(res)
      expect(problem).toMatchObject({
        type: problemTypes.unavailable,
        instance: res.headers.get('x-request-id'),
      })
    })

    it('answers 503 when the database has not been migrated', async () => {
      const bare = freshDatabase({ migrate: false })
      try {
        const { app } = testApp(bare)
        const res = await app.request('/health')
        expect(res.status).toBe(503)
        expect((await readProblem(res)).detail).toMatch(/0 of \d+ migrations/)
      } finally {
        bare.close()
      }
    })
  })

  describe('errors are problem+json', () => {
    it('404 for an unknown route', async () => {
      const { app } = testApp(t)
      // Outside /v1: under /v1 an unauthenticated request answers 401 first, whatever the path.
      const res = await app.request('/nothing-here')
      expect(res.status).toBe(404)
      expect(await readProblem(res)).toMatchObject({
        type: problemTypes.notFound,
        status: 404,
        instance: res.headers.get('x-request-id'),
      })
    })

    it('a thrown HttpProblem becomes its response, with field errors', async () => {
      const { app } = testApp(t)
      app.get('/test/invalid', () => {
        throw new HttpProblem({
          type: problemTypes.validation,
          title: 'Unprocessable content',
          status: 422,
          detail: 'Fix the fields.',
          errors: [{ path: 'household.adults', message: 'must be at least 1 adult' }],
        })
      })
      const res = await app.request('/test/invalid')
      expect(res.status).toBe(422)
      expect((await readProblem(res)).errors).toEqual([
        { path: 'household.adults', message: 'must be at least 1 adult' },
      ])
    })

    it('an unhandled database error inside a route is a 500 with no stack, SQL, path or data', async () => {
      const { app, log } = testApp(t)
      insertApplicant(t.db, sampleApplicant({ id: 'a-1' }))
      app.get('/test/crash', () => {
        // A real constraint failure, with personal data in the statement's parameters.
        t.db
          .insert(applicants)
          .values({
            id: 'a-1',
            status: 'active',
            situationCode: 'acute',
            caseload: 'CANARY-CASELOAD',
            registeredOn: '2026-01-01',
            hasChildren: false,
            lotteryNumber: 1,
            body: { name: 'CANARY-NAME' },
          })
          .run()
        return new Response('unreachable')
      })
      const res = await app.request('/test/crash')
      const id = res.headers.get('x-request-id')
      expect(res.status).toBe(500)
      const raw = await res.clone().text()
      const problem = await readProblem(res)
      expect(problem).toMatchObject({ type: problemTypes.internal, instance: id })
      for (const leak of ['CANARY', 'INSERT', 'applicants', 'SQLITE', ' at ', t.dir, '.ts']) {
        expect(raw).not.toContain(leak)
      }
      // The log says what failed and where in the code, without the message.
      const entry = log
        .lines()
        .map((l) => JSON.parse(l))
        .find((l) => l.msg === 'unhandled error')
      expect(entry).toMatchObject({
        requestId: id,
        err: { type: 'SqliteError', code: 'SQLITE_CONSTRAINT_PRIMARYKEY' },
      })
      expect(log.text()).not.toContain('CANARY')
    })

    it('a writer holding the lock past busy_timeout gives 503 with Retry-After, never 500', async () => {
      const { app } = testApp(t)
      t.sqlite.pragma('busy_timeout = 20')
      const other = openDatabase(t.path)
      other.sqlite.prepare('BEGIN IMMEDIATE').run()
      try {
        app.post('/test/write', (c) => {
          insertVacancy(t.db, sampleVacancy())
          return c.text('written')
        })
        const res = await app.request('/test/write', { method: 'POST' })
        expect(res.status).toBe(503)
        expect(res.headers.get('retry-after')).toBe('1')
        expect((await readProblem(res)).type).toBe(problemTypes.unavailable)
      } finally {
        other.sqlite.prepare('ROLLBACK').run()
        other.sqlite.close()
      }
    })

    it('a body over the limit is refused with 413 before the handler runs, also without Content-Length', async () => {
      const { app } = testApp(t)
      let ran = false
      app.post('/test/echo', async (c) => {
        ran = true
        return c.text(String((await c.req.text()).length))
      })
      const big = 'x'.repeat(1024 * 1024 + 1)
      const res = await app.request('/test/echo', { method: 'POST', body: big })
      expect(res.status).toBe(413)
      expect((await readProblem(res)).type).toBe(problemTypes.payloadTooLarge)

      const chunked = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(300 * 1024)))
          controller.close()
        },
      })
      const streamed = await app.request('/test/echo', {
        method: 'POST',
        body: chunked,
        duplex: 'half',
      } as RequestInit)
      expect(streamed.status).toBe(413)
      expect(streamed.headers.get('content-type')).toBe('application/problem+json')
      expect(ran).toBe(false)
    })

    it("a GET answers without asking for a request body (which would make Node's adapter build a full Fetch request)", async () => {
      const { app } = testApp(t)
      const token = tokenFor(t, 'allocator')
      for (const [path, status] of [
        ['/health', 200],
        ['/v1/applicants/a-none', 404],
        ['/v1/applicants?limit=5', 200],
      ] as const) {
        const req = new Request(`http://localhost${path}`, { headers: token.headers })
        let asked = 0
        Object.defineProperty(req, 'body', {
          get: () => {
            asked += 1
            return null
          },
        })
        const res = await app.fetch(req)
        expect(res.status).toBe(status)
        expect(asked).toBe(0)
      }
    })
  })
})
