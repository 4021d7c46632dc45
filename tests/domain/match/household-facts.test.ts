import { describe, expect, it } from 'vitest'
import {
  bedroomsNeeded,
  householdFacts,
  normaliseDistrict,
  vacancyFacts,
} from '../../../src/domain/match/household-facts.ts'
import { defaultPolicy, type Policy } from '../../../src/domain/policy.ts'
import { makeApplicant, makeVacancy } from '../../support/builders.ts'

const asOf = '2026-11-27'

const withRules = (rules: Partial<Policy['rules']>): Policy => ({
  ...defaultPolicy,
  rules: { ...defaultPolicy.rules, ...rules },
})
const norm2 = withRules({ overcrowdingNorm: 'norm2' })
const norm3Share = withRules({ overcrowdingNorm: 'norm3', norm3ChildrenUnder12Share: true })
const norm3Own = withRules({ overcrowdingNorm: 'norm3', norm3ChildrenUnder12Share: false })

describe('bedroomsNeeded', () => {
  // Norm 2 (Boverket): at most two persons per bedroom, so ceil(persons / 2), and never 0.
  it.each([
    [1, [], 1],
    [2, [], 1],
    [3, [], 2],
    [1, [5], 1],
    [2, [5], 2],
    [2, [5, 8], 2],
    [2, [5, 8, 15], 3],
    [1, [1, 2, 3, 4, 5, 6], 4],
  ] as const)('norm 2: %i adults with children aged %j need %i bedrooms', (adults, ages, expected) => {
    expect(bedroomsNeeded(adults, ages, norm2)).toBe(expected)
  })

  // Norm 3: everyone their own bedroom, except a couple (two adults) shares; variant: two children under 12 share.
  it.each([
    [1, [], 1],
    [2, [], 1],
    [3, [], 2],
    [1, [5], 2],
    [2, [5, 8], 2],
    [2, [5, 8, 10], 3],
    [2, [12, 14], 3],
    [2, [11, 12], 3],
    [2, [3, 5, 7, 9], 3],
  ] as const)(
    'norm 3, children under 12 share: %i adults with children aged %j need %i bedrooms',
    (adults, ages, expected) => {
      expect(bedroomsNeeded(adults, ages, norm3Share)).toBe(expected)
    },
  )

  it.each([
    [1, [], 1],
    [2, [], 1],
    [1, [5], 2],
    [2, [5, 8], 3],
    [2, [3, 5, 7, 9], 5],
  ] as const)(
    'norm 3, every child its own room: %i adults with children aged %j need %i bedrooms',
    (adults, ages, expected) => {
      expect(bedroomsNeeded(adults, ages, norm3Own)).toBe(expected)
    },
  )

  it('norm 3 needs at least as many bedrooms as norm 2 for the same household', () => {
    for (let adults = 1; adults <= 4; adults++) {
      for (const ages of [[], [2], [2, 9], [2, 9, 13], [1, 1, 1, 1, 14]]) {
        expect(bedroomsNeeded(adults, ages, norm3Share)).toBeGreaterThanOrEqual(
          bedroomsNeeded(adults, ages, norm2),
        )
        expect(bedroomsNeeded(adults, ages, norm3Own)).toBeGreaterThanOrEqual(
          bedroomsNeeded(adults, ages, norm3Share),
        )
      }
    }
  })
})

