import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getApplicant } from '../../../db/repo/applicants.ts'
import { oboOutbox, oboPriorityDecisions, proposals, rounds } from '../../../db/schema.ts'
import type { Nomination } from '../../../src/integrations/obo/nomination.ts'
import { householdRef } from '../../../src/integrations/obo/nomination.ts'
import { importPriorities, readPriorityFile } from '../../../src/services/obo/import-priorities.ts'
import { upsertOboVacancy } from '../../../src/services/obo/import-vacancies.ts'
import { createRound } from '../../../src/services/rounds/create-round.ts'
import { approveProposal, rejectProposal } from '../../../src/services/rounds/decide-proposal.ts'
import { freshDatabase, type TestDatabase } from '../../support/db.ts'
import { contextFor, drainWorker } from '../../support/rounds.ts'
import { canaries, nominate, priorityCsv, seedOboWorld, unwrap } from './world.ts'

let t: TestDatabase
beforeEach(() => {
  t = freshDatabase()
  seedOboWorld(t)
})
afterEach(() => t.close())

describe('ÖBO priority decisions', () => {
  it('links each decision to its household, and the same batch again changes nothing', () => {
    expect(getApplicant(t.db, 'H1')?.applicant.oboPriority).toEqual({
      decisionRef: 'F-2026-001',
      decidedOn: '2026-10-01',
    })
    expect(getApplicant(t.db, 'H4')?.applicant.oboPriority).toBeUndefined()
    const before = JSON.stringify(t.db.select().from(oboPriorityDecisions).all())
    const versions = ['H1', 'H2', 'H3'].map((id) => getApplicant(t.db, id)?.version)
    const file = unwrap(readPriorityFile(new TextEncoder().encode(priorityCsv)))
    const again = unwrap(importPriorities({ ctx: contextFor(t, 'obo'), input: { ...file, dryRun: false } }))
    expect(again).toMatchObject({ approved: 0, unchanged: 3 })
    expect(JSON.stringify(t.db.select().from(oboPriorityDecisions).all())).toBe(before)
    expect(['H1', 'H2', 'H3'].map((id) => getApplicant(t.db, id)?.version)).toEqual(versions)
  })

  it('refuses a batch naming an unknown household or a second approved decision, naming the rows', () => {
    const csv =
      'beslutsnr;hushåll;beslutsdatum;grund\r\nF-9;NOBODY;2026-10-01;sociala\r\nF-10;H1;2026-10-05;övrigt\r\n'
    const file = unwrap(readPriorityFile(new TextEncoder().encode(csv)))
    const r = importPriorities({ ctx: contextFor(t, 'obo'), input: { ...file, dryRun: false } })
    expect(r.ok ? [] : r.error.issues.map((i) => [i.row, i.column])).toEqual([
      [1, 'hushåll'],
      [2, 'hushåll'],
    ])
  })
})

describe('nominations', () => {
  it('the most urgent household with a priority is nominated; the others follow as ranked alternates; H4 without a priority never appears', async () => {
    const { outbox, offerId } = await nominate(t)
    expect(outbox).toMatchObject({ status: 'pending', attempts: 0, event: 'nomination.created' })
    const n = JSON.parse(outbox?.payload ?? '{}') as Nomination
    expect(n.data).toMatchObject({
      nominationId: offerId,
      objectNo: '1234-0101',
      householdRef: householdRef('H1'),
      priorityDecisionRef: 'F-2026-001',
      householdSize: { persons: 1, adults: 1, children: 0 },
      contact: { via: 'case_worker', caseload: 'team-norr', decidedBy: 'Karin Lind' },
    })
    expect(n.data.alternates.map((a) => [a.rank, a.priorityDecisionRef])).toEqual([
      [1, 'F-2026-002'],
      [2, 'F-2026-003'],
    ])
    expect(n.data.alternates[0]?.householdSize).toEqual({ persons: 2, adults: 2, children: 0 })
  })

  it('a nomination never carries a sensitive field, ÖBO’s grounds, or a canary value written into them', async () => {
    expect(getApplicant(t.db, 'H1')?.applicant.safety).toMatchObject({ excludedDistricts: ['Mikrofonvägen'] })
    const { outbox } = await nominate(t)
    const text = outbox?.payload ?? ''
    for (const leak of [
      ...canaries,
      'protectedIdentity',
      'domesticViolence',
      'safety',
      'needs',
      'urgency',
      'economy',
      'monitoring',
      'situation',
      'H1',
      'H2',
      'H3',
    ]) {
      expect(text, leak).not.toContain(leak)
    }
  })

  it('a rejected proposal writes no nomination; the outbox row is one per offer', async () => {
    const { outbox } = await nominate(t)
    expect(
      t.db
        .select()
        .from(oboOutbox)
        .where(eq(oboOutbox.id, outbox?.id ?? ''))
        .all(),
    ).toHaveLength(1)
    expect(t.db.select().from(oboOutbox).all()).toHaveLength(1)
  })
})

describe('a flat ÖBO withdraws while a round proposes it', () => {
  it('leaves the round clean: approving is refused, rejecting closes the round, nothing is nominated', async () => {
    const allocator = contextFor(t, 'allocator', { person: 'Karin Lind' })
    const made = unwrap(
      createRound({ ctx: allocator, input: { idempotencyKey: 'w1', body: { asOf: '2026-12-07' } } }),
    )
    await drainWorker(t)
    const proposal = t.db.select().from(proposals).where(eq(proposals.roundId, made.round.id)).get()
    if (proposal === undefined) throw new Error('no proposal')
    const flat = {
      district: 'Väster',
      rooms: 2,
      areaM2: 48,
      rent: 6500,
      floor: 1,
      elevator: true,
      wheelchairAccessible: false,
      availableFrom: '2026-11-01',
      status: 'withdrawn' as const,
    }
    const withdrawn = upsertOboVacancy({
      ctx: contextFor(t, 'obo'),
      input: { objectNo: '1234-0101', vacancy: flat },
    })
    expect(withdrawn).toMatchObject({
      ok: true,
      value: { effect: 'updated', vacancy: { status: 'withdrawn' } },
    })
    const approve = approveProposal({
      ctx: allocator,
      input: { roundId: made.round.id, proposalId: proposal.id },
    })
    expect(approve).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const reject = rejectProposal({
      ctx: allocator,
      input: { roundId: made.round.id, proposalId: proposal.id, reason: 'landlord_objection' },
    })
    expect(reject).toMatchObject({ ok: true, value: { roundStatus: 'closed' } })
    expect(t.db.select().from(rounds).where(eq(rounds.id, made.round.id)).get()?.status).toBe('closed')
    expect(t.db.select().from(oboOutbox).all()).toEqual([])
  })
})
