import { describe, expect, it } from 'vitest'
import { compareWhatIf, snapshotUnder } from '../../../src/domain/follow-up/what-if.ts'
import type { RoundResult } from '../../../src/domain/match/run-round.ts'
import { defaultPolicy } from '../../../src/domain/policy.ts'
import { makeApplicant } from '../../support/builders.ts'

const result = (
  policyVersion: number,
  proposals: [string, string][],
  rates: Record<string, number>,
  price: number,
): RoundResult =>
  ({
    status: 'optimal',
    asOf: '2026-12-07',
    policy: { id: 'orebro-default', version: policyVersion },
    objective: proposals.length * 10,
    bound: proposals.length * 10,
    gap: 0,
    loweredFloors: [],
    proposals: proposals.map(([applicantId, vacancyId]) => ({ applicantId, vacancyId, score: 10 })),
    unmatched: [],
    constraints: [
      {
        name: 'childrenFloor',
        family: 'childrenFloor',
        sense: '>=',
        rhs: 1,
        value: 1,
        tight: true,
        params: {},
        price,
      },
    ],
    equality: {
      overallRate: 0.5,
      groups: Object.entries(rates).map(([value, rate]) => ({
        attribute: 'gender',
        value,
        eligible: 2,
        matched: rate * 2,
        rate,
      })),
    },
    stats: {
      engine: 'flow',
      applicants: 3,
      vacancies: 2,
      eligiblePairs: 4,
      tieBucket: 0,
      vacancyTieBucket: 0,
    },
  }) as unknown as RoundResult

describe('policy what-if', () => {
  const applicants = [
    makeApplicant({ id: 'a', situation: { code: 'acute', kind: 'shelter', since: '2026-01-01' } }),
    makeApplicant({
      id: 'b',
      situation: { code: 'short_term_self_arranged', kind: 'with_family', since: '2026-01-01' },
      household: {
        adults: 1,
        children: [
          { birthYear: 2019, birthMonth: 1 },
          { birthYear: 2021, birthMonth: 5 },
        ],
      },
    }),
    makeApplicant({ id: 'c', situation: { code: 'acute', kind: 'outdoors', since: '2026-01-01' } }),
  ]

  it('names who gains, loses or moves, and counts households, children and acute cases housed', () => {
    const stored = result(
      1,
      [
        ['a', 'v1'],
        ['c', 'v2'],
      ],
      { woman: 1, man: 0 },
      12.5,
    )
    const other = result(
      2,
      [
        ['b', 'v1'],
        ['c', 'v3'],
      ],
      { woman: 0.5, man: 0.5 },
      0,
    )
    const answer = compareWhatIf('r', { applicants }, stored, other)
    expect(answer.gains).toEqual([{ applicantId: 'b', vacancyId: 'v1' }])
    expect(answer.losses).toEqual([{ applicantId: 'a', vacancyId: 'v1' }])
    expect(answer.moved).toEqual([{ applicantId: 'c', from: 'v2', to: 'v3' }])
    expect(answer.housed).toEqual({ stored: 2, whatIf: 2, change: 0 })
    expect(answer.childrenHoused).toEqual({ stored: 0, whatIf: 2, change: 2 })
    expect(answer.acuteHoused).toEqual({ stored: 2, whatIf: 1, change: -1 })
    expect(answer.groupRates).toEqual([
      { attribute: 'gender', value: 'man', stored: 0, whatIf: 0.5 },
      { attribute: 'gender', value: 'woman', stored: 1, whatIf: 0.5 },
    ])
    expect(answer.prices).toEqual([{ name: 'childrenFloor', stored: 12.5, whatIf: 0 }])
  })

  it('the same results compared give no gains, losses or moves', () => {
    const same = result(1, [['a', 'v1']], { woman: 1 }, 0)
    const answer = compareWhatIf('r', { applicants }, same, same)
    expect([answer.gains, answer.losses, answer.moved]).toEqual([[], [], []])
  })

  it('replaces only the policy of a snapshot', () => {
    const snapshot = JSON.stringify({
      asOf: '2026-12-07',
      policy: { id: 'x' },
      applicants: [1],
      vacancies: [2],
    })
    const under = JSON.parse(snapshotUnder(snapshot, defaultPolicy))
    expect(Object.keys(under)).toEqual(['asOf', 'policy', 'applicants', 'vacancies'])
    expect(under).toEqual({ asOf: '2026-12-07', policy: defaultPolicy, applicants: [1], vacancies: [2] })
  })
})
