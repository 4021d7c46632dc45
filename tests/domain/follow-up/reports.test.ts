/**
 * Every report on the hand-made history of history.ts, with answers computed by hand (the
 * arithmetic is in the comments). "<5" is a suppressed count; null a figure over fewer than
 * five households.
 */
import { describe, expect, it } from 'vitest'
import type {
  FollowUpData,
  FollowUpHousehold,
  FollowUpPlacement,
} from '../../../src/domain/follow-up/data.ts'
import {
  declines,
  districts,
  equality,
  flows,
  homelessOn,
  housingFirstRetention,
  situationMap,
  timeToHousing,
  vacancyDays,
} from '../../../src/domain/follow-up/reports.ts'
import { reportRecords, reportText } from '../../../src/domain/follow-up/table.ts'
import { history } from './history.ts'

const year = { from: '2026-01-01', to: '2026-12-31' }
const rows = (r: { tables: readonly { id: string; rows: readonly unknown[] }[] }, id: string) =>
  r.tables.find((t) => t.id === id)?.rows

describe('who is homeless on a day', () => {
  const h = (id: string) => history.households.find((x) => x.id === id) as FollowUpHousehold
  it('from registration to an own home or withdrawal, and again after a return', () => {
    expect(homelessOn(h('H1'), '2026-01-09', history.placements)).toBeUndefined() // not registered yet
    expect(homelessOn(h('H1'), '2026-02-28', history.placements)).toBe('acute')
    expect(homelessOn(h('H1'), '2026-03-01', history.placements)).toBeUndefined() // Housing First: a home of its own
    expect(homelessOn(h('H1'), '2026-06-15', history.placements)).toBe('acute') // back
    expect(homelessOn(h('H7'), '2026-04-01', history.placements)).toBe('long_term_solution') // a social contract is situation 3
    expect(homelessOn(h('H13'), '2026-08-31', history.placements)).toBe('institution')
    expect(homelessOn(h('H13'), '2026-09-01', history.placements)).toBeUndefined() // withdrawn
  })

  it('a social contract that ended in a home of its own or a death is out of the count from its end; one ended by eviction is not', () => {
    const h7 = h('H7')
    const contract = history.placements.find((p) => p.applicantId === 'H7') as FollowUpPlacement
    expect(contract.takenOverOn).toBeUndefined()
    const ended = (endReason: FollowUpPlacement['endReason']) => [
      { ...contract, endedOn: '2026-06-30', endReason },
    ]
    for (const reason of ['own_home', 'deceased'] as const) {
      expect(homelessOn(h7, '2026-06-29', ended(reason))).toBe('long_term_solution')
      expect(homelessOn(h7, '2026-06-30', ended(reason))).toBeUndefined()
      expect(homelessOn(h7, '2026-12-01', ended(reason))).toBeUndefined()
    }
    // Evicted or left: still in situation 3 until the case is reopened in a new situation.
    for (const reason of ['evicted', 'left'] as const)
      expect(homelessOn(h7, '2026-12-01', ended(reason))).toBe('long_term_solution')
  })
})

describe('the point-in-time map', () => {
  it('counts households and persons per situation on 2026-05-01, small cells hidden', () => {
    // Acute: H6 (1 adult). Institution: H13 (1 adult). Situation 3: H7–H11 (5 households, 10
    // adults, 5 children). Situation 4: H12 (2 adults, 1 child). H1–H5 are in Housing First.
    // Children [0, 0, 5, 1]: the lone 1 is hidden ("<5"), and the 5 beside it too ("..", else 6 − 5 = 1).
    const map = situationMap(history, '2026-05-01')
    expect(rows(map, 'per-situation')).toEqual([
      { situation: '1 Akut hemlöshet', households: '<5', adults: '<5', children: 0, persons: '<5' },
      {
        situation: '2 Institutionsvistelse och stödboende',
        households: '<5',
        adults: '<5',
        children: 0,
        persons: '<5',
      },
      // Its 5 children hidden as ".." (not small, hidden beside the lone 1), and so its persons (15 − 10 = 5).
      {
        situation: '3 Långsiktiga boendelösningar',
        households: 5,
        adults: 10,
        children: '..',
        persons: '..',
      },
      {
        situation: '4 Eget ordnat kortsiktigt boende',
        households: '<5',
        adults: '<5',
        children: '<5',
        persons: '<5',
      },
      { situation: 'Totalt', households: 8, adults: 14, children: 6, persons: 20 },
    ])
    // Main applicants by gender and age: H7–H11 are women born 1985 (41 years in 2026).
    expect(rows(map, 'main-applicants')).toContainEqual({
      situation: '3 Långsiktiga boendelösningar',
      gender: 'kvinna',
      ageBand: '35–44',
      mainApplicants: 5,
    })
    expect(map.notes.join(' ')).toContain('annars räknas de som okänt kön och ålder')
  })

  it('per caseload: only the caseload’s households', () => {
    // team-vaster is H1–H3; on 2026-07-01 only H1 (returned) is homeless.
    const map = situationMap(history, '2026-07-01', 'team-vaster')
    expect(rows(map, 'per-situation')?.at(-1)).toEqual({
      situation: 'Totalt',
      households: '<5',
      adults: '<5',
      children: 0,
      persons: '<5',
    })
    expect(map.covers).toEqual({ on: '2026-07-01', caseload: 'team-vaster' })
  })
})

