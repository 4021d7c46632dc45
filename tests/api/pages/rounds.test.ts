import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { offers, proposals, rounds } from '../../../db/schema.ts'
import { reportNames } from '../../../src/domain/follow-up/reports.ts'
import { generateRound } from '../../../src/synthetic/index.ts'
import { tokenFor } from '../../support/auth.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { drainWorker, seedWorld } from '../../support/rounds.ts'
import { testApp } from '../test-app.ts'
import { signedIn } from './browser-like.ts'

const asOf = '2026-12-07'

describe('staff pages: a round from start to answers, in-process', () => {
  let t: TestDatabase
  let app: ReturnType<typeof testApp>['app']
  beforeEach(() => {
    t = freshDatabase()
    ;({ app } = testApp(t))
    seedWorld(t, generateRound({ seed: 7, applicants: 30, vacancies: 8, asOf }))
  })
  afterEach(() => t.close())

  async function startRound(allocator: Awaited<ReturnType<typeof signedIn>>) {
    const form = await allocator.get(`/rundor/ny?datum=${asOf}`)
    expect(form.status).toBe(200)
    expect(form.text).toMatch(/\d+ hushåll<\/strong> och <strong>\d+ bostäder/)
    const key = /name="nyckel" value="([^"]+)"/.exec(form.text)?.[1] ?? ''
    const fields = { nyckel: key, asOf, policy: 'orebro-default@1' }
    const made = await allocator.post('/rundor/ny', fields)
    expect(made.status).toBe(303)
    // The same form sent twice (a double click, a retry) is the same round.
    expect((await allocator.post('/rundor/ny', fields)).location).toBe(made.location)
    expect(t.db.select().from(rounds).all()).toHaveLength(1)
    return made.location ?? ''
  }

  it('new round: a bad date is an error summary in Swedish, nothing is started', async () => {
    const allocator = await signedIn(app, tokenFor(t, 'allocator').token)
    await allocator.get('/rundor/ny')
    const bad = await allocator.post('/rundor/ny', {
      nyckel: crypto.randomUUID(),
      asOf: '7/12',
      policy: 'orebro-default@1',
    })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('<title>Fel: Ny matchningsrunda – hemvist</title>')
    expect(bad.text).toContain('href="#asOf"')
    expect(t.db.select().from(rounds).all()).toHaveLength(0)
  })

  it('shows progress, then proposals; reject needs a reason; a decided proposal answers 409 in words; approve all', async () => {
    const allocator = await signedIn(app, tokenFor(t, 'allocator').token)
    const roundPath = await startRound(allocator)
    const waiting = await allocator.get(roundPath)
    expect(waiting.text).toContain('Ladda om sidan för att se om rundan är klar')
    expect(waiting.text).toMatch(/<script src="\/lage.js" defer/)
    const state = await allocator.get(`${roundPath}/lage`)
    expect(JSON.parse(state.text)).toMatchObject({ status: 'queued', done: false })

    await drainWorker(t)
    expect(JSON.parse((await allocator.get(`${roundPath}/lage`)).text)).toMatchObject({ done: true })
    const review = await allocator.get(roundPath)
    expect(review.text).toContain('Hushåll utan förslag')
    const links = [...review.text.matchAll(/href="(\/rundor\/[^"]+\/forslag\/[^"]+)"/g)].map(
      (m) => m[1] ?? '',
    )
    expect(links.length).toBeGreaterThan(1)
    const first = links[0] ?? ''

    const proposal = await allocator.get(first)
    expect(proposal.text).toContain('Varför förslaget')
    const noReason = await allocator.post(`${first}/avsla`, { reason: '' })
    expect(noReason.status).toBe(422)
    expect(noReason.text).toContain('Välj ett skäl till att förslaget avslås')
    const rejected = await allocator.post(`${first}/avsla`, {
      reason: 'information_outdated',
      note: 'Flyttat.',
    })
    expect(rejected.status).toBe(200)
    expect(rejected.text).toContain('Förslaget är avslaget')
    expect(rejected.text).toContain('Beslutet är registrerat av Test allocator.')

    const again = await allocator.post(`${first}/godkann`, {})
    expect(again.status).toBe(409)
    expect(again.text).toContain('Det gick inte att genomföra')

    // What if the round had been made under another policy version: compared, nothing changed.
    const whatIfForm = await allocator.get(`${roundPath}/vad-om`)
    expect(whatIfForm.text).toContain('Policyversion att jämföra med')
    expect((await allocator.post(`${roundPath}/vad-om`, { policy: '' })).status).toBe(422)
    const whatIf = await allocator.post(`${roundPath}/vad-om`, { policy: 'orebro-default@1' })
    expect(whatIf.status).toBe(200)
    expect(whatIf.text).toContain('Hushåll med förslag')
    expect(whatIf.text).toContain('±0')

    const confirm = await allocator.get(`${roundPath}/godkann-alla`)
    expect(confirm.text).toMatch(/Godkänn \d+ förslag/)
    const all = await allocator.post(`${roundPath}/godkann-alla`, {})
    expect(all.status).toBe(200)
    expect(all.text).toMatch(/\d+ förslag godkända/)
    // Families are left pending: each is approved on its own, with the child's perspective.
    const left = t.db.select().from(proposals).where(eq(proposals.status, 'pending')).all()
    for (const p of left)
      expect(getApplicant(t.db, p.applicantId)?.applicant.household.children.length).toBeGreaterThan(0)
    expect(t.db.select().from(offers).all().length).toBe(links.length - 1 - left.length)
    if (left.length > 0) {
      expect(all.text).toContain('godkänns ett i taget, med barnets perspektiv')
      const family = `${roundPath}/forslag/${left[0]?.id}`
      expect((await allocator.get(family)).text).toContain('Barnets perspektiv')
      const bare = await allocator.post(`${family}/godkann`, {})
      expect(bare.status).toBe(422)
      expect(bare.text).toContain('fyll i barnets perspektiv')
      const heard = await allocator.post(`${family}/godkann`, {
        'child-considered': 'ja',
        'child-heard': 'yes',
        'child-reason': 'near_school_or_preschool',
      })
      expect(heard.status).toBe(200)
      expect(heard.text).toContain('Förslaget är godkänt')
    }
  })

  it('a case worker checks a decline before it is recorded, and sees only its own households in the round', async () => {
    const allocator = await signedIn(app, tokenFor(t, 'allocator').token)
    const roundPath = await startRound(allocator)
    await drainWorker(t)
    await allocator.get(`${roundPath}/godkann-alla`)
    await allocator.post(`${roundPath}/godkann-alla`, {})
    const offer = t.db.select().from(offers).all()[0]
    if (offer === undefined) throw new Error('no offer')
    const others = t.db
      .select()
      .from(offers)
      .all()
      .filter((o) => o.caseload !== offer.caseload)

    const caseworker = await signedIn(app, tokenFor(t, 'caseworker', [offer.caseload], 'Sara Holm').token)
    const round = await caseworker.get(roundPath)
    expect(round.status).toBe(200)
    expect(round.text).toContain(offer.applicantId)
    for (const o of others) expect(round.text).not.toContain(`>${o.applicantId}<`)

    // The letter to one of its own households left without a proposal, never naming another.
    const letterPath = /href="(\/rundor\/[^"]+\/brev\/[^"]+)"/.exec(round.text)?.[1]
    if (letterPath !== undefined) {
      const letter = await caseworker.get(letterPath)
      expect(letter.status).toBe(200)
      expect(letter.text).toContain('Besked efter matchningsrundan')
      for (const o of others) expect(letter.text).not.toContain(o.applicantId)
    }
    const foreignLetter = others[0]
    if (foreignLetter !== undefined)
      expect((await caseworker.get(`${roundPath}/brev/${foreignLetter.applicantId}`)).status).toBe(404)

    await caseworker.get(`/erbjudanden/${offer.id}`)
    const check = await caseworker.post(`/erbjudanden/${offer.id}/svar`, {
      svar: 'nej',
      declinedBy: 'household',
      reason: 'location',
      note: 'För långt från skolan.',
    })
    expect(check.text).toContain('Kontrollera svaret innan du registrerar det')
    expect(check.text).toContain('För långt från skolan.')
    expect(t.db.select().from(offers).where(eq(offers.id, offer.id)).get()?.status).toBe('open')
    const done = await caseworker.post(`/erbjudanden/${offer.id}/svar`, {
      svar: 'nej',
      declinedBy: 'household',
      reason: 'location',
      note: 'För långt från skolan.',
      bekraftat: 'ja',
    })
    expect(done.text).toContain('Nejet är registrerat')
    expect(done.text).toContain('Svaret är registrerat av Sara Holm.')
    expect(t.db.select().from(offers).where(eq(offers.id, offer.id)).get()?.status).toBe('declined')
    // The household's page lists the offer, answered.
    const household = await caseworker.get(`/hushall/${offer.applicantId}`)
    expect(household.text).toContain('Erbjudanden till hushållet')
    expect(household.text).toContain('Tackat nej')

    // An offer of another caseload is the same 404 as none.
    const foreign = others[0]
    if (foreign !== undefined) expect((await caseworker.get(`/erbjudanden/${foreign.id}`)).status).toBe(404)
  })
})

