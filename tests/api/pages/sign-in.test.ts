import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { insertApplicant } from '../../../db/repo/applicants.ts'
import { isPagePath } from '../../../src/api/pages/index.tsx'
import { markDemo } from '../../../src/services/demo-data.ts'
import { revokeToken } from '../../../src/services/tokens.ts'
import { tokenFor } from '../../support/auth.ts'
import { makeApplicant } from '../../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { testApp } from '../test-app.ts'
import { csrfOf, jar } from './browser-like.ts'

describe('staff pages: sign-in, session and CSRF', () => {
  let t: TestDatabase
  let app: ReturnType<typeof testApp>['app']
  beforeEach(() => {
    t = freshDatabase()
    ;({ app } = testApp(t))
  })
  afterEach(() => t.close())

  async function signIn(token: string) {
    const j = jar()
    const form = await app.request('/logga-in')
    j.take(form)
    const res = await app.request('/logga-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: j.header() },
      body: new URLSearchParams({ _csrf: csrfOf(await form.text()), token, till: '/hushall' }),
    })
    j.take(res)
    return { res, jar: j }
  }

  it('exchanges a token for an HttpOnly, SameSite=Strict session cookie and sends the person on', async () => {
    const allocator = tokenFor(t, 'allocator')
    const { res, jar: j } = await signIn(allocator.token)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/hushall')
    const set = res.headers.getSetCookie().find((c) => c.startsWith('hemvist_session='))
    expect(set).toMatch(/HttpOnly/)
    expect(set).toMatch(/SameSite=Strict/)
    expect(set).not.toContain(allocator.token)
    const page = await app.request('/oversikt', { headers: { Cookie: j.header() } })
    expect(page.status).toBe(200)
    const text = await page.text()
    expect(text).toContain('<html lang="sv">')
    expect(text).toContain('Test allocator')
    expect(page.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
  })

  it('every page says so in a banner while the database holds demo data, and not once it is removed', async () => {
    const allocator = tokenFor(t, 'allocator')
    const { jar: j } = await signIn(allocator.token)
    const banner = 'Databasen innehåller påhittade hushåll och bostäder, inte riktiga'
    expect(await (await app.request('/oversikt', { headers: { Cookie: j.header() } })).text()).not.toContain(
      banner,
    )
    markDemo(t.db, 'applicant', ['DEMO-1'])
    for (const [path, cookie] of [
      ['/oversikt', j.header()],
      ['/hushall', j.header()],
      ['/logga-in', ''],
    ] as const) {
      const text = await (await app.request(path, { headers: { Cookie: cookie } })).text()
      expect(text, path).toContain(banner)
      expect(text, path).toContain('<code>npx hemvist demo remove</code>')
    }
    const health = (await (await app.request('/health')).json()) as { demoData?: boolean }
    expect(health.demoData).toBe(true)
    t.sqlite.exec('DELETE FROM demo_records')
    expect(await (await app.request('/oversikt', { headers: { Cookie: j.header() } })).text()).not.toContain(
      banner,
    )
    expect(((await (await app.request('/health')).json()) as { demoData?: boolean }).demoData).toBeUndefined()
  })

  it('over TLS the cookie is Secure and __Host- prefixed', async () => {
    const allocator = tokenFor(t, 'allocator')
    const form = await app.request('https://hemvist.example/logga-in')
    const j = jar()
    j.take(form)
    expect(form.headers.getSetCookie()[0]).toMatch(/Secure/)
    const res = await app.request('https://hemvist.example/logga-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: j.header() },
      body: new URLSearchParams({ _csrf: csrfOf(await form.text()), token: allocator.token }),
    })
    const set = res.headers.getSetCookie().find((c) => c.startsWith('__Host-hemvist_session='))
    expect(set).toMatch(/Secure/)
    expect(set).toMatch(/HttpOnly/)
  })

  it('refuses a wrong token and an obo token with a Swedish message in the page', async () => {
    const wrong = await signIn('hv_0000000000000000_'.padEnd(83, '0'))
    expect(wrong.res.status).toBe(401)
    const text = await wrong.res.text()
    expect(text).toContain('<title>Fel: Logga in – hemvist</title>')
    expect(text).toContain('Tokenen godtogs inte')
    const obo = await signIn(tokenFor(t, 'obo').token)
    expect(obo.res.status).toBe(403)
  })

  it('a form post without the CSRF token, or with another, gets 403 and changes nothing', async () => {
    const allocator = tokenFor(t, 'allocator')
    const { jar: j } = await signIn(allocator.token)
    for (const body of [{}, { _csrf: 'not-the-token' }] as Record<string, string>[]) {
      const res = await app.request('/logga-ut', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: j.header() },
        body: new URLSearchParams(body),
      })
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('säkerhetskod')
    }
    // Still signed in: the refused sign-out did nothing.
    expect((await app.request('/oversikt', { headers: { Cookie: j.header() } })).status).toBe(200)
    // The sign-in form itself needs its token too.
    const res = await app.request('/logga-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: allocator.token }),
    })
    expect(res.status).toBe(403)
    expect(res.headers.getSetCookie().some((c) => c.startsWith('hemvist_session='))).toBe(false)
  })

  it('a session cookie is never an API bearer token, and a bearer token never opens a page', async () => {
    const allocator = tokenFor(t, 'allocator')
    const { jar: j } = await signIn(allocator.token)
    const cookie = j.get('hemvist_session') ?? ''
    expect(cookie).toMatch(/^hs_/)
    const api = await app.request('/v1/rounds', { headers: { Authorization: `Bearer ${cookie}` } })
    expect(api.status).toBe(401)
    const apiWithCookie = await app.request('/v1/rounds', { headers: { Cookie: j.header() } })
    expect(apiWithCookie.status).toBe(401)
    const page = await app.request('/oversikt', { headers: allocator.headers })
    expect(page.status).toBe(303)
    expect(page.headers.get('Location')).toBe('/logga-in?till=%2Foversikt')
    const tokenAsCookie = await app.request('/oversikt', {
      headers: { Cookie: `hemvist_session=${allocator.token}` },
    })
    expect(tokenAsCookie.status).toBe(303)
  })

  it('sign-out ends the session on the server: the same cookie no longer works', async () => {
    const { jar: j } = await signIn(tokenFor(t, 'allocator').token)
    const copied = j.header()
    const page = await (await app.request('/oversikt', { headers: { Cookie: copied } })).text()
    const out = await app.request('/logga-ut', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: copied },
      body: new URLSearchParams({ _csrf: csrfOf(page) }),
    })
    expect(out.status).toBe(303)
    expect(out.headers.get('Location')).toBe('/logga-in?utloggad=1')
    expect((await app.request('/oversikt', { headers: { Cookie: copied } })).status).toBe(303)
  })

  it('signing in again over a live session ends the old one', async () => {
    const token = tokenFor(t, 'allocator').token
    const { jar: j } = await signIn(token)
    const old = j.header()
    const form = await app.request('/logga-in', { headers: { Cookie: old } })
    expect(form.status).toBe(303) // already signed in: to the overview
    const again = await app.request('/logga-in', { headers: { Cookie: '' } })
    const fresh = jar()
    fresh.take(again)
    const res = await app.request('/logga-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `${old}; ${fresh.header()}` },
      body: new URLSearchParams({ _csrf: csrfOf(await again.text()), token }),
    })
    expect(res.status).toBe(303)
    expect((await app.request('/oversikt', { headers: { Cookie: old } })).status).toBe(303)
  })

  it('revoking the token ends its sessions', async () => {
    const allocator = tokenFor(t, 'allocator')
    const { jar: j } = await signIn(allocator.token)
    revokeToken(t.db, allocator.id)
    expect((await app.request('/oversikt', { headers: { Cookie: j.header() } })).status).toBe(303)
  })

  it("a case worker gets the same 404 page for another caseload's household as for none, and the list leaves it out", async () => {
    const mine = makeApplicant({ id: 'a-mine', caseload: 'team-vaster' })
    const theirs = makeApplicant({ id: 'a-theirs', caseload: 'team-oster' })
    for (const a of [mine, theirs]) expect(insertApplicant(t.db, a).ok).toBe(true)
    const { jar: j } = await signIn(tokenFor(t, 'caseworker', ['team-vaster']).token)
    const own = await app.request('/hushall/a-mine', { headers: { Cookie: j.header() } })
    expect(own.status).toBe(200)
    const other = await app.request('/hushall/a-theirs', { headers: { Cookie: j.header() } })
    const none = await app.request('/hushall/a-none', { headers: { Cookie: j.header() } })
    expect(other.status).toBe(404)
    expect(none.status).toBe(404)
    expect(await other.text()).toBe(await none.text())
    const list = await (await app.request('/hushall', { headers: { Cookie: j.header() } })).text()
    expect(list).toContain('a-mine')
    expect(list).not.toContain('a-theirs')
  })

  it('a protected household shows a case worker no district, to an allocator it does', async () => {
    const hidden = makeApplicant({
      id: 'a-prot',
      caseload: 'team-vaster',
      safety: { protectedIdentity: true, domesticViolence: true, excludedDistricts: ['Vivalla'] },
      preferences: { districts: ['Tybble'], vacancyTypes: ['social_contract'] },
    })
    expect(insertApplicant(t.db, hidden).ok).toBe(true)
    const cw = await signIn(tokenFor(t, 'caseworker', ['team-vaster']).token)
    const text = await (await app.request('/hushall/a-prot', { headers: { Cookie: cw.jar.header() } })).text()
    expect(text).toContain('Skyddad identitet')
    expect(text).not.toContain('Vivalla')
    expect(text).not.toContain('Tybble')
    const al = await signIn(tokenFor(t, 'allocator').token)
    const full = await (await app.request('/hushall/a-prot', { headers: { Cookie: al.jar.header() } })).text()
    expect(full).toContain('Tybble')
    expect(full).toContain('Vem har tittat')
  })

  it('API routes are untouched by the pages: no CSRF on /v1, problem+json for unknown paths', async () => {
    for (const path of ['/v1/rounds', '/health', '/openapi.json', '/docs', '/ingen-sida'])
      expect(isPagePath(path)).toBe(false)
    for (const path of ['/', '/logga-in', '/rundor/r-1/forslag/p-1', '/hushall'])
      expect(isPagePath(path)).toBe(true)
    const allocator = tokenFor(t, 'allocator')
    const res = await app.request('/v1/rounds', {
      method: 'POST',
      headers: { ...allocator.headers, 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' },
      body: JSON.stringify({}),
    })
    expect(res.status).not.toBe(403)
    const missing = await app.request('/ingen-sida')
    expect(missing.headers.get('Content-Type')).toContain('application/problem+json')
    const health = await app.request('/health')
    expect(health.headers.get('Content-Security-Policy')).toBe("default-src 'none'; frame-ancestors 'none'")
  })
})