describe('flows over 2026', () => {
  it('registered, placed, withdrawn and returns within 6 and 12 months, per situation', () => {
    // Registered [6, 1, 0, 6]: the 1 hidden ("<5"), then the smaller-keyed 6 (acute) too ("..").
    // Placed [5, 0, 0, 5]: H1–H5 left acute, H7–H11 left situation 4.
    // Withdrawn [0, 1, 0, 0]: H13. Followed 6 months: all ten placements (ended by 2026-10-01).
    // Returned within 6: H1 (2026-06-15 ≤ 2026-09-01). No placement has had 12 months yet.
    expect(rows(flows(history, year), 'flows')).toEqual([
      {
        situation: '1 Akut hemlöshet',
        registered: '..',
        placed: 5,
        withdrawn: 0,
        followed6: 5,
        returned6: '<5',
        followed12: 0,
        returned12: 0,
      },
      {
        situation: '2 Institutionsvistelse och stödboende',
        registered: '<5',
        placed: 0,
        withdrawn: '<5',
        followed6: 0,
        returned6: 0,
        followed12: 0,
        returned12: 0,
      },
      {
        situation: '3 Långsiktiga boendelösningar',
        registered: 0,
        placed: 0,
        withdrawn: 0,
        followed6: 0,
        returned6: 0,
        followed12: 0,
        returned12: 0,
      },
      {
        situation: '4 Eget ordnat kortsiktigt boende',
        registered: 6,
        placed: 5,
        withdrawn: 0,
        followed6: 5,
        returned6: 0,
        followed12: 0,
        returned12: 0,
      },
      {
        situation: 'Totalt',
        registered: 13,
        placed: 10,
        withdrawn: '<5',
        followed6: 10,
        returned6: '<5',
        followed12: 0,
        returned12: 0,
      },
    ])
  })
})

describe('time to housing over 2026', () => {
  it('days from registration to offer and to moving in: median and 90th percentile by nearest rank', () => {
    // H1–H5: 2026-01-10 → offer 02-20 (41 days) → in 03-01 (50). H7–H11: 02-01 → 03-25 (52) → 04-01 (59).
    // All ten: sorted 41×5, 52×5: the median is the 5th (41), the 90th percentile the 9th (52).
    const r = rows(timeToHousing(history, year), 'days') as Record<string, unknown>[]
    expect(r[0]).toEqual({
      dimension: 'alla',
      value: 'alla',
      placements: 10,
      offerMedian: 41,
      offerP90: 52,
      placementMedian: 50,
      placementP90: 59,
    })
    expect(r).toContainEqual({
      dimension: 'situation',
      value: '1 Akut hemlöshet',
      placements: 5,
      offerMedian: 41,
      offerP90: 41,
      placementMedian: 50,
      placementP90: 50,
    })
    expect(r).toContainEqual({
      dimension: 'bostadstyp',
      value: 'socialt kontrakt',
      placements: 5,
      offerMedian: 52,
      offerP90: 52,
      placementMedian: 59,
      placementP90: 59,
    })
    expect(r).toContainEqual({
      dimension: 'barn i hushållet',
      value: 'ja',
      placements: 5,
      offerMedian: 52,
      offerP90: 52,
      placementMedian: 59,
      placementP90: 59,
    })
    // Under five placements: no figures.
    expect(r).toContainEqual({
      dimension: 'situation',
      value: '2 Institutionsvistelse och stödboende',
      placements: 0,
      offerMedian: null,
      offerP90: null,
      placementMedian: null,
      placementP90: null,
    })
  })
})