describe('staff pages: a protected-identity household is never placed for a case worker', () => {
  let t: TestDatabase
  let app: ReturnType<typeof testApp>['app']
  afterEach(() => t.close())

  it('no page a case worker can open names the vacancy offered to a protected household of its caseload', async () => {
    t = freshDatabase()
    ;({ app } = testApp(t))
    const world = generateRound({ seed: 11, applicants: 30, vacancies: 8, asOf })
    // Every household is protected: whatever the round offers, the offer is to a protected household.
    const applicants = world.applicants.map((a) => ({
      ...a,
      safety: { ...a.safety, protectedIdentity: true },
    }))
    seedWorld(t, { applicants, vacancies: world.vacancies })
    const allocator = await signedIn(app, tokenFor(t, 'allocator').token)
    const form = await allocator.get(`/rundor/ny?datum=${asOf}`)
    const key = /name="nyckel" value="([^"]+)"/.exec(form.text)?.[1] ?? ''
    const made = await allocator.post('/rundor/ny', { nyckel: key, asOf, policy: 'orebro-default@1' })
    const roundPath = made.location ?? ''
    await drainWorker(t)
    await allocator.get(`${roundPath}/godkann-alla`)
    await allocator.post(`${roundPath}/godkann-alla`, {})
    const all = t.db.select().from(offers).all()
    const offer = all[0]
    if (offer === undefined) throw new Error('no offer')
    const mine = all.filter((o) => o.caseload === offer.caseload)

    const caseworker = await signedIn(app, tokenFor(t, 'caseworker', [offer.caseload]).token)
    const pages = [
      '/oversikt',
      '/erbjudanden',
      '/erbjudanden?status=alla',
      roundPath,
      ...mine.flatMap((o) => [
        `/erbjudanden/${o.id}`,
        `/hushall/${o.applicantId}`,
        `${roundPath}/brev/${o.applicantId}`,
      ]),
    ]
    for (const path of pages) {
      const page = await caseworker.get(path)
      expect(page.status, path).toBe(200)
      for (const o of mine) expect(page.text, `${path} names ${o.vacancyId}`).not.toContain(o.vacancyId)
    }
    // The allocator may see it.
    expect((await allocator.get(`/erbjudanden/${offer.id}`)).text).toContain(offer.vacancyId)
  })
})

