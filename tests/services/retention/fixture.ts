/**
 * A database with known contents for the retention tests, every row written by hand so each
 * expectation can be checked by hand. With retention run on 2032-06-01 (cutoffs 2027-06-01 for
 * households, rounds and audit rows; 2032-05-25 for sessions):
 *
 * | record                | state                                                         | expected      |
 * | --------------------- | ------------------------------------------------------------- | ------------- |
 * | H-GONE                | housed 2024, last entry 2024–2026                             | culled        |
 * | H-PROT                | protected identity, housed in V-PROT (Lillån) 2024            | culled        |
 * | H-WD                  | withdrawn 2025 (audit row), a rejected proposal with a note   | culled        |
 * | H-RECENT              | withdrawn, but an offer answered 2028                         | kept          |
 * | H-ACTIVE              | active                                                        | kept          |
 * | R-OLD, R-OLD2         | closed 2024                                                   | culled        |
 * | R-RECENT              | closed 2028                                                   | kept          |
 * | R-OPEN                | proposed (open)                                               | kept          |
 * | audit 1, 3, 4         | name H-GONE, H-PROT, H-WD, written 2024–2025                  | removed       |
 * | audit 2 (a list read) | subjects H-GONE, H-ACTIVE, H-PROT                             | keeps H-ACTIVE |
 * | audit 5, 6, 7         | H-ACTIVE 2025; H-GONE read 2028; an offer 2028                | kept          |
 * | session S-OLD / S-NEW | expired 2026 / expires 2032-06-30                             | deleted / kept |
 *
 * Canaries (free text, the protected household's flat and district) must never reach the
 * retention output or its audit rows: `canaries`.
 */
import { createHash } from 'node:crypto'
import { writeTransaction } from '../../../db/client.ts'
import {
  apiTokens,
  decisions,
  oboInbox,
  oboOutbox,
  oboPriorityDecisions,
  offers,
  placements,
  proposals,
  roundPool,
  rounds,
  staffSessions,
} from '../../../db/schema.ts'
import type { Principal } from '../../../src/domain/roles.ts'
import { appendAudit } from '../../../src/services/audit.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'
import type { TestDatabase } from '../../support/db.ts'
import { seedWorld } from '../../support/rounds.ts'

export const retentionNow = new Date('2032-06-01T09:00:00.000Z')

export const canaries = [
  'CANARY-SNAPSHOT',
  'CANARY-EXPLANATION',
  'CANARY-REASON-TEXT',
  'CANARY-DECLINE-NOTE',
  'CANARY-NOMINATION',
  'V-PROT',
  'Lillån',
]

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const staff: Principal = { tokenId: 'tok-staff', role: 'allocator', caseloads: [], person: 'Karin Lind' }

function round(
  t: TestDatabase,
  id: string,
  status: 'closed' | 'proposed',
  asOf: string,
  closedAt: string | null,
  households: string[],
) {
  const snapshot = JSON.stringify({ asOf, note: 'CANARY-SNAPSHOT', applicants: households })
  const result = JSON.stringify({
    status: 'optimal',
    asOf,
    proposals: households.map((h) => ({
      applicantId: h,
      vacancyId: 'V-X',
      score: 10,
      explanation: { note: 'CANARY-EXPLANATION' },
    })),
    unmatched: [],
    equality: {
      overallRate: 0.5,
      groups: [
        { attribute: 'gender', value: 'woman', eligible: 2, matched: 1 },
        { attribute: 'gender', value: 'man', eligible: 1, matched: 1 },
      ],
    },
  })
  t.db
    .insert(rounds)
    .values({
      id,
      kind: 'round',
      status,
      asOf,
      policyId: 'orebro-default',
      policyVersion: 1,
      createdByToken: 'tok-staff',
      snapshot,
      snapshotSha256: sha(snapshot),
      result,
      resultSha256: sha(result),
      createdAt: `${asOf}T08:00:00.000Z`,
      closedAt,
      updatedAt: closedAt ?? `${asOf}T09:00:00.000Z`,
    })
    .run()
  for (const h of households)
    t.db.insert(roundPool).values({ roundId: id, objectType: 'applicant', objectId: h }).run()
}

