/**
 * The staff pages in a real browser (headless Chromium, driven by playwright-core) against the
 * real service process on a temporary database: the weekly routine from sign-in to a recorded
 * answer, a case worker who must not see another caseload's household, CSRF and the separation of
 * cookie and bearer token. Every page visited is checked with axe-core for WCAG 2.1 A and AA, and
 * a screenshot of each step is written to test-artifacts/browser/ (git-ignored).
 *
 * Needs Chromium: `/usr/bin/chromium` (Debian's package; `.ci/run` installs it) or the path in
 * HEMVIST_CHROMIUM. Without one the tests are skipped with a loud message.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import axe from 'axe-core'
import { eq } from 'drizzle-orm'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase } from '../../../db/client.ts'
import { applicants, offers } from '../../../db/schema.ts'
import { createLogger } from '../../../src/logging.ts'
import { seedDemo } from '../../../src/services/seed-demo.ts'
import { createToken } from '../../../src/services/tokens.ts'

const root = join(import.meta.dirname, '..', '..', '..')
const artifacts = join(root, 'test-artifacts', 'browser')
const chromiumPath = [process.env.HEMVIST_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p) => p !== undefined && p !== '' && existsSync(p),
)
if (chromiumPath === undefined) {
  process.stderr.write(
    '\n*** SKIPPED: the staff pages browser tests need Chromium (apt-get install -y chromium, or set HEMVIST_CHROMIUM). ***\n\n',
  )
}

const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** axe-core's WCAG 2.1 A and AA violations on the page as it is now, as short lines. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source })
  const options = JSON.stringify({ runOnly: { type: 'tag', values: wcag } })
  const result = (await page.evaluate(`axe.run(document, ${options})`)) as axe.AxeResults
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  )
}

describe.skipIf(chromiumPath === undefined)('staff pages in a browser', () => {
  let dir: string
  let dbPath: string
  let server: ChildProcess
  let url: string
  let browser: Browser
  let allocatorToken: string
  let step = 0
  const checked: string[] = []

  /** Checks the page with axe and writes the step's screenshot. */
  async function look(page: Page, name: string) {
    step += 1
    await page.screenshot({
      path: join(artifacts, `${String(step).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    })
    expect(await violations(page), `axe on ${name} (${page.url()})`).toEqual([])
    checked.push(name)
  }

  const newContext = (): Promise<BrowserContext> =>
    // bypassCSP only so the test can inject axe-core; the pages themselves run no script.
    browser.newContext({ bypassCSP: true, locale: 'sv-SE', viewport: { width: 1200, height: 900 } })

  async function signIn(page: Page, token: string) {
    await page.goto(`${url}/logga-in`)
    await page.getByLabel('API-token').fill(token)
    await page.getByRole('button', { name: 'Logga in' }).click()
    await page.waitForURL(/\/oversikt$/)
  }

  function withDb<T>(f: (db: ReturnType<typeof openDatabase>) => T): T {
    const h = openDatabase(dbPath)
    try {
      return f(h)
    } finally {
      h.sqlite.close()
    }
  }

  function token(role: 'allocator' | 'caseworker', person: string, caseloads: string[] = []): string {
    return withDb((h) => {
      const r = createToken(h.db, { role, person, caseloads, label: `${person}, test` })
      if (!r.ok) throw new Error('token refused')
      return r.value.token
    })
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    dir = mkdtempSync(join(tmpdir(), 'hemvist-pages-'))
    dbPath = join(dir, 'hemvist.db')
    withDb((h) => {
      migrateDatabase(h)
      seedDemo({
        database: h,
        demo: { enabled: true, seed: 2026, applicants: 60, vacancies: 12 },
        logger: createLogger({ level: 'silent' }),
        firstRound: false,
      })
    })
    allocatorToken = token('allocator', 'Anna Svensson')
    server = spawn(process.execPath, ['--import', 'tsx', 'src/main/server.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HEMVIST_DB: dbPath,
        PORT: '0',
        HEMVIST_DEMO: 'false',
        HEMVIST_WORKER_POLL_MS: '100',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    server.stdout?.on('data', (d) => {
      out += String(d)
    })
    const started = Date.now()
    while (!/hemvist listening on (http:\/\/\S+)/.test(out)) {
      if (server.exitCode !== null) throw new Error('the server exited early')
      if (Date.now() - started > 30_000) throw new Error('the server did not start within 30 s')
      await new Promise((r) => setTimeout(r, 50))
    }
    url = /hemvist listening on (http:\/\/\S+)/.exec(out)?.[1] ?? ''
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
  })

  afterAll(async () => {
    await browser?.close()
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r))
      server.kill('SIGTERM')
      await exited
    }
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  // The whole routine in a real browser, a round solved in between: 41 s in a quiet CI run, past the
  // suite's 60 s on a loaded machine; it waits on the service, not on a fixed delay.
  it('allocator starts a round, reads an explanation, approves; the case worker records the answer', async () => {
    const allocator = await newContext()
    const page = await allocator.newPage()
    await page.goto(`${url}/logga-in`)
    await look(page, 'sign-in')
    await signIn(page, allocatorToken)
    await look(page, 'overview')

    await page.getByRole('link', { name: 'Matchningsrundor' }).click()
    await page.getByRole('link', { name: 'Starta en ny runda' }).click()
    await expect(page.locator('.pool').textContent()).resolves.toMatch(/\d+ hushåll och \d+ bostäder/)
    await look(page, 'new-round')
    await page.getByRole('button', { name: 'Starta rundan' }).click()
    await page.waitForURL(/\/rundor\/[^/]+$/)
    const roundUrl = page.url()
    // A round in progress says so; its script tells when it is done (the page never reloads itself).
    if ((await page.locator('#lage-lank').count()) > 0) {
      await look(page, 'round-in-progress')
      await page.getByRole('link', { name: 'Visa resultatet' }).waitFor({ timeout: 30_000 })
      await page.getByRole('link', { name: 'Visa resultatet' }).click()
    }
    await page.waitForURL(roundUrl)
    await look(page, 'round-review')

    const unmatched = page.locator('ul.unmatched details').first()
    await unmatched.locator('summary').click()
    await expect(unmatched.locator('.explanation').textContent()).resolves.toMatch(/poäng/)
    await look(page, 'unmatched-explanation')
    await unmatched.getByRole('link', { name: /^Brev till hushållet/ }).click()
    await expect(page.locator('.letter h1').textContent()).resolves.toMatch(/^Besked efter matchningsrundan/)
    await look(page, 'letter')
    await page.goto(roundUrl)

    await page
      .getByRole('link', { name: /^Förslag för / })
      .first()
      .click()
    await expect(page.getByRole('heading', { name: 'Varför förslaget' }).isVisible()).resolves.toBe(true)
    const terms = await page.locator('.explanation li').allInnerTexts()
    expect(terms.length).toBeGreaterThan(0)
    expect(terms.join('\n')).toMatch(/\d,\d\d/) // points with a decimal comma
    await look(page, 'proposal')

    // An override without a reason is refused in the page, with the error summary.
    await page.getByRole('button', { name: 'Ge bostaden till det valda hushållet' }).click()
    await expect(page.title()).resolves.toMatch(/^Fel: /)
    await expect(page.getByRole('heading', { name: 'Det finns ett problem' }).isVisible()).resolves.toBe(true)
    await look(page, 'override-errors')

    await page.getByRole('button', { name: 'Godkänn förslaget' }).click()
    await expect(page.getByRole('heading', { name: 'Förslaget är godkänt' }).isVisible()).resolves.toBe(true)
    await look(page, 'approved')
    const offerHref = (await page.getByRole('link', { name: 'Till erbjudandet' }).getAttribute('href')) ?? ''
    // Follow-up: the map and the equality report, and the what-if of this round under its own policy.
    await page.getByRole('link', { name: 'Uppföljning' }).click()
    await look(page, 'follow-up')
    await page.getByRole('link', { name: 'Kartläggning: hushåll per situation' }).click()
    await look(page, 'follow-up-map')
    await page.goto(`${url}/uppfoljning/equality`)
    await look(page, 'follow-up-equality')
    await page.goto(`${roundUrl}/vad-om`)
    await page.getByLabel('Policyversion att jämföra med').selectOption({ index: 1 })
    await page.getByRole('button', { name: 'Jämför' }).click()
    await expect(page.getByRole('heading', { name: /^Om rundan hade gjorts med/ }).isVisible()).resolves.toBe(
      true,
    )
    await look(page, 'what-if')
    const offerId = offerHref.split('/').pop() ?? ''
    const caseload = withDb((h) => h.db.select().from(offers).where(eq(offers.id, offerId)).get()?.caseload)
    expect(caseload).toBeDefined()
    await allocator.close()

    const caseworker = await newContext()
    const cw = await caseworker.newPage()
    await signIn(cw, token('caseworker', 'Sara Holm', [caseload ?? '']))
    await look(cw, 'caseworker-overview')
    await cw.goto(`${url}${offerHref}`)
    await look(cw, 'offer')
    await cw.getByRole('button', { name: 'Registrera svaret' }).click()
    await expect(cw.getByRole('heading', { name: 'Det finns ett problem' }).isVisible()).resolves.toBe(true)
    await look(cw, 'offer-errors')
    await cw.getByLabel(/Tackar ja/).check()
    await cw.getByRole('button', { name: 'Registrera svaret' }).click()
    await expect(cw.getByRole('heading', { name: 'Hushållet har tackat ja' }).isVisible()).resolves.toBe(true)
    await look(cw, 'accepted')
    expect(withDb((h) => h.db.select().from(offers).where(eq(offers.id, offerId)).get()?.status)).toBe(
      'accepted',
    )

    for (const [path, name] of [
      ['/hushall', 'households'],
      ['/bostader', 'vacancies'],
      ['/erbjudanden?status=alla', 'offers'],
      ['/tillganglighet', 'accessibility-statement'],
    ] as const) {
      await cw.goto(`${url}${path}`)
      await look(cw, name)
    }
    await caseworker.close()
  }, 180_000)

  it("a case worker does not see another caseload's household, in the list or by its address", async () => {
    const [mine, theirs] = withDb((h) => {
      const rows = h.db.select({ id: applicants.id, caseload: applicants.caseload }).from(applicants).all()
      const a = rows[0]
      const b = rows.find((r) => r.caseload !== a?.caseload)
      return [a, b]
    })
    if (mine === undefined || theirs === undefined) throw new Error('the demo data needs two caseloads')
    const context = await newContext()
    const page = await context.newPage()
    await signIn(page, token('caseworker', 'Erik Lind', [mine.caseload]))
    await page.goto(`${url}/hushall/${mine.id}`)
    await look(page, 'own-household')
    const other = await page.goto(`${url}/hushall/${theirs.id}`)
    expect(other?.status()).toBe(404)
    await expect(page.getByRole('heading', { name: 'Hittades inte' }).isVisible()).resolves.toBe(true)
    expect(await page.content()).not.toContain(theirs.caseload)
    await look(page, 'other-caseload-household')
    await page.goto(`${url}/hushall`)
    expect(await page.content()).not.toContain(theirs.id)
    await context.close()
  })

  it('refuses a form post without the CSRF token (403) and keeps cookie and bearer token apart', async () => {
    const context = await newContext()
    const page = await context.newPage()
    // By keyboard alone: the skip link comes first, then the token field; Enter submits.
    await page.goto(`${url}/logga-in`)
    await page.keyboard.press('Tab')
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Hoppa till innehållet')
    await page.keyboard.press('Tab') // the brand link
    await page.keyboard.press('Tab')
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('token')
    await page.keyboard.type(allocatorToken)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/oversikt$/)
    const noCsrf = await context.request.post(`${url}/logga-ut`, { form: {}, maxRedirects: 0 })
    expect(noCsrf.status()).toBe(403)
    await page.goto(`${url}/oversikt`)
    expect(page.url()).toMatch(/\/oversikt$/) // still signed in
    const cookie = (await context.cookies()).find((c) => c.name === 'hemvist_session')
    expect(cookie?.httpOnly).toBe(true)
    expect(cookie?.sameSite).toBe('Strict')
    const api = await context.request.get(`${url}/v1/rounds`, {
      headers: { Authorization: `Bearer ${cookie?.value}` },
    })
    expect(api.status()).toBe(401)
    const bare = await browser.newContext()
    const bearer = await bare.request.get(`${url}/oversikt`, {
      headers: { Authorization: `Bearer ${allocatorToken}` },
      maxRedirects: 0,
    })
    expect(bearer.status()).toBe(303)
    expect(bearer.headers().location).toMatch(/^\/logga-in/)
    await bare.close()
    // Sign-out through the page's own form ends the session on the server.
    await page.getByRole('button', { name: 'Logga ut' }).click()
    await page.waitForURL(/\/logga-in\?utloggad=1$/)
    await look(page, 'signed-out')
    const reuse = await fetch(`${url}/oversikt`, {
      headers: { Cookie: `hemvist_session=${cookie?.value}` },
      redirect: 'manual',
    })
    expect(reuse.status).toBe(303)
    await context.close()
  })
})
