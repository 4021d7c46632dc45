import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuthEnv } from '../../../src/api/auth/index.ts'
import { rateLimit } from '../../../src/api/middleware/index.ts'
import { problemTypes } from '../../../src/api/problem.ts'
import type { Principal } from '../../../src/domain/roles.ts'
import { tokenFor } from '../../support/auth.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { readProblem } from '../problem-schema.ts'
import { testApp } from '../test-app.ts'

/** A bare app whose "authentication" names the token in the X-Token header, and a fake clock. */
function limited(perMinute: number) {
  let now = 1_000_000
  const app = new Hono<AuthEnv>()
    .use(requestId())
    .use(async (c, next) => {
      const principal: Principal = { tokenId: c.req.header('X-Token') ?? 't', role: 'admin', caseloads: [] }
      c.set('principal', principal)
      await next()
    })
    .use(rateLimit({ perMinute, now: () => now }))
    .get('/', (c) => c.text('ok'))
  return {
    get: (token = 't') => app.request('/', { headers: { 'X-Token': token } }),
    advance: (ms: number) => {
      now += ms
    },
  }
}

describe('rate limit per token', () => {
  it('allows a burst of perMinute, then 429 problem+json with Retry-After in whole seconds', async () => {
    const { get } = limited(3)
    for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200)
    const res = await get()
    expect(res.status).toBe(429)
    // One request every 20 s refills: the next is allowed in 20 s.
    expect(res.headers.get('retry-after')).toBe('20')
    expect(await readProblem(res)).toMatchObject({ type: problemTypes.rateLimited, status: 429 })
  })

  it('refills evenly: after Retry-After seconds one more request passes, not two', async () => {
    const { get, advance } = limited(3)
    for (let i = 0; i < 3; i++) await get()
    advance(19_999)
    expect((await get()).status).toBe(429)
    advance(1)
    expect((await get()).status).toBe(200)
    expect((await get()).status).toBe(429)
    advance(60_000)
    for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200)
    expect((await get()).status).toBe(429)
  })

  it('one token over its limit does not slow another', async () => {
    const { get } = limited(2)
    await get('a')
    await get('a')
    expect((await get('a')).status).toBe(429)
    expect((await get('b')).status).toBe(200)
  })

  it('a refused request does not use up the allowance', async () => {
    const { get, advance } = limited(1)
    await get()
    for (let i = 0; i < 10; i++) expect((await get()).status).toBe(429)
    advance(60_000)
    expect((await get()).status).toBe(200)
  })

  it('refuses a nonsensical limit', () => {
    expect(() => rateLimit({ perMinute: 0 })).toThrow(RangeError)
    expect(() => rateLimit({ perMinute: 1.5 })).toThrow(RangeError)
  })
})

describe('rate limit in the app', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('HEMVIST_RATE_LIMIT_PER_MINUTE limits each token on /v1, not /health', async () => {
    const { app } = testApp(t, { HEMVIST_RATE_LIMIT_PER_MINUTE: '2' })
    const one = tokenFor(t, 'admin')
    const two = tokenFor(t, 'admin')
    const call = (headers: Record<string, string>) => app.request('/v1/audit?applicantId=a-1', { headers })
    expect((await call(one.headers)).status).toBe(200)
    expect((await call(one.headers)).status).toBe(200)
    const refused = await call(one.headers)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    await readProblem(refused)
    expect((await call(two.headers)).status).toBe(200)
    for (let i = 0; i < 5; i++) expect((await app.request('/health')).status).toBe(200)
  })
})
