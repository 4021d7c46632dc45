/**
 * The protected-identity canary. Two households with skyddad identitet carry
 * seeded strings in every location-revealing field (exclusion districts,
 * preferred districts, declined vacancies). Every role then calls every v1
 * route it can reach, with good and bad input. The canaries may appear only
 * in an admin's or allocator's answer about that one household: never in a
 * case worker's, analyst's or ÖBO's answer, never in any list, never in an
 * error body, never in a log line. Every read of such a household is audited
 * as protected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { v1Routes } from '../../../src/api/routes/v1/index.ts'
import {
  applicantCaseworkerView,
  applicantFullView,
  withheldForProtected,
} from '../../../src/api/views/applicant.ts'
import { type Role, roles } from '../../../src/domain/roles.ts'
import { grantedEverything } from '../../support/builders.ts'
import { otherCaseload, ownCaseload, seedPolicies, type V1World, v1World } from './support.ts'

/** A valid personnummer (check digit and date), sent once in clear: it must never come back. */
const canaryPnr = '811218-9876'
const canaryPnrForms = ['811218-9876', '19811218-9876', '198112189876', '8112189876']

const canaries = [
  'Kanarie-EXCL-7f3a',
  'Kanarie-PREF-9b2c',
  'kanarie-declined-4d1e',
  'Kanarie-EXCL-other-51aa',
]

interface Seen {
  role: Role | null
  what: string
  status: number
  text: string
}

