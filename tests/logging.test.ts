import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { safeError } from '../src/logging.ts'
import { logCapture, testApp } from './api/test-app.ts'
import { sampleApplicant } from './db/samples.ts'
import { freshDatabase, type TestDatabase } from './support/db.ts'

/** Strings that stand for personal data: none may ever reach a log line. */
const canaries = ['CANARY-DISTRICT-Åsbro', 'CANARY-CASELOAD', 'CANARY-QUERY-19850101', 'CANARY-HEADER']

const applicantWithCanaries = () =>
  sampleApplicant({
    id: 'a-canary',
    caseload: 'CANARY-CASELOAD',
    safety: { excludedDistricts: ['CANARY-DISTRICT-Åsbro'], protectedIdentity: true, domesticViolence: true },
  })

describe('logging', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('a request with an applicant body leaves no personal strings in the log output', async () => {
    const { app, log } = testApp(t)
    // A careless route: logs the body and throws an error quoting it. The logger must still hold the line.
    app.post('/test/applicants', async (c) => {
      const body = await c.req.json()
      log.logger.info({ msg: 'received', body, applicant: body, job: { payload: body } })
      throw new Error(`cannot store ${JSON.stringify(body)}`)
    })
    const res = await app.request('/test/applicants?personnummer=CANARY-QUERY-19850101', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'req-log-1', 'X-Note': 'CANARY-HEADER' },
      body: JSON.stringify(applicantWithCanaries()),
    })
    expect(res.status).toBe(500)
    expect(await res.text()).not.toMatch(/CANARY/)
    const requestId = res.headers.get('x-request-id')

    const lines = log.lines().map((l) => JSON.parse(l))
    // The log is not empty: it holds the request line, the (redacted) entry and the error, by request id.
    expect(lines.find((l) => l.msg === 'request')).toMatchObject({
      requestId,
      correlationId: 'req-log-1',
      method: 'POST',
      route: '/test/applicants',
      status: 500,
    })
    expect(lines.find((l) => l.msg === 'received')).toMatchObject({
      body: '[redacted]',
      applicant: '[redacted]',
    })
    expect(lines.find((l) => l.msg === 'unhandled error')).toMatchObject({
      requestId,
      err: { type: 'Error' },
    })
    for (const canary of canaries) expect(log.text()).not.toContain(canary)
  })

  it('redacts sensitive keys at the top level and one level down', () => {
    const { logger, text } = logCapture()
    logger.info({
      household: { adults: 2 },
      round: { applicants: ['CANARY-A'] },
      safety: 'CANARY-B',
      count: 3,
    })
    const entry = JSON.parse(text())
    expect(entry).toMatchObject({
      household: '[redacted]',
      round: { applicants: '[redacted]' },
      safety: '[redacted]',
      count: 3,
    })
    expect(text()).not.toContain('CANARY')
  })

  it('safeError keeps the type and code locations, never the message', () => {
    const e = new TypeError('leaked CANARY-MESSAGE')
    const safe = safeError(e)
    expect(safe.type).toBe('TypeError')
    expect(safe.stack?.[0]).toMatch(/^at /)
    expect(JSON.stringify(safe)).not.toContain('CANARY')
    expect(safeError('a string CANARY')).toEqual({ type: 'string' })
  })
})

describe('createLogger', () => {
  it('logs a bare error without its message', () => {
    const { logger, text } = logCapture()
    logger.error(new RangeError('CANARY-IN-MESSAGE'))
    logger.warn(new Error('CANARY-2'), 'job failed')
    const [first, second] = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(first).toMatchObject({ msg: 'error', err: { type: 'RangeError' } })
    expect(second).toMatchObject({ msg: 'job failed', err: { type: 'Error' } })
    expect(text()).not.toContain('CANARY')
  })
})
