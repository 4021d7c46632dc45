/**
 * Subject access: the extract holds everything about the household, leaves out what belongs to
 * another household, is audited, and reads as a Swedish document.
 */
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { apiTokens, proposals } from '../../../db/schema.ts'
import { extractDocument } from '../../../src/domain/extract.ts'
import { applicantExtract } from '../../../src/services/applicants/extract.ts'
import { getApplicant } from '../../../src/services/applicants/get-applicant.ts'
import { createRound } from '../../../src/services/rounds/create-round.ts'
import { overrideProposal } from '../../../src/services/rounds/decide-proposal.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { contextFor, drainWorker, seedWorld } from '../../support/rounds.ts'

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

describe('the register extract', () => {
  let t: TestDatabase
  beforeEach(async () => {
    t = freshDatabase()
    seedWorld(t, {
      applicants: [
        makeApplicant({
          id: 'A1',
          lotteryNumber: 1,
          safety: { excludedDistricts: ['Vivalla'], protectedIdentity: true, domesticViolence: true },
        }),
        makeApplicant({
          id: 'OTHER-HOUSEHOLD',
          lotteryNumber: 2,
          situation: { code: 'institution', kind: 'prison', since: '2026-01-01' },
        }),
      ],
      vacancies: [makeVacancy({ id: 'V1' })],
    })
    const allocator = contextFor(t, 'allocator', { person: 'Karin Lind' })
    const round = unwrap(
      createRound({ ctx: allocator, input: { idempotencyKey: 'x', body: { asOf: '2026-12-07' } } }),
    )
    await drainWorker(t)
    const proposal = t.db.select().from(proposals).where(eq(proposals.roundId, round.round.id)).get()
    expect(proposal?.applicantId).toBe('A1')
    // A1's proposal goes to the other household, with a note about that household.
    unwrap(
      overrideProposal({
        ctx: allocator,
        input: {
          roundId: round.round.id,
          proposalId: proposal?.id ?? '',
          applicantId: 'OTHER-HOUSEHOLD',
          reason: 'support_match',
          note: 'CANARY-NOTE about the other household',
        },
      }),
    )
    // The case worker's token, as `hemvist token create` stores it: the extract names its person.
    t.db
      .insert(apiTokens)
      .values({
        id: 'tok-caseworker',
        secretHash: 'a'.repeat(64),
        role: 'caseworker',
        caseloads: ['team-norr'],
        person: 'Sara Holm',
      })
      .run()
    unwrap(
      getApplicant({
        ctx: contextFor(t, 'caseworker', { person: 'Sara Holm', caseloads: ['team-norr'] }),
        input: { id: 'A1' },
      }),
    )
  })
  afterEach(() => t.close())

  it('holds the record, its history, proposals, decisions and who read it; nothing of another household', () => {
    const ctx = contextFor(t, 'allocator', { person: 'Karin Lind' })
    const extract = unwrap(applicantExtract({ ctx, input: { id: 'A1' } }))
    expect(extract.applicant).toMatchObject({ id: 'A1', safety: { excludedDistricts: ['Vivalla'] } })
    expect(extract.situations.map((s) => s.code)).toEqual(['acute'])
    expect(extract.proposals).toEqual([expect.objectContaining({ vacancyId: 'V1', status: 'overridden' })])
    expect(extract.decisions).toEqual([
      expect.objectContaining({
        kind: 'override',
        forThisHousehold: false,
        decidedBy: 'Karin Lind',
        reasonCode: 'support_match',
        reasonText: null,
      }),
    ])
    expect(extract.offers).toEqual([])
    expect(extract.accesses.map((a) => [a.action, a.by])).toContainEqual([
      'applicant.read_protected',
      'Sara Holm',
    ])
    const text = JSON.stringify(extract)
    expect(text).not.toContain('OTHER-HOUSEHOLD')
    expect(text).not.toContain('CANARY-NOTE')
    // The extract itself is on record, as an access to a protected household.
    const again = unwrap(applicantExtract({ ctx, input: { id: 'A1' } }))
    expect(again.accesses[0]?.action).toBe('applicant.extract_protected')
  })

  it('reads as a Swedish document with every section', () => {
    const extract = unwrap(
      applicantExtract({ ctx: contextFor(t, 'allocator', { person: 'Karin Lind' }), input: { id: 'A1' } }),
    )
    const doc = extractDocument(extract)
    expect(doc).toMatch(/^# Registerutdrag från hemvist: hushåll A1\n/)
    for (const heading of [
      '## Hushållet',
      '## Situationer över tid',
      '## Förslag från matchningsrundor',
      '## Beslut',
      '## Erbjudanden',
      '## Placeringar',
      '## Vem har läst eller ändrat uppgifterna',
    ])
      expect(doc).toContain(heading)
    expect(doc).toContain(
      'förslaget ändrat av Karin Lind: bostaden gick till ett annat hushåll, skäl: support_match',
    )
    expect(doc).toContain('Sara Holm (caseworker), applicant.read_protected')
    expect(doc).not.toContain('OTHER-HOUSEHOLD')
  })

  it('a case worker may not make one (the route is for allocators and admins); an id outside scope is not found', () => {
    const cw = contextFor(t, 'caseworker', { person: 'Sara Holm', caseloads: ['team-vaster'] })
    expect(applicantExtract({ ctx: cw, input: { id: 'A1' } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
  })
})