describe('householdFacts', () => {
  it('counts persons and computes children’s ages on the round date, by birth month', () => {
    const applicant = makeApplicant({
      household: {
        adults: 2,
        children: [
          { birthYear: 2019, birthMonth: 11 }, // turned 7 in November 2026
          { birthYear: 2019, birthMonth: 12 }, // still 6 until December
        ],
      },
    })
    const h = householdFacts(applicant, asOf, defaultPolicy)
    expect(h.persons).toBe(4)
    expect(h.childAges).toEqual([7, 6])
    expect(h.hasChildren).toBe(true)
    expect(h.bedroomsNeeded).toBe(2)
    expect(householdFacts(applicant, '2026-12-01', defaultPolicy).childAges).toEqual([7, 7])
  })

  it('derives the age the main applicant turns in the round year from the birth year only, unknown without it', () => {
    const born2001 = makeApplicant({ monitoring: { birthYear: 2001 } })
    expect(householdFacts(born2001, asOf, defaultPolicy).ageThisYear).toBe(25)
    expect(householdFacts(born2001, '2027-01-02', defaultPolicy).ageThisYear).toBe(26)
    expect(householdFacts(makeApplicant(), asOf, defaultPolicy).ageThisYear).toBeUndefined()
  })

  it('normalises excluded and preferred districts and ranks preferences from 0', () => {
    const h = householdFacts(
      makeApplicant({
        safety: { excludedDistricts: [' Vivalla ', 'OXHAGEN'] },
        preferences: { districts: ['Väster', 'centrum'], vacancyTypes: ['trial_flat', 'social_contract'] },
        declinedVacancyIds: ['V7'],
      }),
      asOf,
      defaultPolicy,
    )
    expect([...h.excludedDistricts]).toEqual(['vivalla', 'oxhagen'])
    expect([...h.districtRank]).toEqual([
      ['vaster', 0],
      ['centrum', 1],
    ])
    expect([...h.typeRank]).toEqual([
      ['trial_flat', 0],
      ['social_contract', 1],
    ])
    expect(h.declined.has('V7')).toBe(true)
    expect(h.hasChildren).toBe(false)
  })
})

describe('vacancyFacts', () => {
  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [5, 4],
  ])(
    'a %i-room flat has %i bedrooms (kitchen and living room not counted; a 1-room flat’s room is its bedroom)',
    (rooms, bedrooms) => {
      expect(vacancyFacts(makeVacancy({ rooms }), defaultPolicy).bedrooms).toBe(bedrooms)
    },
  )

  it('a flat is family-sized from the policy’s minimum number of rooms', () => {
    const min = defaultPolicy.constraints.childrenFloor.familySizedMinRooms
    expect(min).toBe(3)
    expect(vacancyFacts(makeVacancy({ rooms: 2 }), defaultPolicy).familySized).toBe(false)
    expect(vacancyFacts(makeVacancy({ rooms: 3 }), defaultPolicy).familySized).toBe(true)
  })

  it('normalises the district', () => {
    expect(vacancyFacts(makeVacancy({ district: ' Väster' }), defaultPolicy).district).toBe('vaster')
  })

  // ÖBO: up to 50 m² at most 3 persons, 70 m² 4, 90 m² 6, 110 m² 8, 120 m² 10; each bracket includes its bound.
  it.each([
    [8, 3],
    [50, 3],
    [50.5, 4],
    [70, 4],
    [70.5, 6],
    [90, 6],
    [90.5, 8],
    [110, 8],
    [110.5, 10],
    [120, 10],
    [121, 10],
    [200, 10],
  ])('an ÖBO priority flat of %f m² takes at most %i persons', (areaM2, maxPersons) => {
    expect(vacancyFacts(makeVacancy({ type: 'obo_priority', areaM2 }), defaultPolicy).oboMaxPersons).toBe(
      maxPersons,
    )
  })

  it('chooses the bracket by area even when the policy lists the caps out of order', () => {
    const shuffled = withRules({ oboOccupancyCaps: [...defaultPolicy.rules.oboOccupancyCaps].reverse() })
    expect(vacancyFacts(makeVacancy({ type: 'obo_priority', areaM2: 60 }), shuffled).oboMaxPersons).toBe(4)
  })

  it('sets no ÖBO cap for flats that are not ÖBO priority flats', () => {
    expect(
      vacancyFacts(makeVacancy({ type: 'social_contract', areaM2: 40 }), defaultPolicy).oboMaxPersons,
    ).toBe(undefined)
  })
})

describe('normaliseDistrict', () => {
  it('ignores case, spacing and accents, so that an exclusion zone written without its ä still applies', () => {
    expect(normaliseDistrict('  VIVALLA ')).toBe(normaliseDistrict('Vivalla'))
    expect(normaliseDistrict('Örebro')).toBe('orebro')
    expect(normaliseDistrict('Väster')).toBe(normaliseDistrict('Vaster'))
    expect(normaliseDistrict('Sörby  ängen')).toBe(normaliseDistrict('sorby angen'))
    expect(normaliseDistrict('Vivalla')).not.toBe(normaliseDistrict('Varberga'))
  })
})
