import { describe, expect, it } from 'vitest'
import { runRound } from '../../../src/domain/match/run-round.ts'
import { defaultPolicy, type Policy } from '../../../src/domain/policy.ts'
import { makeApplicant, makeRound, makeVacancy, unconstrainedPolicy } from '../../support/builders.ts'

const withConstraints = (constraints: Partial<Policy['constraints']>): Policy => ({
  ...unconstrainedPolicy,
  constraints: { ...unconstrainedPolicy.constraints, ...constraints },
})

describe('runRound', () => {
  it('proposes the pairing with the highest total score, not the greedy one', () => {
    // A (acute) could take either flat; B fits only V1. Greedy gives V1 to A and leaves B out.
    const round = makeRound({
      applicants: [
        makeApplicant({
          id: 'A',
          lotteryNumber: 1,
          oboPriority: { decisionRef: 'F-1', decidedOn: '2026-10-01' },
        }),
        makeApplicant({
          id: 'B',
          lotteryNumber: 2,
          situation: { code: 'short_term_self_arranged', kind: 'with_friends', since: '2026-05-01' },
          preferences: { districts: [], vacancyTypes: ['social_contract'] },
        }),
      ],
      vacancies: [
        makeVacancy({ id: 'V1' }),
        makeVacancy({ id: 'V2', type: 'obo_priority', landlord: 'obo' }),
      ],
    })
    const result = runRound(round)
    expect(result.status).toBe('optimal')
    expect(result.proposals.map((p) => [p.applicantId, p.vacancyId])).toEqual([
      ['A', 'V2'],
      ['B', 'V1'],
    ])
  })

  it('breaks equal scores by the lottery number drawn at registration, then the id', () => {
    const twin = (id: string, lotteryNumber: number) => makeApplicant({ id, lotteryNumber })
    const round = makeRound({
      applicants: [twin('A', 900), twin('B', 100)],
      vacancies: [makeVacancy({ id: 'V1' })],
    })
    expect(runRound(round).proposals.map((p) => p.applicantId)).toEqual(['B'])
    const sameLottery = makeRound({
      applicants: [twin('B', 5), twin('A', 5)],
      vacancies: [makeVacancy({ id: 'V1' })],
    })
    expect(runRound(sameLottery).proposals.map((p) => p.applicantId)).toEqual(['A'])
  })

  it('pairs tied households and vacancies canonically: lottery order takes the earliest-free vacancy, then by id', () => {
    const round = makeRound({
      applicants: [
        makeApplicant({ id: 'LATE', lotteryNumber: 900 }),
        makeApplicant({ id: 'EARLY', lotteryNumber: 100 }),
      ],
      vacancies: [
        makeVacancy({ id: 'V-A', availableFrom: '2026-11-20' }),
        makeVacancy({ id: 'V-B', availableFrom: '2026-11-02' }),
        makeVacancy({ id: 'V-C', availableFrom: '2026-11-02' }),
      ],
    })
    for (const engine of ['flow', 'lp'] as const) {
      const result = runRound(round, { engine })
      expect(result.proposals.map((p) => [p.applicantId, p.vacancyId])).toEqual([
        ['EARLY', 'V-B'],
        ['LATE', 'V-C'],
      ])
    }
  })

  it('reports a district cap that leaves a vacancy empty rather than hiding it (caps and non-wastefulness cannot both hold)', () => {
    const round = makeRound({
      policy: withConstraints({ districtCaps: { enabled: true, maxPerDistrict: 1, districts: ['Vivalla'] } }),
      applicants: [
        makeApplicant({ id: 'A', lotteryNumber: 1 }),
        makeApplicant({ id: 'B', lotteryNumber: 2 }),
      ],
      vacancies: [
        makeVacancy({ id: 'V1', district: 'Vivalla' }),
        makeVacancy({ id: 'V2', district: 'Vivalla' }),
      ],
    })
    const result = runRound(round)
    expect(result.status).toBe('optimal')
    expect(result.proposals).toHaveLength(1)
    const cap = result.constraints.find((c) => c.name === 'districtCap:Vivalla')
    expect(cap).toMatchObject({ sense: '<=', rhs: 1, value: 1, tight: true })
    expect(cap?.price).toBeGreaterThan(0)
    const left = result.unmatched[0]?.explanation
    expect(left?.reason).toBe('outscored_or_constrained')
    expect(left?.alternatives.some((e) => e.outcome === 'left_empty')).toBe(true)
    expect(result.proposals[0]?.explanation?.shapedBy.map((s) => s.constraint)).toEqual([
      'districtCap:Vivalla',
    ])
  })

  describe('a district cap and the household’s own choice (exemptOwnChoice)', () => {
    // Three households, two flats in Vivalla under a cap of 1. B listed Vivalla among its preferred
    // districts (second, after Norr); A and C did not. Hand-checked: without the exemption the cap
    // leaves a flat empty; with it, B's placement does not count, so both flats are filled, one by B
    // and one by A or C (A: lower lottery number, equal scores).
    const applicants = [
      makeApplicant({ id: 'A', lotteryNumber: 1 }),
      makeApplicant({
        id: 'B',
        lotteryNumber: 2,
        preferences: { districts: ['Norr', 'Vivalla'], vacancyTypes: ['social_contract'] },
      }),
      makeApplicant({ id: 'C', lotteryNumber: 3 }),
    ]
    const vacancies = [
      makeVacancy({ id: 'V1', district: 'Vivalla' }),
      makeVacancy({ id: 'V2', district: 'Vivalla' }),
    ]
    const cap = { enabled: true, maxPerDistrict: 1, districts: ['Vivalla'] }
    const roundWith = (districtCaps: Policy['constraints']['districtCaps']) =>
      makeRound({ policy: withConstraints({ districtCaps }), applicants, vacancies })

    it('fills the flat the cap would leave empty with the household that asked for the district, and says so', () => {
      for (const engine of ['flow', 'lp'] as const) {
        const without = runRound(roundWith(cap), { engine })
        expect(without.proposals).toHaveLength(1)
        const result = runRound(roundWith({ ...cap, exemptOwnChoice: true }), { engine })
        expect(result.status).toBe('optimal')
        expect(result.proposals.map((p) => p.applicantId).sort()).toEqual(['A', 'B'])
        const row = result.constraints.find((c) => c.name === 'districtCap:Vivalla')
        // Only A's placement counts.
        expect(row).toMatchObject({ rhs: 1, value: 1, tight: true })
        const b = result.proposals.find((p) => p.applicantId === 'B')?.explanation
        expect(b?.exemptFrom?.map((x) => x.constraint)).toEqual(['districtCap:Vivalla'])
        expect(b?.exemptFrom?.[0]?.text.sv).toBe(
          'Vivalla har ett tak på 1 placering per runda mot segregation, men hushållet har själv önskat området, så placeringen räknas inte mot taket.',
        )
        expect(b?.exemptFrom?.[0]?.text.en).toBe(
          'Vivalla has a cap of 1 placement per round against segregation, but the household asked for this district itself, so the placement does not count against the cap.',
        )
        // B's placement is not shaped by the cap; A's is.
        expect(b?.shapedBy).toEqual([])
        const a = result.proposals.find((p) => p.applicantId === 'A')?.explanation
        expect(a?.shapedBy.map((x) => x.constraint)).toEqual(['districtCap:Vivalla'])
        expect(a?.exemptFrom).toBeUndefined()
        // C is left out by the cap, which counts C: its explanation names it.
        const c = result.unmatched.find((u) => u.applicantId === 'C')?.explanation
        expect(c?.alternatives.some((o) => o.outcome === 'went_to_another_household')).toBe(true)
      }
    })

    it('a policy stored before the switch (no exemptOwnChoice) counts every placement, byte for byte as switched off', () => {
      const stored = runRound(roundWith(cap))
      expect(JSON.stringify(stored)).toBe(
        JSON.stringify(runRound(roundWith({ ...cap, exemptOwnChoice: false }))),
      )
      expect(JSON.stringify(stored)).not.toBe(
        JSON.stringify(runRound(roundWith({ ...cap, exemptOwnChoice: true }))),
      )
      expect(stored.proposals).toHaveLength(1)
      expect(stored.constraints.find((c) => c.name === 'districtCap:Vivalla')?.params).toEqual({
        district: 'Vivalla',
        atMost: 1,
        vacancies: 2,
      })
    })

    it('is off in the default policy, which docs/domain.md says and why', () => {
      expect(defaultPolicy.constraints.districtCaps.exemptOwnChoice).toBeUndefined()
    })
  })

  it('returns infeasible, naming the conflicting constraints, when a quota meets a cap of 0, and never throws', () => {
    const round = makeRound({
      policy: withConstraints({
        programQuotas: [{ type: 'housing_first', atLeast: 1 }],
        districtCaps: { enabled: true, maxPerDistrict: 0, districts: ['Vivalla'] },
      }),
      applicants: [
        makeApplicant({
          id: 'A',
          needs: { housingFirstAssessed: true },
          preferences: { districts: [], vacancyTypes: ['housing_first', 'social_contract'] },
        }),
        makeApplicant({ id: 'B', lotteryNumber: 7 }),
      ],
      vacancies: [
        makeVacancy({ id: 'V1', type: 'housing_first', district: 'Vivalla' }),
        makeVacancy({ id: 'V2', district: 'Vivalla' }),
      ],
    })
    const result = runRound(round)
    expect(result.status).toBe('infeasible')
    expect(result.conflicting).toEqual(['districtCap:Vivalla', 'programQuota:housing_first'])
    expect(result.proposals).toEqual([])
    const a = result.unmatched[0]?.explanation
    expect(a?.reason).toBe('not_solved')
    expect(a?.summary.sv).toBe(
      'Rundan kunde inte lösas: områdestaket för Vivalla och programkvoten för Bostad först kan inte uppfyllas samtidigt. Inga förslag gjordes.',
    )
  })

  it('lowers a quota to what can be placed at once and says so, instead of emptying the round', () => {
    const round = makeRound({
      policy: withConstraints({ programQuotas: [{ type: 'housing_first', atLeast: 2 }] }),
      applicants: [
        makeApplicant({
          id: 'A',
          needs: { housingFirstAssessed: true },
          preferences: { districts: [], vacancyTypes: ['housing_first'] },
        }),
      ],
      vacancies: [
        makeVacancy({ id: 'V1', type: 'housing_first' }),
        makeVacancy({ id: 'V2', type: 'housing_first' }),
      ],
    })
    const result = runRound(round)
    expect(result.status).toBe('optimal')
    expect(result.loweredFloors).toEqual([
      { name: 'programQuota:housing_first', family: 'programQuota', wanted: 2, atLeast: 1 },
    ])
    expect(result.constraints[0]).toMatchObject({ name: 'programQuota:housing_first', rhs: 1, value: 1 })
    expect(result.proposals.map((p) => p.applicantId)).toEqual(['A'])
  })

  it('lowers the children floor to the families that can be placed at once: two families who fit only one flat', () => {
    const family = (id: string, lotteryNumber: number) =>
      makeApplicant({
        id,
        lotteryNumber,
        economy: { maxRent: 7000 },
        household: { adults: 1, children: [{ birthYear: 2016, birthMonth: 3 }] },
      })
    const round = makeRound({
      policy: withConstraints({ childrenFloor: { enabled: true, familySizedMinRooms: 3, share: 1 } }),
      applicants: [family('F1', 1), family('F2', 2), makeApplicant({ id: 'S1', lotteryNumber: 3 })],
      vacancies: [
        makeVacancy({ id: 'CHEAP', rooms: 3, areaM2: 70, rent: 6500 }),
        makeVacancy({ id: 'DEAR', rooms: 3, areaM2: 70, rent: 8500 }),
      ],
    })
    const result = runRound(round)
    expect(result.status).toBe('optimal')
    expect(result.loweredFloors).toEqual([
      { name: 'childrenFloor', family: 'childrenFloor', wanted: 2, atLeast: 1 },
    ])
    expect(result.proposals.map((p) => [p.applicantId, p.vacancyId])).toEqual([
      ['F1', 'CHEAP'],
      ['S1', 'DEAR'],
    ])
  })

  it('lets the children floor move a flat to a family and prices it', () => {
    const round = makeRound({
      policy: withConstraints({ childrenFloor: { enabled: true, familySizedMinRooms: 3, share: 1 } }),
      applicants: [
        makeApplicant({ id: 'ACUTE', lotteryNumber: 1, safety: { domesticViolence: true } }),
        makeApplicant({
          id: 'FAMILY',
          lotteryNumber: 2,
          situation: { code: 'long_term_solution', kind: 'social_contract', since: '2025-01-01' },
          subletMoveReason: 'household_changed_size',
          household: { adults: 1, children: [{ birthYear: 2015, birthMonth: 2 }] },
        }),
      ],
      vacancies: [makeVacancy({ id: 'V3', rooms: 3, areaM2: 75 })],
    })
    const result = runRound(round)
    expect(result.proposals.map((p) => p.applicantId)).toEqual(['FAMILY'])
    const floor = result.constraints.find((c) => c.name === 'childrenFloor')
    expect(floor).toMatchObject({ sense: '>=', rhs: 1, value: 1, tight: true })
    expect(floor?.price).toBeGreaterThan(0)
    expect(result.proposals[0]?.explanation?.shapedBy.map((s) => s.constraint)).toEqual(['childrenFloor'])
    const acute = result.unmatched.find((u) => u.applicantId === 'ACUTE')?.explanation
    expect(acute?.alternatives[0]).toMatchObject({ vacancyId: 'V3', outcome: 'went_to_another_household' })
    expect(acute?.alternatives[0]?.otherScore).toBeLessThan(acute?.alternatives[0]?.score ?? 0)
  })

  it('explains an unmatched household: eligible vacancies with the winning score, and the rules that excluded the rest', () => {
    const round = makeRound({
      applicants: [
        makeApplicant({ id: 'WINNER', lotteryNumber: 1, safety: { domesticViolence: true } }),
        makeApplicant({ id: 'LOSER', lotteryNumber: 2, economy: { maxRent: 6000 } }),
      ],
      vacancies: [makeVacancy({ id: 'CHEAP', rent: 5000 }), makeVacancy({ id: 'DEAR', rent: 8000 })],
    })
    const result = runRound(round)
    // WINNER takes CHEAP? No: the total is higher when WINNER takes DEAR and LOSER takes CHEAP.
    expect(result.unmatched).toEqual([])
    const tight = makeRound({ ...round, vacancies: [makeVacancy({ id: 'CHEAP', rent: 5000 })] })
    const r2 = runRound(tight)
    const loser = r2.unmatched.find((u) => u.applicantId === 'LOSER')?.explanation
    expect(loser?.alternatives).toHaveLength(1)
    expect(loser?.alternatives[0]?.otherScore).toBeGreaterThan(loser?.alternatives[0]?.score ?? Infinity)
    expect(loser?.alternatives[0]?.text.sv).toContain('gick till ett hushåll med högre poäng')
    // Other households are never named in an explanation.
    expect(JSON.stringify(loser)).not.toContain('WINNER')
    const noFit = runRound(
      makeRound({
        ...round,
        vacancies: [makeVacancy({ id: 'DEAR', rent: 8000 })],
        applicants: [round.applicants[1] as never],
      }),
    )
    const excluded = noFit.unmatched[0]?.explanation
    expect(excluded?.reason).toBe('no_eligible_vacancy')
    expect(excluded?.excludedBy.map((x) => x.rule)).toEqual(['rent_affordable'])
    expect(excluded?.excludedBy[0]?.examples?.[0]?.text.en).toContain('8,000 kr/month')
    expect(excluded?.excludedBy[0]?.examples?.[0]?.text.sv).toContain('8\u00a0000 kr/mån')
  })

  it('always reports the equality figures, even with parity off', () => {
    const round = makeRound({
      applicants: [
        makeApplicant({ id: 'W', monitoring: { gender: 'woman' } }),
        makeApplicant({ id: 'M', monitoring: { gender: 'man' } }),
      ],
      vacancies: [makeVacancy({ id: 'V1' })],
    })
    const result = runRound(round)
    const gender = result.equality.groups.filter((g) => g.attribute === 'gender')
    expect(gender.map((g) => [g.value, g.eligible, g.matched])).toEqual(
      expect.arrayContaining([
        ['man', 1, expect.any(Number)],
        ['woman', 1, expect.any(Number)],
      ]),
    )
    expect(result.equality.overallRate).toBe(0.5)
  })

  it('holds group parity when switched on, at a reported price', () => {
    const applicants = [
      makeApplicant({ id: 'W1', lotteryNumber: 1, monitoring: { gender: 'woman' } }),
      makeApplicant({ id: 'W2', lotteryNumber: 2, monitoring: { gender: 'woman' } }),
      makeApplicant({
        id: 'M1',
        lotteryNumber: 3,
        monitoring: { gender: 'man' },
        safety: { domesticViolence: true },
      }),
      makeApplicant({
        id: 'M2',
        lotteryNumber: 4,
        monitoring: { gender: 'man' },
        safety: { domesticViolence: true },
      }),
    ]
    const vacancies = [makeVacancy({ id: 'V1' }), makeVacancy({ id: 'V2' })]
    const free = runRound(makeRound({ applicants, vacancies }))
    expect(free.proposals.map((p) => p.applicantId)).toEqual(['M1', 'M2'])
    const parity = runRound(
      makeRound({
        applicants,
        vacancies,
        policy: withConstraints({ groupParity: { enabled: true, attributes: ['gender'], epsilon: 0.1 } }),
      }),
    )
    expect(parity.status).toBe('optimal')
    expect(parity.proposals.map((p) => p.applicantId).sort()).toEqual(['M1', 'W1'])
    expect(
      parity.constraints.filter((c) => c.family === 'groupParity').every((c) => (c.price ?? 0) > 0),
    ).toBe(true)
  })

  it('keeps a household that is not active out, and says so', () => {
    const result = runRound(
      makeRound({ applicants: [makeApplicant({ id: 'P', status: 'paused' })], vacancies: [makeVacancy()] }),
    )
    expect(result.proposals).toEqual([])
    expect(result.unmatched[0]?.explanation?.reason).toBe('not_taking_part')
  })

  it('uses the default policy with its constraints without error on a realistic round', () => {
    const result = runRound(
      makeRound({ policy: defaultPolicy, applicants: [makeApplicant()], vacancies: [makeVacancy()] }),
    )
    expect(result.status).toBe('optimal')
  })
})
