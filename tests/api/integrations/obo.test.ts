/**
 * ÖBO's routes through the app: the PUT by object number, the CSV batches
 * (real files: BOM, ;, Windows-1252, a quoted newline) and the signed outcome
 * webhook (signature, stale timestamp, replay).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { vacancies } from '../../../db/schema.ts'
import { newSecret, secretBytes, signedHeaders } from '../../../src/integrations/obo/signature.ts'
import { csvText, utf8, vacancyRow, windows1252 } from '../../integrations/obo/csv-files.ts'
import { nominate, seedOboWorld } from '../../services/obo/world.ts'
import { readProblem } from '../problem-schema.ts'
import { type V1World, v1World } from '../v1/support.ts'

const outcomeSecret = newSecret()
const key = (() => {
  const k = secretBytes(outcomeSecret)
  if (!k.ok) throw new Error(k.error)
  return k.value
})()

let world: V1World
beforeEach(() => {
  world = v1World({ HEMVIST_OBO_OUTCOME_SECRET: outcomeSecret })
})
afterEach(() => world.close())

function sendCsv(role: 'obo' | 'caseworker', path: string, body: Uint8Array, query = '') {
  return world.app.request(`${path}${query}`, {
    method: 'POST',
    headers: { ...world.tokens[role].headers, 'Content-Type': 'text/csv; charset=utf-8' },
    body,
  })
}

function postOutcome(body: string, headers: Record<string, string>) {
  return world.app.request('/v1/integrations/obo/outcomes', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  })
}

describe('PUT /v1/integrations/obo/vacancies/{objectNo}', () => {
  const flat = {
    district: 'Väster',
    rooms: 2,
    areaM2: 58.5,
    rent: 6900,
    floor: 2,
    elevator: true,
    wheelchairAccessible: false,
    availableFrom: '2027-01-15',
  }

  it('creates (201), then answers the same flat 200 with the same version; a caseworker gets 403', async () => {
    const a = await world.call('obo', 'PUT', '/v1/integrations/obo/vacancies/1234-0101', { body: flat })
    expect(a.status).toBe(201)
    expect(await a.json()).toMatchObject({
      type: 'obo_priority',
      landlord: 'obo',
      externalRef: '1234-0101',
      version: 1,
    })
    const b = await world.call('obo', 'PUT', '/v1/integrations/obo/vacancies/1234-0101', { body: flat })
    expect(b.status).toBe(200)
    expect(b.headers.get('etag')).toBe('"1"')
    const c = await world.call('caseworker', 'PUT', '/v1/integrations/obo/vacancies/1234-0101', {
      body: flat,
    })
    expect(c.status).toBe(403)
    const d = await world.call('obo', 'PUT', '/v1/integrations/obo/vacancies/1234-0101', {
      body: { ...flat, priorityScore: 9 },
    })
    expect((await readProblem(d)).errors?.map((e) => e.path)).toEqual(['priorityScore'])
  })
})

describe('POST /v1/integrations/obo/vacancies.csv', () => {
  it('imports a Windows-1252 ; file with a BOM-less header and ÅÄÖ; re-sent it changes nothing', async () => {
    const file = windows1252(csvText([vacancyRow(1), vacancyRow(7)]))
    const first = await sendCsv('obo', '/v1/integrations/obo/vacancies.csv', file)
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({
      dryRun: false,
      rows: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
      withdrawn: 0,
    })
    const again = await sendCsv('obo', '/v1/integrations/obo/vacancies.csv', file)
    expect(await again.json()).toMatchObject({ created: 0, unchanged: 2 })
    expect(
      world.t.db
        .select()
        .from(vacancies)
        .all()
        .map((v) => v.district),
    ).toEqual(['Öster', 'Lillån'])
  })

  it('answers 422 problem+json naming rows 12, 57 and 301 of a 500-row file, imports nothing, and a dry run says the same', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => vacancyRow(i + 1))
    ;(rows[11] as string[])[2] = '0'
    ;(rows[56] as string[])[6] = 'kanske'
    ;(rows[300] as string[])[0] = ''
    const quoted = rows.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)))
    const file = utf8(`\uFEFF${csvText(quoted, ',')}`)
    const res = await sendCsv('obo', '/v1/integrations/obo/vacancies.csv', file)
    const problem = await readProblem(res)
    expect(problem.status).toBe(422)
    expect(problem.errors?.map((e) => e.path)).toEqual(['row 12.rum', 'row 57.hiss', 'row 301.objektnr'])
    const dry = await sendCsv('obo', '/v1/integrations/obo/vacancies.csv', file, '?dryRun=true')
    expect({ ...(await readProblem(dry)), instance: '' }).toEqual({ ...problem, instance: '' })
    expect(world.t.db.select().from(vacancies).all()).toEqual([])
  })

  it('takes at most 2,000 rows over HTTP (the event loop reads them), and says where a larger file goes', async () => {
    const file = utf8(csvText(Array.from({ length: 2_001 }, (_, i) => vacancyRow(i + 1))))
    const problem = await readProblem(await sendCsv('obo', '/v1/integrations/obo/vacancies.csv', file))
    expect(problem.status).toBe(422)
    expect(problem.detail).toContain('The file has 2001 rows; at most 2000 are taken at once here')
    expect(problem.detail).toContain('hemvist obo import')
    expect(world.t.db.select().from(vacancies).all()).toEqual([])
  })

  it('refuses a body that is not text/csv (415) and a caseworker (403)', async () => {
    const res = await world.app.request('/v1/integrations/obo/vacancies.csv', {
      method: 'POST',
      headers: { ...world.tokens.obo.headers, 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect((await readProblem(res)).status).toBe(415)
    const cw = await sendCsv(
      'caseworker',
      '/v1/integrations/obo/vacancies.csv',
      utf8(csvText([vacancyRow(1)])),
    )
    expect((await readProblem(cw)).status).toBe(403)
  })
})

describe('POST /v1/integrations/obo/outcomes (signed)', () => {
  async function offerToAnswer() {
    seedOboWorld(world.t)
    return (await nominate(world.t)).offerId
  }

  it('records a signed outcome once; a replay answers 200 with no second effect', async () => {
    const offerId = await offerToAnswer()
    const body = JSON.stringify({
      type: 'nomination.outcome',
      data: { nominationId: offerId, outcome: 'contract_signed' },
    })
    const headers = signedHeaders(key, 'obo_msg_1', Math.floor(Date.now() / 1000), body)
    const first = await postOutcome(body, { ...headers })
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({ applied: true, replayed: false })
    const replay = await postOutcome(body, { ...headers })
    expect(replay.status).toBe(200)
    expect(await replay.json()).toMatchObject({ applied: false, replayed: true })
    expect(world.auditActions().filter((a) => a.action === 'offer.accept')).toHaveLength(1)
  })

  it('answers 401 to a bad signature, a stale timestamp and missing headers, and changes nothing', async () => {
    const offerId = await offerToAnswer()
    const body = JSON.stringify({
      type: 'nomination.outcome',
      data: { nominationId: offerId, outcome: 'no_answer' },
    })
    const now = Math.floor(Date.now() / 1000)
    const wrongKey = secretBytes(newSecret())
    if (!wrongKey.ok) throw new Error('key')
    for (const headers of [
      { ...signedHeaders(wrongKey.value, 'obo_msg_2', now, body) },
      { ...signedHeaders(key, 'obo_msg_3', now - 301, body) },
      { ...signedHeaders(key, 'obo_msg_4', now, body), 'webhook-signature': '' },
      { ...signedHeaders(key, 'obo_msg_5', now, `${body} `) },
    ]) {
      const res = await postOutcome(body, headers)
      expect((await readProblem(res)).status).toBe(401)
    }
    expect(world.auditActions().filter((a) => a.action.startsWith('offer.'))).toEqual([])
  })

  it('rate-limits signed deliveries (429 with Retry-After, nothing recorded); unsigned ones never spend the allowance', async () => {
    world.close()
    world = v1World({ HEMVIST_OBO_OUTCOME_SECRET: outcomeSecret, HEMVIST_RATE_LIMIT_PER_MINUTE: '2' })
    const offerId = await offerToAnswer()
    const now = Math.floor(Date.now() / 1000)
    const unsigned = JSON.stringify({
      type: 'nomination.outcome',
      data: { nominationId: offerId, outcome: 'no_answer' },
    })
    for (let i = 0; i < 5; i++) {
      const res = await postOutcome(unsigned, { ...signedHeaders(key, `obo_bad_${i}`, now, `${unsigned} `) })
      expect((await readProblem(res)).status).toBe(401)
    }
    // Two signed deliveries pass (the first applies, the second is a replay); the third waits.
    const body = JSON.stringify({
      type: 'nomination.outcome',
      data: { nominationId: offerId, outcome: 'no_answer' },
    })
    const headers = signedHeaders(key, 'obo_msg_rl', now, body)
    expect((await postOutcome(body, { ...headers })).status).toBe(200)
    expect((await postOutcome(body, { ...headers })).status).toBe(200)
    const other = JSON.stringify({
      type: 'nomination.outcome',
      data: { nominationId: 'other', outcome: 'no_answer' },
    })
    const limited = await postOutcome(other, { ...signedHeaders(key, 'obo_msg_rl2', now, other) })
    const problem = await readProblem(limited)
    expect(problem.status).toBe(429)
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1)
    expect(world.auditActions().filter((a) => a.action.startsWith('offer.'))).toHaveLength(1)
  })

  it('answers 503 when no outcome secret is configured', async () => {
    const bare = v1World()
    const res = await bare.app.request('/v1/integrations/obo/outcomes', { method: 'POST', body: '{}' })
    expect((await readProblem(res)).status).toBe(503)
    bare.close()
  })
})