describe('protected identity', () => {
  let world: V1World
  let ownProtected: string
  let otherProtected: string
  let preventionProtected: string
  let pseudonymCanary: string
  const seen: Seen[] = []

  const record = async (role: Role | null, what: string, res: Response) => {
    seen.push({ role, what, status: res.status, text: await res.text() })
  }

  beforeAll(async () => {
    world = v1World()
    seedPolicies(world)
    ownProtected = world.seedApplicant({
      caseload: ownCaseload,
      safety: { protectedIdentity: true, domesticViolence: true, excludedDistricts: ['Kanarie-EXCL-7f3a'] },
      preferences: { districts: ['Kanarie-PREF-9b2c'], vacancyTypes: ['social_contract'] },
      declinedVacancyIds: ['kanarie-declined-4d1e'],
    }).id
    otherProtected = world.seedApplicant({
      caseload: otherCaseload,
      safety: {
        protectedIdentity: true,
        domesticViolence: false,
        excludedDistricts: ['Kanarie-EXCL-other-51aa'],
      },
      preferences: { districts: ['Kanarie-PREF-9b2c'], vacancyTypes: ['social_contract'] },
    }).id
    world.seedApplicant({
      caseload: ownCaseload,
      preferences: { districts: ['Kanarie-PREF-9b2c'], vacancyTypes: ['trial_flat'] },
    })
    world.seedVacancy({ landlord: 'obo' })
    // A protected household registered through the API as a prevention case, its applicant with a
    // personnummer: the number must never appear anywhere, the pseudonym only where the record does.
    const created = await world.call('allocator', 'POST', '/v1/applicants', {
      body: {
        prevention: {
          tenure: 'first_hand_lease',
          since: '2026-11-20',
          signals: { landlordNotice: { receivedOn: '2026-11-20' } },
        },
        household: {
          adults: 1,
          children: [{ birthYear: 2019, birthMonth: 4, gender: 'woman' }],
          members: [
            { role: 'applicant', birthYear: 1981, birthMonth: 12, gender: 'woman', personnummer: canaryPnr },
          ],
        },
        needs: {
          supportLevel: 'low',
          housingFirstAssessed: false,
          skillsTrainingNeed: false,
          wheelchair: false,
          elevator: false,
          groundFloor: false,
          pets: false,
        },
        safety: { protectedIdentity: true, domesticViolence: true, excludedDistricts: ['Vivalla'] },
        urgency: {},
        economy: { maxRent: 7500, rentCarriedByMunicipality: false },
        resident: true,
        preferences: { districts: ['Väster'], vacancyTypes: ['social_contract'] },
        caseload: ownCaseload,
        monitoring: { gender: 'woman', birthYear: 1981 },
      },
    })
    expect(created.status).toBe(201)
    const prevention = (await created.json()) as {
      id: string
      household: { members: { pnrPseudonym: string }[] }
    }
    preventionProtected = prevention.id
    pseudonymCanary = prevention.household.members[0]?.pnrPseudonym ?? '-'

    for (const role of roles) {
      for (const id of [ownProtected, otherProtected, preventionProtected, 'no-such-id']) {
        await record(role, `GET one ${id}`, await world.call(role, 'GET', `/v1/applicants/${id}`))
        await record(
          role,
          `GET history ${id}`,
          await world.call(role, 'GET', `/v1/applicants/${id}/situations`),
        )
        // Invalid input about the household: the error must not echo anything stored.
        await record(
          role,
          `PATCH bad ${id}`,
          await world.call(role, 'PATCH', `/v1/applicants/${id}`, {
            body: { safety: { excludedDistricts: 7 } },
            ifMatch: '"1"',
          }),
        )
        await record(
          role,
          `PATCH stale ${id}`,
          await world.call(role, 'PATCH', `/v1/applicants/${id}`, {
            body: { resident: true },
            ifMatch: '"999"',
          }),
        )
      }
      const queries: Record<string, string>[] = [
        {},
        { district: 'Kanarie-PREF-9b2c' },
        { district: 'Kanarie-EXCL-7f3a' },
        { caseload: otherCaseload },
        { limit: '1' },
        { limit: '9999' },
        { cursor: 'Kanarie-EXCL-7f3a' },
      ]
      for (const query of queries) {
        await record(
          role,
          `LIST ${JSON.stringify(query)}`,
          await world.call(role, 'GET', '/v1/applicants', { query }),
        )
      }
      await record(role, 'STATS', await world.call(role, 'GET', '/v1/applicants/stats'))
      await record(role, 'VACANCIES', await world.call(role, 'GET', '/v1/vacancies'))
      await record(role, 'POLICIES', await world.call(role, 'GET', '/v1/policies'))
      for (const route of v1Routes.filter((r) => r.method === 'GET' && r.object === undefined)) {
        await record(role, `GET ${route.path}`, await world.call(role, 'GET', route.path))
      }
    }
    // A caseworker tries to change what it cannot see, then makes a legitimate change.
    const version = getApplicant(world.t.db, ownProtected)?.version ?? 0
    await record(
      'caseworker',
      'PATCH withheld',
      await world.call('caseworker', 'PATCH', `/v1/applicants/${ownProtected}`, {
        body: { safety: { protectedIdentity: false, domesticViolence: false, excludedDistricts: [] } },
        ifMatch: `"${version}"`,
      }),
    )
    await record(
      'caseworker',
      'PATCH allowed',
      await world.call('caseworker', 'PATCH', `/v1/applicants/${ownProtected}`, {
        body: { resident: false },
        ifMatch: `"${version}"`,
      }),
    )
  })
  afterAll(() => world.close())

  const allowedToSee = (s: Seen) =>
    (s.role === 'admin' || s.role === 'allocator') && s.status < 300 && /^(GET one|PATCH)/.test(s.what)

  it('canary strings appear only in admin/allocator answers about the household itself', () => {
    expect(seen.length).toBeGreaterThan(130)
    const leaks = seen.filter((s) => !allowedToSee(s) && canaries.some((c) => s.text.includes(c)))
    expect(leaks.map((s) => `${s.role} ${s.what} → ${s.status}`)).toEqual([])
    // …and they do appear there: the check above is not vacuous.
    const adminRead = seen.find((s) => s.role === 'admin' && s.what === `GET one ${ownProtected}`)
    expect(adminRead?.text).toContain('Kanarie-EXCL-7f3a')
    expect(adminRead?.text).toContain('kanarie-declined-4d1e')
  })

  it('no list, at any role, carries a canary, and every error body is canary-free', () => {
    const lists = seen.filter((s) => s.what.startsWith('LIST'))
    expect(lists.length).toBe(roles.length * 7)
    for (const s of [...lists, ...seen.filter((x) => x.status >= 400)]) {
      for (const c of canaries) expect(s.text, `${s.role} ${s.what}`).not.toContain(c)
    }
  })

  it('the personnummer appears nowhere, in no form; its pseudonym only in answers about that household', () => {
    expect(pseudonymCanary).toMatch(/^[0-9a-f]{64}$/)
    for (const s of seen)
      for (const f of canaryPnrForms) expect(s.text, `${s.role} ${s.what}`).not.toContain(f)
    for (const f of canaryPnrForms) expect(world.logText()).not.toContain(f)
    const aboutIt = (s: Seen) => s.what.endsWith(preventionProtected) && s.status < 300 && s.role !== null
    const leaks = seen.filter((s) => !aboutIt(s) && s.text.includes(pseudonymCanary))
    expect(leaks.map((s) => `${s.role} ${s.what} → ${s.status}`)).toEqual([])
    expect(world.logText()).not.toContain(pseudonymCanary)
    // …and it does appear there: the check above is not vacuous.
    expect(seen.some((s) => s.role === 'admin' && aboutIt(s) && s.text.includes(pseudonymCanary))).toBe(true)
  })

  it('a protected prevention case: its location fields stay withheld from a caseworker, lists carry no canary', () => {
    const read = seen.find((s) => s.role === 'caseworker' && s.what === `GET one ${preventionProtected}`)
    expect(read?.status).toBe(200)
    const body = applicantCaseworkerView.parse(JSON.parse(read?.text ?? ''))
    expect(body).toMatchObject({ safety: { protectedIdentity: true }, withheld: [...withheldForProtected] })
    expect(read?.text).toContain('"prevention"')
    for (const c of canaries) expect(read?.text).not.toContain(c)
  })

  it('no log line carries a canary', () => {
    const log = world.logText()
    expect(log.length).toBeGreaterThan(0)
    for (const c of canaries) expect(log).not.toContain(c)
  })

  it('a caseworker reads its own protected household with the location-revealing fields withheld', () => {
    const read = seen.find((s) => s.role === 'caseworker' && s.what === `GET one ${ownProtected}`)
    expect(read?.status).toBe(200)
    const body = applicantCaseworkerView.parse(JSON.parse(read?.text ?? ''))
    expect(body).toMatchObject({ safety: { protectedIdentity: true }, withheld: [...withheldForProtected] })
    // The legal basis places nobody: the case worker still sees the support decisions it works with.
    expect(body).toMatchObject({ legalBasis: grantedEverything })
    expect(() => applicantFullView.parse(JSON.parse(read?.text ?? ''))).toThrow()
  })

  it("the district filter never reveals a protected household's preferred districts to a caseworker", () => {
    const items = (role: Role) => {
      const s = seen.find(
        (x) => x.role === role && x.what === `LIST ${JSON.stringify({ district: 'Kanarie-PREF-9b2c' })}`,
      )
      return (JSON.parse(s?.text ?? '{}') as { items: { id: string }[] }).items.map((i) => i.id)
    }
    expect(items('caseworker')).not.toContain(ownProtected)
    expect(items('caseworker').length).toBe(1) // the unprotected household with the same preference
    expect(items('allocator')).toEqual(expect.arrayContaining([ownProtected, otherProtected]))
  })

  it('a caseworker cannot overwrite the withheld fields; the stored safety details stay', () => {
    const refused = seen.find((s) => s.what === 'PATCH withheld')
    expect(refused?.status).toBe(403)
    expect(JSON.parse(refused?.text ?? '{}').errors).toContainEqual({
      path: 'safety',
      message: expect.any(String),
    })
    const stored = getApplicant(world.t.db, ownProtected)?.applicant
    expect(stored?.safety).toEqual({
      protectedIdentity: true,
      domesticViolence: true,
      excludedDistricts: ['Kanarie-EXCL-7f3a'],
    })
    expect(stored?.resident).toBe(false) // the allowed change went through
    const allowed = seen.find((s) => s.what === 'PATCH allowed')
    expect(allowed?.status).toBe(200)
    for (const c of canaries) expect(allowed?.text).not.toContain(c)
  })

  it('every access to a protected household is audited as protected', () => {
    const rows = world.auditActions().filter((a) => a.objectId === ownProtected)
    const reads = rows.filter((a) => a.action.startsWith('applicant.read'))
    // admin, allocator and caseworker each read it once; the history by admin and allocator.
    expect(reads.map((a) => `${a.role} ${a.action}`).sort()).toEqual(
      [
        'admin applicant.read_history_protected',
        'admin applicant.read_protected',
        'allocator applicant.read_history_protected',
        'allocator applicant.read_protected',
        'caseworker applicant.read_protected',
      ].sort(),
    )
    expect(rows.some((a) => a.action === 'applicant.list_protected' && a.role === 'caseworker')).toBe(true)
    expect(rows.some((a) => a.action === 'applicant.update_protected' && a.role === 'caseworker')).toBe(true)
    // The caseworker's attempts on the other caseload's protected household are on record too.
    const denied = world
      .auditActions()
      .filter((a) => a.objectId === otherProtected && a.role === 'caseworker')
    expect(denied.map((a) => a.action)).toContain('applicant.read_denied')
  })
})