/** One approved (or rejected) proposal with its decision, and an answered offer when given. */
function decided(
  t: TestDatabase,
  p: {
    id: string
    roundId: string
    applicantId: string
    vacancyId: string
    on: string
    reject?: boolean
    offer?: { status: 'accepted' | 'declined'; answeredAt: string; note?: string }
    placement?: { form: 'social_contract' | 'housing_first'; start: string }
  },
) {
  t.db
    .insert(proposals)
    .values({
      id: `P-${p.id}`,
      roundId: p.roundId,
      applicantId: p.applicantId,
      vacancyId: p.vacancyId,
      score: 10,
      explanation: { note: 'CANARY-EXPLANATION' },
      status: p.reject === true ? 'rejected' : 'approved',
      createdAt: `${p.on}T08:00:00.000Z`,
      decidedAt: `${p.on}T09:00:00.000Z`,
    })
    .run()
  t.db
    .insert(decisions)
    .values({
      id: `D-${p.id}`,
      roundId: p.roundId,
      proposalId: `P-${p.id}`,
      kind: p.reject === true ? 'reject' : 'approve',
      applicantId: p.applicantId,
      vacancyId: p.vacancyId,
      policyId: 'orebro-default',
      policyVersion: 1,
      score: 10,
      scoreTerms: { note: 'CANARY-EXPLANATION' },
      legalBasis: 'sol_4_1',
      reasonCode: p.reject === true ? 'other' : null,
      reasonText: p.reject === true ? 'CANARY-REASON-TEXT' : null,
      decidedByPerson: 'Karin Lind',
      decidedByToken: 'tok-staff',
      decidedByRole: 'allocator',
      decidedAt: `${p.on}T09:00:00.000Z`,
    })
    .run()
  if (p.offer === undefined) return
  t.db
    .insert(offers)
    .values({
      id: `O-${p.id}`,
      decisionId: `D-${p.id}`,
      roundId: p.roundId,
      applicantId: p.applicantId,
      vacancyId: p.vacancyId,
      caseload: 'team-norr',
      status: p.offer.status,
      offeredOn: p.on,
      answerBy: p.on,
      answeredAt: p.offer.answeredAt,
      answeredByPerson: 'Sara Holm',
      answeredByToken: 'tok-staff',
      ...(p.offer.status === 'declined'
        ? { declinedBy: 'household' as const, declineReason: 'location' as const }
        : {}),
      declineNote: p.offer.note ?? null,
      createdAt: `${p.on}T09:00:00.000Z`,
      updatedAt: p.offer.answeredAt,
    })
    .run()
  if (p.placement === undefined) return
  t.db
    .insert(placements)
    .values({
      id: `PL-${p.id}`,
      offerId: `O-${p.id}`,
      decisionId: `D-${p.id}`,
      applicantId: p.applicantId,
      vacancyId: p.vacancyId,
      caseload: 'team-norr',
      contractForm: p.placement.form,
      startDate: p.placement.start,
      recordedByPerson: 'Sara Holm',
      recordedByToken: 'tok-staff',
      createdAt: p.offer.answeredAt,
    })
    .run()
}

