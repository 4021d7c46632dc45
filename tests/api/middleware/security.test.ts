import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tokenFor } from '../../support/auth.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { testApp } from '../test-app.ts'

const preflight = (origin: string) => ({
  method: 'OPTIONS',
  headers: {
    Origin: origin,
    'Access-Control-Request-Method': 'GET',
    'Access-Control-Request-Headers': 'authorization',
  },
})

describe('secure headers', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('every response carries them: success, 401, 404', async () => {
    const { app } = testApp(t)
    const { headers } = tokenFor(t, 'admin')
    for (const res of [
      await app.request('/health'),
      await app.request('/v1/audit?applicantId=a-1'),
      await app.request('/v1/audit?applicantId=a-1', { headers }),
      await app.request('/nothing'),
    ]) {
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/)
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin')
      expect(res.headers.get('x-powered-by')).toBeNull()
    }
  })

  it('a route may set its own Content-Security-Policy (the docs page needs one)', async () => {
    const { app } = testApp(t)
    app.get('/page', (c) => c.html('<p>x</p>', 200, { 'Content-Security-Policy': "default-src 'self'" }))
    expect((await app.request('/page')).headers.get('content-security-policy')).toBe("default-src 'self'")
  })

  it('/v1 responses are not cacheable; /health keeps its own Cache-Control', async () => {
    const { app } = testApp(t)
    const { headers } = tokenFor(t, 'admin')
    expect((await app.request('/v1/audit?applicantId=a-1', { headers })).headers.get('cache-control')).toBe(
      'no-store',
    )
    expect((await app.request('/v1/audit?applicantId=a-1')).headers.get('cache-control')).toBe('no-store')
    expect((await app.request('/health')).headers.get('cache-control')).toBe('no-store')
  })
})

describe('CORS', () => {
  let t: TestDatabase
  beforeEach(() => {
    t = freshDatabase()
  })
  afterEach(() => t.close())

  it('is closed by default: no CORS header on a request or a preflight from any origin', async () => {
    const { app } = testApp(t)
    const { headers } = tokenFor(t, 'admin')
    const res = await app.request('/v1/audit?applicantId=a-1', {
      headers: { ...headers, Origin: 'https://evil.example' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    const pre = await app.request('/v1/audit', preflight('https://evil.example'))
    expect(pre.headers.get('access-control-allow-origin')).toBeNull()
    expect(pre.headers.get('access-control-allow-methods')).toBeNull()
    expect(pre.status).toBe(401)
  })

  it('is open to exactly the configured origins', async () => {
    const { app } = testApp(t, { HEMVIST_CORS_ORIGINS: 'https://boende.orebro.se,http://localhost:5173' })
    const { headers } = tokenFor(t, 'admin')

    const pre = await app.request('/v1/audit', preflight('https://boende.orebro.se'))
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://boende.orebro.se')
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/)
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull()

    const res = await app.request('/v1/audit?applicantId=a-1', {
      headers: { ...headers, Origin: 'http://localhost:5173' },
    })
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/)

    for (const other of ['https://evil.example', 'https://boende.orebro.se.evil.example', 'null']) {
      const r = await app.request('/v1/audit?applicantId=a-1', { headers: { ...headers, Origin: other } })
      expect(r.headers.get('access-control-allow-origin'), other).toBeNull()
      const p = await app.request('/v1/audit', preflight(other))
      expect(p.headers.get('access-control-allow-origin'), other).toBeNull()
    }
  })
})