describe('declines and overrides over 2026', () => {
  it('per vacancy type, and the reasons', () => {
    // Offers made [social 6, HF 5, training 0, trial 0, supported 0, ÖBO 1]: ÖBO's 1 hidden, then HF's 5.
    const r = declines(history, year)
    expect(rows(r, 'per-type')).toEqual([
      {
        type: 'socialt kontrakt',
        made: 6,
        accepted: 5,
        declinedHousehold: '<5',
        declinedLandlord: 0,
        noAnswer: 0,
        overrides: 0,
        rejections: '<5',
      },
      {
        type: 'Bostad först',
        made: '..',
        accepted: 5,
        declinedHousehold: 0,
        declinedLandlord: 0,
        noAnswer: 0,
        overrides: '<5',
        rejections: 0,
      },
      {
        type: 'träningslägenhet',
        made: 0,
        accepted: 0,
        declinedHousehold: 0,
        declinedLandlord: 0,
        noAnswer: 0,
        overrides: 0,
        rejections: 0,
      },
      {
        type: 'försökslägenhet',
        made: 0,
        accepted: 0,
        declinedHousehold: 0,
        declinedLandlord: 0,
        noAnswer: 0,
        overrides: 0,
        rejections: 0,
      },
      {
        type: 'stödboende',
        made: 0,
        accepted: 0,
        declinedHousehold: 0,
        declinedLandlord: 0,
        noAnswer: 0,
        overrides: 0,
        rejections: 0,
      },
      {
        type: 'ÖBO förtur',
        made: '<5',
        accepted: 0,
        declinedHousehold: 0,
        declinedLandlord: 0,
        noAnswer: '<5',
        overrides: 0,
        rejections: 0,
      },
    ])
    expect(rows(r, 'reasons')).toEqual([
      { kind: 'nej till erbjudande', reason: 'läget', count: '<5' },
      { kind: 'ändrat förslag', reason: 'akut behov som poängen inte fångar', count: '<5' },
      { kind: 'avvisat förslag', reason: 'hushållet nås inte', count: '<5' },
    ])
  })
})

describe('vacancy days over 2026', () => {
  it('from available to moving in, and what still waits on the last day', () => {
    // HF: 02-15 → 03-01, 14 days ×5. Social: 03-01 → 04-01, 31 days ×5. Training flat V20 waits 30 days.
    const r = rows(vacancyDays(history, year), 'per-type') as Record<string, unknown>[]
    expect(r[0]).toEqual({
      type: 'socialt kontrakt',
      let: 5,
      median: 31,
      p90: 31,
      waiting: '<5', // V6: offered, not let
      waitingMedian: null,
    })
    expect(r[1]).toEqual({
      type: 'Bostad först',
      let: 5,
      median: 14,
      p90: 14,
      waiting: 0,
      waitingMedian: null,
    })
    expect(r[2]).toEqual({
      type: 'träningslägenhet',
      let: 0,
      median: null,
      p90: null,
      waiting: '<5',
      waitingMedian: null,
    })
    // V6 (offered, free since 04-20) also waits: it has no placement. All: 14×5, 31×5 → 5th 14, 9th 31.
    expect(r.at(-1)).toEqual({
      type: 'Alla',
      let: 10,
      median: 14,
      p90: 31,
      waiting: '<5',
      waitingMedian: null,
    })
  })
})

describe('placements per district over 2026', () => {
  it('counts against the caps: Vivalla is capped at 2 a round and had 3 in round R1', () => {
    expect(rows(districts(history, year), 'per-district')).toEqual([
      { district: 'Vivalla', placements: 5, vulnerable: 'ja', mostInOneRound: '<5', cap: 2 },
      { district: 'Väster', placements: 5, vulnerable: 'nej', mostInOneRound: 5, cap: null },
    ])
  })
})

