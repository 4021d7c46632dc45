import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type AuthEnv, authenticate, requireRole } from '../../../src/api/auth/index.ts'
import { problemTypes } from '../../../src/api/problem.ts'
import type { Principal } from '../../../src/domain/roles.ts'
import { createToken, revokeToken } from '../../../src/services/tokens.ts'
import { tokenFor } from '../../support/auth.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { readProblem } from '../problem-schema.ts'
import { testApp } from '../test-app.ts'

/**
 * The real app (createApp wires authenticate on /v1/*) with a tiny router
 * mounted the way the resource routers are: one route per role set.
 */
function appWithProbe(t: TestDatabase) {
  const { app, log } = testApp(t)
  const calls: Principal[] = []
  const probe = new Hono<AuthEnv>()
    .get('/probe/anyone', (c) => {
      calls.push(c.get('principal'))
      return c.json({ ok: true })
    })
    .post('/probe/allocation', requireRole('allocator', 'admin'), (c) => {
      calls.push(c.get('principal'))
      return c.json({ ok: true })
    })
  app.route('/v1', probe)
  return { app, calls, log }
}

describe('authenticate', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('lets a valid token through and hands the route its principal', async () => {
    const { app, calls } = appWithProbe(t)
    const cw = tokenFor(t, 'caseworker', ['vaster-1'])
    const res = await app.request('/v1/probe/anyone', { headers: cw.headers })
    expect(res.status).toBe(200)
    expect(calls).toEqual([cw.principal])
  })

  it('accepts the scheme in any case (RFC 6750)', async () => {
    const { app } = appWithProbe(t)
    const { token } = tokenFor(t, 'admin')
    const res = await app.request('/v1/probe/anyone', { headers: { Authorization: `bearer ${token}` } })
    expect(res.status).toBe(200)
  })

  it('401 problem+json with a Bearer challenge when the token is missing; the route never runs', async () => {
    const { app, calls } = appWithProbe(t)
    for (const headers of [{}, { Authorization: '' }, { Authorization: '   ' }] as Record<string, string>[]) {
      const res = await app.request('/v1/probe/anyone', { headers })
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="hemvist"')
      expect(await readProblem(res)).toMatchObject({
        type: problemTypes.unauthorized,
        status: 401,
        instance: res.headers.get('x-request-id'),
      })
    }
    expect(calls).toEqual([])
  })

  it('answers malformed, unknown, wrong, revoked and expired tokens identically: it never tells which', async () => {
    const { app, calls } = appWithProbe(t)
    const known = tokenFor(t, 'allocator')
    const [, id, secret] = known.token.split('_') as [string, string, string]
    const revoked = tokenFor(t, 'allocator')
    revokeToken(t.db, revoked.id)
    const expired = createToken(t.db, {
      role: 'allocator',
      person: 'Test Person',
      expiresAt: '2020-01-01T00:00:00Z',
    })
    if (!expired.ok) throw new Error('expired token not created')

    const presented = {
      'not bearer': `Basic ${Buffer.from('a:b').toString('base64')}`,
      'bearer without token': 'Bearer',
      'two tokens': `Bearer ${known.token} ${known.token}`,
      'not a hemvist token': 'Bearer abc.def.ghi',
      'unknown id': `Bearer hv_${'f'.repeat(16)}_${secret}`,
      'wrong secret': `Bearer hv_${id}_${'0'.repeat(64)}`,
      revoked: `Bearer ${revoked.token}`,
      expired: `Bearer ${expired.value.token}`,
    }
    const bodies = new Set<string>()
    for (const [what, header] of Object.entries(presented)) {
      const res = await app.request('/v1/probe/anyone', {
        headers: { Authorization: header },
      })
      expect(res.status, what).toBe(401)
      expect(res.headers.get('www-authenticate'), what).toBe('Bearer realm="hemvist", error="invalid_token"')
      const body = await readProblem(res)
      expect(body.detail).not.toContain(id)
      // The same words for every kind; only `instance`, the request's own id, differs.
      bodies.add(JSON.stringify({ ...body, instance: undefined }))
    }
    expect(bodies.size).toBe(1)
    expect(calls).toEqual([])
  })

  it('answers 401 for any path under /v1, known or not, so routes cannot be discovered without a token', async () => {
    const { app } = appWithProbe(t)
    expect((await app.request('/v1/no-such-thing')).status).toBe(401)
    expect((await app.request('/v1/audit?applicantId=a-1')).status).toBe(401)
    const { headers } = tokenFor(t, 'analyst')
    expect((await app.request('/v1/no-such-thing', { headers })).status).toBe(404)
  })

  it('logs a refused token by its public id only, never the secret', async () => {
    const { app, log } = appWithProbe(t)
    const good = tokenFor(t, 'admin')
    const revoked = tokenFor(t, 'admin')
    revokeToken(t.db, revoked.id)
    await app.request('/v1/probe/anyone', { headers: good.headers })
    const refused = await app.request('/v1/probe/anyone', { headers: revoked.headers })
    await app.request('/v1/probe/anyone', { headers: { Authorization: `Bearer ${good.token}x` } })
    const refusals = log
      .lines()
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'authentication refused')
    expect(
      refusals.map((l) => [l.requestId === refused.headers.get('x-request-id') ? 'r' : '-', l.tokenId]),
    ).toEqual([
      ['r', revoked.id],
      ['-', null],
    ])
    for (const secret of [good.token, revoked.token].map((x) => x.split('_')[2] as string)) {
      expect(log.text()).not.toContain(secret.slice(0, 12))
    }
  })
})

describe('requireRole', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('403 problem+json for a role the route does not allow; the route never runs', async () => {
    const { app, calls } = appWithProbe(t)
    const article = { caseworker: 'A', analyst: 'An', obo: 'An' } as const
    for (const role of ['caseworker', 'analyst', 'obo'] as const) {
      const res = await app.request('/v1/probe/allocation', {
        method: 'POST',
        headers: tokenFor(t, role).headers,
      })
      expect(res.status, role).toBe(403)
      expect(await readProblem(res)).toMatchObject({
        type: problemTypes.forbidden,
        status: 403,
        instance: res.headers.get('x-request-id'),
        detail: `${article[role]} ${role} token may not call this route.`,
      })
    }
    expect(calls).toEqual([])
  })

  it('lets the allowed roles through', async () => {
    const { app, calls } = appWithProbe(t)
    for (const role of ['allocator', 'admin'] as const) {
      const res = await app.request('/v1/probe/allocation', {
        method: 'POST',
        headers: tokenFor(t, role).headers,
      })
      expect(res.status, role).toBe(200)
    }
    expect(calls.map((p) => p.role)).toEqual(['allocator', 'admin'])
  })

  it('fails closed when mounted without authenticate: 500, never the route', async () => {
    const { app: base } = testApp(t)
    let ran = false
    base.get('/unguarded', requireRole('admin'), (c) => {
      ran = true
      return c.json({})
    })
    const res = await base.request('/unguarded')
    expect(res.status).toBe(500)
    expect(ran).toBe(false)
  })

  it('refuses to be declared without roles', () => {
    expect(() => requireRole()).toThrow(/at least one role/)
  })

  it('authenticate alone works on any Hono app', async () => {
    const app = new Hono<AuthEnv>()
      .use(authenticate({ db: t }))
      .get('/', (c) => c.text(c.get('principal').role))
    const res = await app.request('/', { headers: tokenFor(t, 'obo').headers })
    expect(await res.text()).toBe('obo')
  })
})