describe('staff pages: follow-up', () => {
  let t: TestDatabase
  let app: ReturnType<typeof testApp>['app']
  beforeEach(() => {
    t = freshDatabase()
    ;({ app } = testApp(t))
    seedWorld(t, generateRound({ seed: 7, applicants: 30, vacancies: 8, asOf }))
  })
  afterEach(() => t.close())

  it('every report as tables in Swedish, a period with a bad date refused in the page, and the CSV', async () => {
    const analyst = await signedIn(app, tokenFor(t, 'analyst').token)
    const index = await analyst.get('/uppfoljning')
    expect(index.status).toBe(200)
    for (const name of reportNames) {
      expect(index.text).toContain(`href="/uppfoljning/${name}"`)
      const page = await analyst.get(`/uppfoljning/${name}?from=2026-01-01&to=${asOf}`)
      expect(page.status, name).toBe(200)
      expect(page.text, name).toContain('<caption>')
    }
    const bad = await analyst.get('/uppfoljning/map?to=7/12')
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('Det finns ett problem')
    const csv = await app.request(`/uppfoljning/map/csv?to=${asOf}`, {
      headers: { Cookie: analyst.jar.header() },
    })
    expect(csv.headers.get('Content-Type')).toContain('text/csv')
    // A byte order mark first, so a spreadsheet set to Swedish reads the UTF-8 right.
    expect([...new Uint8Array(await csv.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  })

  it('a case worker has no follow-up pages', async () => {
    const caseworker = await signedIn(app, tokenFor(t, 'caseworker').token)
    expect((await caseworker.get('/uppfoljning')).status).toBe(403)
    expect((await caseworker.get('/uppfoljning/map')).status).toBe(403)
  })
})
