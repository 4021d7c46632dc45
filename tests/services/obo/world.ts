/**
 * A small ÖBO world for service tests: one ÖBO priority flat, households that
 * want it (with ÖBO's priority decisions imported), a solved round, and
 * helpers to approve its proposal so a nomination is written.
 */
import { eq } from 'drizzle-orm'
import { oboOutbox, proposals } from '../../../db/schema.ts'
import type { Applicant } from '../../../src/domain/applicant.ts'
import { importPriorities, readPriorityFile } from '../../../src/services/obo/import-priorities.ts'
import { createRound } from '../../../src/services/rounds/create-round.ts'
import { approveProposal } from '../../../src/services/rounds/decide-proposal.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'
import type { TestDatabase } from '../../support/db.ts'
import { contextFor, drainWorker, seedWorld } from '../../support/rounds.ts'

export const asOf = '2026-12-07'
/**
 * Canary values written into H1's sensitive fields (an exclusion district, eviction and release
 * dates) and ÖBO's grounds category: none may reach ÖBO.
 */
export const canaries = ['Mikrofonvägen', '2026-12-13', '2026-12-14', 'medical', 'medicinska']

export function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

/** Households that want ÖBO flats, with urgency decreasing from H1; H4 has no priority decision. */
export function oboHouseholds(): Applicant[] {
  const wants = { districts: [], vacancyTypes: ['obo_priority' as const] }
  const sensitive = {
    safety: { excludedDistricts: ['Mikrofonvägen'], protectedIdentity: true, domesticViolence: true },
    needs: { supportLevel: 'medium' as const },
    urgency: { evictionDate: '2026-12-13', releaseDate: '2026-12-14' },
  }
  return [
    makeApplicant({ id: 'H1', lotteryNumber: 10, preferences: wants, ...sensitive, caseload: 'team-norr' }),
    makeApplicant({
      id: 'H2',
      lotteryNumber: 20,
      preferences: wants,
      situation: { code: 'short_term_self_arranged', kind: 'with_friends', since: '2026-01-01' },
      household: { adults: 2, children: [] },
    }),
    makeApplicant({
      id: 'H3',
      lotteryNumber: 30,
      preferences: wants,
      situation: { code: 'long_term_solution', kind: 'training_flat', since: '2026-01-01' },
    }),
    makeApplicant({ id: 'H4', lotteryNumber: 1, preferences: wants }),
  ]
}

export const priorityCsv = [
  'beslutsnr;hushåll;beslutsdatum;grund;status',
  'F-2026-001;H1;2026-10-01;medicinska;beviljad',
  'F-2026-002;H2;2026-10-02;sociala;beviljad',
  'F-2026-003;H3;2026-10-03;hot/våld;beviljad',
  '',
].join('\r\n')

/** Seeds the world and imports ÖBO's priority decisions for H1–H3. */
export function seedOboWorld(t: TestDatabase): void {
  seedWorld(t, {
    applicants: oboHouseholds(),
    vacancies: [
      makeVacancy({
        id: 'V-OBO',
        type: 'obo_priority',
        landlord: 'obo',
        externalRef: '1234-0101',
        district: 'Väster',
        rooms: 2,
        areaM2: 48,
      }),
    ],
  })
  const file = unwrap(readPriorityFile(new TextEncoder().encode(priorityCsv)))
  unwrap(importPriorities({ ctx: contextFor(t, 'obo'), input: { ...file, dryRun: false } }))
}

/** Creates and solves a round; approves its one proposal; returns the round, offer id and outbox row. */
export async function nominate(t: TestDatabase) {
  const allocator = contextFor(t, 'allocator', { person: 'Karin Lind' })
  const round = unwrap(
    createRound({ ctx: allocator, input: { idempotencyKey: `k-${Math.random()}`, body: { asOf } } }),
  )
  await drainWorker(t)
  const proposal = t.db.select().from(proposals).where(eq(proposals.roundId, round.round.id)).get()
  if (proposal === undefined) throw new Error('the round proposed nothing')
  const decided = unwrap(
    approveProposal({ ctx: allocator, input: { roundId: round.round.id, proposalId: proposal.id } }),
  )
  const offerId = decided.offer?.id ?? ''
  const outbox = t.db.select().from(oboOutbox).where(eq(oboOutbox.offerId, offerId)).get()
  return { roundId: round.round.id, proposal, offerId, outbox }
}