export function seedRetentionFixture(t: TestDatabase): void {
  const old = {
    registeredOn: '2024-03-01',
    situation: { code: 'acute', kind: 'shelter', since: '2024-02-01' },
  } as const
  seedWorld(t, {
    applicants: [
      makeApplicant({
        id: 'H-GONE',
        ...old,
        status: 'housed',
        household: {
          adults: 1,
          children: [
            { birthYear: 2015, birthMonth: 6 },
            { birthYear: 2018, birthMonth: 9 },
          ],
        },
        needs: { supportLevel: 'high', housingFirstAssessed: true },
        safety: { excludedDistricts: ['Vivalla'], protectedIdentity: false, domesticViolence: true },
        economy: { maxRent: 7000, rentCarriedByMunicipality: true },
        preferences: { districts: ['Centrum'], vacancyTypes: ['social_contract'] },
        monitoring: { gender: 'woman', birthYear: 1985, bornAbroad: true },
      }),
      makeApplicant({
        id: 'H-PROT',
        ...old,
        status: 'housed',
        safety: { excludedDistricts: ['Vivalla'], protectedIdentity: true, domesticViolence: true },
        monitoring: { gender: 'woman', birthYear: 1990 },
      }),
      makeApplicant({
        id: 'H-WD',
        ...old,
        status: 'withdrawn',
        monitoring: { gender: 'man', birthYear: 1970 },
      }),
      makeApplicant({ id: 'H-RECENT', ...old, status: 'withdrawn', monitoring: { gender: 'man' } }),
      makeApplicant({ id: 'H-ACTIVE', ...old, status: 'active', monitoring: { gender: 'woman' } }),
    ],
    vacancies: [
      makeVacancy({ id: 'V-GONE', status: 'let', availableFrom: '2024-04-01' }),
      makeVacancy({ id: 'V-GONE-1', availableFrom: '2024-03-15' }),
      makeVacancy({
        id: 'V-PROT',
        type: 'housing_first',
        district: 'Lillån',
        status: 'let',
        availableFrom: '2024-04-01',
      }),
      makeVacancy({ id: 'V-WD', availableFrom: '2024-04-01' }),
      makeVacancy({ id: 'V-RECENT', availableFrom: '2027-12-01' }),
    ],
  })
  t.db
    .insert(apiTokens)
    .values({
      id: 'tok-staff',
      secretHash: 'a'.repeat(64),
      role: 'allocator',
      caseloads: [],
      person: 'Karin Lind',
    })
    .run()
  round(t, 'R-OLD2', 'closed', '2024-04-01', '2024-04-20T10:00:00.000Z', ['H-GONE'])
  round(t, 'R-OLD', 'closed', '2024-05-01', '2024-06-01T10:00:00.000Z', ['H-GONE', 'H-PROT', 'H-WD'])
  round(t, 'R-RECENT', 'closed', '2028-01-01', '2028-03-01T10:00:00.000Z', ['H-RECENT'])
  round(t, 'R-OPEN', 'proposed', '2032-05-01', null, ['H-ACTIVE'])
  decided(t, {
    id: 'GONE-1',
    roundId: 'R-OLD2',
    applicantId: 'H-GONE',
    vacancyId: 'V-GONE-1',
    on: '2024-04-02',
    offer: { status: 'declined', answeredAt: '2024-04-10T10:00:00.000Z', note: 'CANARY-DECLINE-NOTE' },
  })
  decided(t, {
    id: 'GONE',
    roundId: 'R-OLD',
    applicantId: 'H-GONE',
    vacancyId: 'V-GONE',
    on: '2024-05-02',
    offer: { status: 'accepted', answeredAt: '2024-05-20T10:00:00.000Z' },
    placement: { form: 'social_contract', start: '2024-07-01' },
  })
  decided(t, {
    id: 'PROT',
    roundId: 'R-OLD',
    applicantId: 'H-PROT',
    vacancyId: 'V-PROT',
    on: '2024-05-02',
    offer: { status: 'accepted', answeredAt: '2024-05-21T10:00:00.000Z' },
    placement: { form: 'housing_first', start: '2024-07-15' },
  })
  decided(t, {
    id: 'WD',
    roundId: 'R-OLD',
    applicantId: 'H-WD',
    vacancyId: 'V-WD',
    on: '2024-05-02',
    reject: true,
  })
  decided(t, {
    id: 'RECENT',
    roundId: 'R-RECENT',
    applicantId: 'H-RECENT',
    vacancyId: 'V-RECENT',
    on: '2028-01-02',
    offer: { status: 'declined', answeredAt: '2028-01-20T10:00:00.000Z', note: 'a note that stays' },
  })
  t.db
    .insert(oboPriorityDecisions)
    .values({
      decisionRef: 'OBO-REF-1',
      applicantId: 'H-GONE',
      decidedOn: '2024-03-05',
      grounds: 'social',
      status: 'ended',
      endedOn: '2024-05-20',
      endReason: 'housed',
      createdAt: '2024-03-05T10:00:00.000Z',
      updatedAt: '2024-05-20T10:00:00.000Z',
    })
    .run()
  t.db
    .insert(oboOutbox)
    .values({
      id: 'DELIVERY-1',
      offerId: 'O-GONE',
      event: 'nomination.created',
      payload: '{"note":"CANARY-NOMINATION"}',
      status: 'delivered',
      nextAttemptAt: 0,
      createdAt: '2024-05-02T09:00:00.000Z',
      deliveredAt: '2024-05-02T09:01:00.000Z',
    })
    .run()
  t.db
    .insert(oboInbox)
    .values({
      deliveryId: 'IN-1',
      outcome: 'contract_signed',
      offerId: 'O-GONE',
      result: 'applied',
      receivedAt: '2024-05-20T10:00:00.000Z',
    })
    .run()
  t.db
    .insert(staffSessions)
    .values([
      {
        id: 'S-OLD',
        secretHash: 'b'.repeat(64),
        tokenId: 'tok-staff',
        csrfToken: 'x',
        createdAt: '2026-01-01T08:00:00.000Z',
        expiresAt: '2026-01-01T18:00:00.000Z',
      },
      {
        id: 'S-NEW',
        secretHash: 'c'.repeat(64),
        tokenId: 'tok-staff',
        csrfToken: 'y',
        createdAt: '2032-05-31T08:00:00.000Z',
        expiresAt: '2032-06-30T18:00:00.000Z',
      },
    ])
    .run()
  const rows: Array<[string, string, string, string | null, string[]?]> = [
    ['2024-03-01', 'applicant.create', 'applicant', 'H-GONE'],
    ['2024-03-02', 'applicant.list', 'applicant', null, ['H-GONE', 'H-ACTIVE', 'H-PROT']],
    ['2024-04-01', 'applicant.read_protected', 'applicant', 'H-PROT'],
    ['2025-05-05', 'applicant.withdraw', 'applicant', 'H-WD'],
    ['2025-06-01', 'applicant.read', 'applicant', 'H-ACTIVE'],
    ['2028-01-01', 'applicant.read', 'applicant', 'H-GONE'],
    ['2028-01-02', 'offer.answer', 'offer', 'O-RECENT'],
  ]
  writeTransaction(t.db, (tx) => {
    for (const [day, action, objectType, objectId, subjectIds] of rows) {
      appendAudit(
        tx,
        {
          principal: staff,
          action,
          objectType,
          objectId,
          requestId: `req-${day}`,
          ...(subjectIds === undefined ? {} : { subjectIds }),
        },
        new Date(`${day}T10:00:00.000Z`),
      )
    }
  })
}
