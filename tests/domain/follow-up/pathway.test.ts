/**
 * The pathway report on a hand-made history (answers by hand, in the comments): placements in the
 * municipality's sublets, take-overs, trial periods that ended without one, moves on to another
 * sublet, and who is still in a sublet on the period's last day.
 */
import { describe, expect, it } from 'vitest'
import type {
  FollowUpData,
  FollowUpHousehold,
  FollowUpPlacement,
} from '../../../src/domain/follow-up/data.ts'
import { homelessOn, pathway, runReport } from '../../../src/domain/follow-up/reports.ts'

const household = (id: string): FollowUpHousehold => ({
  id,
  caseload: 'team-norr',
  registeredOn: '2025-01-01',
  adults: 1,
  children: 0,
  gender: 'woman',
  situations: [{ code: 'acute', kind: 'shelter', since: '2025-01-01' }],
})

const placement = (
  id: string,
  form: string,
  startDate: string,
  extra: Partial<FollowUpPlacement> = {},
): FollowUpPlacement => ({
  id,
  offerId: `o-${id}`,
  applicantId: extra.applicantId ?? `h-${id}`,
  vacancyId: `v-${id}`,
  vacancyType: form === 'training' ? 'training_flat' : 'social_contract',
  district: 'Norr',
  contractForm: form,
  startDate,
  roundId: 'r-1',
  ...extra,
})

// S1–S5: social contracts from 2025-06-01, trial to 2026-06-01, taken over on that day.
// S6: the same, not taken over: its trial period ended in the period and it still lives there.
// S7–S11: social contracts from 2026-03-01, trial to 2027-03-01 (within three months of 2026-12-31).
// T1: a training flat from 2026-02-01 (trial to 2026-08-01), ended 2026-07-01: moved on to S12, a
// social contract of the same household from 2026-07-01 (trial to 2027-07-01).
const placements: FollowUpPlacement[] = [
  ...[1, 2, 3, 4, 5].map((i) =>
    placement(`S${i}`, 'social_contract', '2025-06-01', {
      trialPeriodEndsOn: '2026-06-01',
      takenOverOn: '2026-06-01',
    }),
  ),
  placement('S6', 'social_contract', '2025-06-01', { trialPeriodEndsOn: '2026-06-01' }),
  ...[7, 8, 9, 10, 11].map((i) =>
    placement(`S${i}`, 'social_contract', '2026-03-01', { trialPeriodEndsOn: '2027-03-01' }),
  ),
  placement('T1', 'training', '2026-02-01', {
    applicantId: 'h-T1',
    trialPeriodEndsOn: '2026-08-01',
    endedOn: '2026-07-01',
  }),
  placement('S12', 'social_contract', '2026-07-01', { applicantId: 'h-T1', trialPeriodEndsOn: '2027-07-01' }),
]

const data: FollowUpData = {
  days: [],
  households: [...new Set(placements.map((p) => p.applicantId))].map(household),
  offers: [],
  decisions: [],
  placements,
  vacancies: [],
  rounds: [],
}

describe('the pathway report', () => {
  it('counts per sublet form, small counts hidden', () => {
    const report = runReport('pathway', data, { from: '2026-01-01', to: '2026-12-31' })
    expect(report.name).toBe('pathway')
    expect(report.tables[0]?.rows).toEqual([
      // Social contracts: started S7–S11 and S12 = 6 (hidden as "..": beside training's lone 1 it would give it
      // away); taken over S1–S5 = 5; trial ended without a take-over: S6 = 1; moved on: 0; in a sublet on
      // 2026-12-31: S6–S12 = 7; trial ends by 2027-03-31: S7–S11 = 5.
      {
        form: 'socialt kontrakt',
        started: '..',
        takenOver: 5,
        trialEndedNotTakenOver: '<5',
        ended: 0,
        movedToSublet: 0,
        inSubletOnLastDay: 7,
        trialEndsWithin90: 5,
      },
      // Training flats: T1 started (1), ended (1) by moving on to a sublet (1); its trial (to 2026-08-01)
      // ended after it left.
      {
        form: 'träningslägenhet',
        started: '<5',
        takenOver: 0,
        trialEndedNotTakenOver: 0,
        ended: '<5',
        movedToSublet: '<5',
        inSubletOnLastDay: 0,
        trialEndsWithin90: 0,
      },
      {
        form: 'försökslägenhet',
        started: 0,
        takenOver: 0,
        trialEndedNotTakenOver: 0,
        ended: 0,
        movedToSublet: 0,
        inSubletOnLastDay: 0,
        trialEndsWithin90: 0,
      },
    ])
  })

  it('counts a placement that ended for another reason than a move as ended, not as moved on, and one that ends after the period not at all', () => {
    // E1–E5: social contracts from 2025-09-01 that ended in the period (an own home, an eviction,
    // leaving), no next placement; E6 ends on 2027-01-15, after the period.
    const ends = ['2026-02-01', '2026-04-15', '2026-06-30', '2026-09-01', '2026-12-31']
    const ended: FollowUpPlacement[] = [
      ...ends.map((on, i) =>
        placement(`E${i + 1}`, 'social_contract', '2025-09-01', {
          trialPeriodEndsOn: '2026-09-01',
          endedOn: on,
        }),
      ),
      placement('E6', 'social_contract', '2025-09-01', {
        trialPeriodEndsOn: '2026-09-01',
        endedOn: '2027-01-15',
      }),
    ]
    const report = pathway(
      { ...data, households: ended.map((p) => household(p.applicantId)), placements: ended },
      { from: '2026-01-01', to: '2026-12-31' },
    )
    expect(report.tables[0]?.rows[0]).toMatchObject({
      form: 'socialt kontrakt',
      ended: 5,
      movedToSublet: 0,
      // E6 still lives there on the last day (1); the trial periods of E5 and E6 ended on 2026-09-01
      // while they lived there, without a take-over (2).
      inSubletOnLastDay: '<5',
      trialEndedNotTakenOver: '<5',
    })
  })

  it('a caseload narrows it to its households', () => {
    const none = pathway(data, { from: '2026-01-01', to: '2026-12-31', caseload: 'team-soder' })
    expect(
      none.tables[0]?.rows.every((r) =>
        Object.values(r)
          .slice(1)
          .every((v) => v === 0),
      ),
    ).toBe(true)
  })

  it('a household that took over its sublet is no longer homeless from that day (a first-hand lease of its own)', () => {
    const h: FollowUpHousehold = {
      ...household('h-S1'),
      situations: [
        { code: 'acute', kind: 'shelter', since: '2025-01-01' },
        { code: 'long_term_solution', kind: 'social_contract', since: '2025-06-01' },
      ],
    }
    expect(homelessOn(h, '2026-05-31', placements)).toBe('long_term_solution')
    expect(homelessOn(h, '2026-06-01', placements)).toBeUndefined()
  })
})