describe('Housing First retention', () => {
  it('on the hand-made history every cell is small: hidden', () => {
    // Followed 6 months: H1–H5 (5); still housed: 4 (H1 returned). 4 is hidden, so 5 is too.
    expect(rows(housingFirstRetention(history, '2026-12-31'), 'retention')).toEqual([
      { months: '6 månader', followed: '..', stillHoused: '<5', share: null },
      { months: '12 månader', followed: 0, stillHoused: 0, share: null },
    ])
  })

  it('ten placements, two returns: 80 % after 6 months', () => {
    const households: FollowUpHousehold[] = Array.from({ length: 10 }, (_, i) => ({
      id: `h${i}`,
      caseload: 'c',
      registeredOn: '2025-01-01',
      adults: 1,
      children: 0,
      gender: 'unknown',
      situations: [
        { code: 'acute', kind: 'outdoors', since: '2025-01-01' },
        ...(i < 2 ? [{ code: 'acute' as const, kind: 'outdoors', since: '2025-05-01' }] : []),
      ],
    }))
    const placements: FollowUpPlacement[] = households.map((h, i) => ({
      id: `p${i}`,
      offerId: `o${i}`,
      applicantId: h.id,
      vacancyId: `v${i}`,
      vacancyType: 'housing_first',
      district: 'Norr',
      contractForm: 'housing_first',
      startDate: '2025-02-01',
      roundId: 'r',
    }))
    const data: FollowUpData = {
      days: [],
      households,
      placements,
      offers: [],
      decisions: [],
      vacancies: [],
      rounds: [],
    }
    expect(rows(housingFirstRetention(data, '2026-03-01'), 'retention')).toEqual([
      { months: '6 månader', followed: 10, stillHoused: 8, share: 0.8 },
      { months: '12 månader', followed: 10, stillHoused: 8, share: 0.8 },
    ])
  })
})

describe('equality over 2026', () => {
  it('rate, ratio to the overall rate and the flag against the policy’s band; small groups hidden', () => {
    // R1: 12 of 25 matched (0.48). Women 7 of 10 (0.7; 0.7 / 0.48 = 1.46 times; |0.7 − 0.48| > 0.1:
    // flagged). Men 3 of 10 and unknown 2 of 5: matched hidden ("<5"), no rate. Two small cells are
    // hidden, so no third is needed. Situation groups are not in this report.
    const r = equality(history, year)
    const row = (
      value: string,
      eligible: number | string,
      matched: number | string,
      rate: number | null,
      ratio: number | null,
      flagged: string | null,
    ) => ({
      round: '2026-02-19 (R1)',
      attribute: 'kön',
      value,
      eligible,
      matched,
      rate,
      ratio,
      flagged,
    })
    expect(rows(r, 'per-round')).toEqual([
      row('man', 10, '<5', null, null, null),
      row('okänt', 5, '<5', null, null, null),
      row('kvinna', 10, 7, 0.7, 1.46, 'ja'),
    ])
    expect(rows(r, 'period')).toEqual(
      (rows(r, 'per-round') as Record<string, unknown>[]).map((x) => ({ ...x, round: 'alla rundor' })),
    )
  })
})

describe('one table shape for text and CSV', () => {
  it('text uses a decimal comma and "–"; CSV neutralises formula-like text', () => {
    const text = reportText(equality(history, year))
    expect(text).toContain('70,0 %')
    expect(text).toContain('1,46')
    const records = reportRecords({
      name: 'x',
      title: 'x',
      covers: {},
      suppressionThreshold: 5,
      tables: [
        {
          id: 't',
          title: 't',
          columns: [{ key: 'a', label: 'A', kind: 'label' }],
          rows: [{ a: '=HYPERLINK("x")' }, { a: '-1' }, { a: '@x' }, { a: '+x' }],
        },
      ],
      notes: [],
    })
    expect(records.slice(1).map((r) => r[1])).toEqual([`'=HYPERLINK("x")`, "'-1", "'@x", "'+x"])
  })
})

describe('equality suppression within one attribute', () => {
  it('hides a second group where the one small group would follow from the total', () => {
    // Men 3 of 10 and women 7 of 10: the 3 is hidden, and so the 7 (10 − 7 = 3): no rate is shown.
    const data = {
      ...history,
      rounds: [
        {
          ...(history.rounds[0] as (typeof history.rounds)[number]),
          equality: {
            eligible: 20,
            matched: 10,
            groups: [
              { attribute: 'gender', value: 'man', eligible: 10, matched: 3 },
              { attribute: 'gender', value: 'woman', eligible: 10, matched: 7 },
            ],
          },
        },
      ],
    }
    const shown = rows(equality(data, year), 'per-round') as Record<string, unknown>[]
    expect(shown.map((x) => [x.value, x.matched, x.rate])).toEqual([
      ['man', '<5', null],
      ['kvinna', '..', null],
    ])
  })
})
