import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Applicant, Situation } from '../../../src/domain/applicant.ts'
import { addDays } from '../../../src/domain/dates.ts'
import { householdFacts, vacancyFacts } from '../../../src/domain/match/household-facts.ts'
import {
  pairCents,
  priorityTerms,
  type ScoreTerm,
  type ScoreTermCode,
  scorePair,
  sumCents,
  waitingCentsOf,
} from '../../../src/domain/match/scoring.ts'
import { defaultPolicy, type Policy, policySchema } from '../../../src/domain/policy.ts'
import type { Vacancy } from '../../../src/domain/vacancy.ts'
import { genders } from '../../../src/domain/vocabulary.ts'
import { generateRound } from '../../../src/synthetic/index.ts'
import { makeApplicant, makeVacancy, type Overrides } from '../../support/builders.ts'

const asOf = '2026-11-27'
const policy = defaultPolicy

/**
 * The figures of the default policy these tests check the terms against (in
 * points, as the policy states them). If the policy changes, this fails first
 * and says which figure moved.
 */
it('the default policy has the figures these tests are written against', () => {
  expect(policy.scoring).toMatchObject({
    situation: { acute: 40, institution: 15, short_term_self_arranged: 20, long_term_solution: 8 },
    institutionRelease: { points: 20, withinDays: 90 },
    perChild: 6,
    perYoungChild: 4,
    youngChildUnderAge: 7,
    eviction: { points: 30, withinDays: 90 },
    domesticViolence: 20,
    support: { none: 0, low: 2, medium: 4, high: 6 },
    waiting: { perDay: 0.02, cap: 15 },
    districtPreference: { first: 6, stepDown: 1.5 },
    vacancyTypePreference: { first: 4, stepDown: 1 },
    underOccupancyPerSpareRoom: 4,
    minimumPairScore: 1,
  })
  expect(policy.constraints.childrenFloor.familySizedMinRooms).toBe(3)
})

/** A household registered on the round date (no waiting time), to isolate one term at a time. */
const applicant = (overrides?: Overrides<Applicant>) => makeApplicant({ registeredOn: asOf, ...overrides })

function score(a: Applicant, v: Vacancy = makeVacancy(), p: Policy = policy, date = asOf) {
  const h = householdFacts(a, date, p)
  const vf = vacancyFacts(v, p)
  const priority = priorityTerms(h, date, p)
  const result = scorePair(priority, sumCents(priority), h, vf, p)
  return { ...result, priority, fast: pairCents(sumCents(priority), waitingCentsOf(priority), h, vf, p) }
}

const termsOf = (terms: readonly ScoreTerm[], code: ScoreTermCode) => terms.filter((t) => t.term === code)
/**
 * The cents of a term, or undefined when the term is absent (a term is never listed with 0, except
 * waiting time where it does not count, which stays to say so).
 */
const centsOf = (terms: readonly ScoreTerm[], code: ScoreTermCode) => {
  const found = termsOf(terms, code)
  expect(found.length).toBeLessThanOrEqual(1)
  return found[0]?.cents
}

describe('situation', () => {
  it.each([
    ['acute', 'shelter', 4000],
    ['institution', 'prison', 1500],
    ['short_term_self_arranged', 'with_friends', 2000],
    ['long_term_solution', 'social_contract', 800],
  ] as const)('%s earns its base points (%i hundredths)', (code, kind, cents) => {
    const { priority } = score(applicant({ situation: { code, kind, since: '2026-01-01' } as Situation }))
    expect(priority).toEqual([{ term: 'situation', cents, params: { situation: code } }])
  })
})

describe('institution_release', () => {
  const inInstitution = (releaseInDays?: number) =>
    applicant({
      situation: { code: 'institution', kind: 'prison', since: '2025-01-01' },
      urgency: releaseInDays === undefined ? {} : { releaseDate: addDays(asOf, releaseInDays) },
    })

  // Linear from 0 at 90 days before the release date to 20 points on it; full once past.
  it.each([
    [0, 2000],
    [30, 1333],
    [45, 1000],
    [89, 22],
    [-1, 2000],
    [-200, 2000],
  ])('%i days before release earns %i hundredths', (days, cents) => {
    const { priority } = score(inInstitution(days))
    expect(termsOf(priority, 'institution_release')).toEqual([
      { term: 'institution_release', cents, params: { daysLeft: days, withinDays: 90 } },
    ])
  })

  it.each([90, 91, 365])('%i days before release earns nothing yet', (days) => {
    expect(centsOf(score(inInstitution(days)).priority, 'institution_release')).toBeUndefined()
  })

  it('needs a release date, and counts only in the institution situation', () => {
    expect(centsOf(score(inInstitution()).priority, 'institution_release')).toBeUndefined()
    const acute = applicant({ urgency: { releaseDate: asOf } })
    expect(centsOf(score(acute).priority, 'institution_release')).toBeUndefined()
  })
})

describe('children', () => {
  it('6 points per child and 4 more per child under 7, with ages on the round date', () => {
    const family = applicant({
      household: {
        adults: 1,
        children: [
          { birthYear: 2019, birthMonth: 11 }, // 7 on 2026-11-27: not young
          { birthYear: 2019, birthMonth: 12 }, // 6 until December: young
          { birthYear: 2012, birthMonth: 3 }, // 14
        ],
      },
    })
    const { priority } = score(family)
    expect(termsOf(priority, 'children')).toEqual([
      { term: 'children', cents: 1800, params: { children: 3 } },
    ])
    expect(termsOf(priority, 'young_children')).toEqual([
      { term: 'young_children', cents: 400, params: { youngChildren: 1, underAge: 7 } },
    ])
    // A month later the December child has turned 7 too.
    const later = score(family, makeVacancy(), policy, '2026-12-27').priority
    expect(centsOf(later, 'young_children')).toBeUndefined()
    expect(centsOf(later, 'children')).toBe(1800)
  })

  it('a household without children has neither term', () => {
    const { priority } = score(applicant())
    expect(centsOf(priority, 'children')).toBeUndefined()
    expect(centsOf(priority, 'young_children')).toBeUndefined()
  })
})

describe('eviction', () => {
  const evicted = (days: number) =>
    applicant({
      situation: { code: 'short_term_self_arranged', kind: 'with_friends', since: '2026-01-01' },
      urgency: { evictionDate: addDays(asOf, days) },
    })

  // Linear from 0 at 90 days before the eviction date to 30 points on it; full once passed; in any situation.
  it.each([
    [0, 3000],
    [45, 1500],
    [60, 1000],
    [-5, 3000],
  ])('%i days before eviction earns %i hundredths', (days, cents) => {
    expect(termsOf(score(evicted(days)).priority, 'eviction')).toEqual([
      { term: 'eviction', cents, params: { daysLeft: days, withinDays: 90 } },
    ])
  })

  it.each([90, 120])('%i days before eviction earns nothing yet', (days) => {
    expect(centsOf(score(evicted(days)).priority, 'eviction')).toBeUndefined()
  })
})

describe('violence, support and waiting time', () => {
  it('violence in a close relationship earns 20 points', () => {
    expect(
      centsOf(score(applicant({ safety: { domesticViolence: true } })).priority, 'domestic_violence'),
    ).toBe(2000)
    expect(centsOf(score(applicant()).priority, 'domestic_violence')).toBeUndefined()
  })

  it.each([
    ['low', 200],
    ['medium', 400],
    ['high', 600],
  ] as const)('a %s support need earns %i hundredths', (level, cents) => {
    expect(termsOf(score(applicant({ needs: { supportLevel: level } })).priority, 'support_need')).toEqual([
      { term: 'support_need', cents, params: { level } },
    ])
  })

  it('no support need earns no term', () => {
    expect(
      centsOf(score(applicant({ needs: { supportLevel: 'none' } })).priority, 'support_need'),
    ).toBeUndefined()
  })

  // 0.02 points per day since registration, capped at 15 points (reached after 750 days).
  it.each([
    [1, 2],
    [100, 200],
    [749, 1498],
    [750, 1500],
    [2000, 1500],
  ])('waiting %i days earns %i hundredths', (days, cents) => {
    expect(
      termsOf(score(applicant({ registeredOn: addDays(asOf, -days) })).priority, 'waiting_time'),
    ).toEqual([{ term: 'waiting_time', cents, params: { days, exceptFor: 'obo_priority' } }])
  })

  it('waiting time earns nothing for an ÖBO priority flat (no queue inside the priority group), and the term says so at 0', () => {
    const a = applicant({
      registeredOn: addDays(asOf, -100),
      oboPriority: { decisionRef: 'OBO-1', decidedOn: asOf },
    })
    const obo = score(a, makeVacancy({ type: 'obo_priority' }))
    const social = score(a, makeVacancy({ type: 'social_contract' }))
    expect(termsOf(obo.terms, 'waiting_time')).toEqual([
      { term: 'waiting_time', cents: 0, params: { days: 100, notCountedFor: 'obo_priority' } },
    ])
    expect(termsOf(social.terms, 'waiting_time')).toEqual([
      { term: 'waiting_time', cents: 200, params: { days: 100, exceptFor: 'obo_priority' } },
    ])
    // Other things equal, the two pairs differ by exactly the waiting time, and the fast path agrees.
    expect(social.cents - obo.cents).toBe(
      200 +
        (centsOf(social.terms, 'vacancy_type_preference') ?? 0) -
        (centsOf(obo.terms, 'vacancy_type_preference') ?? 0),
    )
    expect(obo.fast).toBe(obo.cents)
    expect(sumCents(obo.terms)).toBe(obo.cents)
  })

  it('names the types where waiting time does not count only to a household that accepts one of them', () => {
    const a = applicant({
      registeredOn: addDays(asOf, -100),
      preferences: { districts: [], vacancyTypes: ['social_contract'] },
    })
    expect(termsOf(score(a).priority, 'waiting_time')).toEqual([
      { term: 'waiting_time', cents: 200, params: { days: 100 } },
    ])
  })

  it('a policy stored before the switch existed counts waiting time for every type', () => {
    const stored = policySchema.parse({
      ...defaultPolicy,
      scoring: { ...defaultPolicy.scoring, waiting: { perDay: 0.02, cap: 15 } },
    })
    expect(stored.scoring.waiting.notCountedFor).toEqual([])
    const a = applicant({
      registeredOn: addDays(asOf, -100),
      oboPriority: { decisionRef: 'OBO-1', decidedOn: asOf },
    })
    expect(centsOf(score(a, makeVacancy({ type: 'obo_priority' }), stored).terms, 'waiting_time')).toBe(200)
  })

  it('registration on or after the round date earns no waiting time', () => {
    expect(centsOf(score(applicant()).priority, 'waiting_time')).toBeUndefined()
    expect(
      centsOf(score(applicant({ registeredOn: addDays(asOf, 3) })).priority, 'waiting_time'),
    ).toBeUndefined()
  })
})

describe('fit: preferences', () => {
  const districts = ['Väster', 'Centrum', 'Öster', 'Söder', 'Norr', 'Tybble']

  // 6 points for the first choice, 1.5 less per later choice, never below 0.
  it.each([
    ['Väster', 1, 600],
    ['Centrum', 2, 450],
    ['Öster', 3, 300],
    ['Söder', 4, 150],
  ])('a vacancy in %s (choice %i) earns %i hundredths', (district, rank, cents) => {
    const { terms } = score(applicant({ preferences: { districts } }), makeVacancy({ district }))
    expect(termsOf(terms, 'district_preference')).toEqual([
      { term: 'district_preference', cents, params: { rank } },
    ])
  })

  it.each(['Norr', 'Tybble', 'Vivalla'])(
    'a vacancy in %s (choice 5, 6, or unlisted) earns nothing, never less',
    (district) => {
      const { terms } = score(applicant({ preferences: { districts } }), makeVacancy({ district }))
      expect(centsOf(terms, 'district_preference')).toBeUndefined()
      expect(terms.every((t) => t.term === 'under_occupancy' || t.cents > 0)).toBe(true)
    },
  )

  it('matches the district whatever its case and spaces', () => {
    const { terms } = score(
      applicant({ preferences: { districts: [' centrum'] } }),
      makeVacancy({ district: 'CENTRUM' }),
    )
    expect(centsOf(terms, 'district_preference')).toBe(600)
  })

  // Types listed ahead of social_contract, so that the flat (a social contract) is the household's n-th choice.
  const order = ['trial_flat', 'training_flat', 'supported_housing', 'obo_priority', 'housing_first'] as const

  // 4 points for the first accepted type, 1 less per later type, never below 0.
  it.each([
    [1, 400],
    [2, 300],
    [3, 200],
    [4, 100],
  ])('the type chosen %i-th earns %i hundredths', (rank, cents) => {
    const vacancyTypes = [...order.slice(0, rank - 1), 'social_contract' as const]
    const { terms } = score(applicant({ preferences: { vacancyTypes } }))
    expect(termsOf(terms, 'vacancy_type_preference')).toEqual([
      { term: 'vacancy_type_preference', cents, params: { rank } },
    ])
  })

  it('the type chosen 5th or 6th earns nothing', () => {
    for (const rank of [5, 6]) {
      const vacancyTypes = [...order.slice(0, rank - 1), 'social_contract' as const]
      expect(
        centsOf(score(applicant({ preferences: { vacancyTypes } })).terms, 'vacancy_type_preference'),
      ).toBe(undefined)
    }
  })
})

describe('fit: under-occupancy', () => {
  it('costs 4 points per spare bedroom in a family-sized flat (3 rooms or more)', () => {
    // A single adult needs 1 bedroom; a 3-room flat has 2, a 5-room flat 4.
    expect(
      termsOf(score(applicant(), makeVacancy({ rooms: 3, areaM2: 70 })).terms, 'under_occupancy'),
    ).toEqual([{ term: 'under_occupancy', cents: -400, params: { spareBedrooms: 1 } }])
    expect(centsOf(score(applicant(), makeVacancy({ rooms: 5, areaM2: 100 })).terms, 'under_occupancy')).toBe(
      -1200,
    )
  })

  it('costs nothing when the household needs the bedrooms', () => {
    const four = applicant({ household: { adults: 4 } })
    expect(
      centsOf(score(four, makeVacancy({ rooms: 3, areaM2: 70 })).terms, 'under_occupancy'),
    ).toBeUndefined()
  })

  it('costs nothing in a flat below the family-sized threshold', () => {
    const onlyFromFour: Policy = {
      ...policy,
      constraints: {
        ...policy.constraints,
        childrenFloor: { ...policy.constraints.childrenFloor, familySizedMinRooms: 4 },
      },
    }
    const threeRooms = makeVacancy({ rooms: 3, areaM2: 70 })
    expect(centsOf(score(applicant(), threeRooms, onlyFromFour).terms, 'under_occupancy')).toBeUndefined()
    expect(
      centsOf(
        score(applicant(), makeVacancy({ rooms: 4, areaM2: 80 }), onlyFromFour).terms,
        'under_occupancy',
      ),
    ).toBe(-800)
  })
})

describe('minimum pair score', () => {
  it('lifts a pair whose terms sum below 1 point up to exactly 1, and says by how much', () => {
    // Long-term solution 8 + type choice 1 (4) − 4 spare bedrooms in a 6-room flat (16) = −4 points.
    const a = applicant({
      situation: { code: 'long_term_solution', kind: 'training_flat', since: '2025-01-01' },
    })
    const { cents, terms, fast } = score(a, makeVacancy({ rooms: 6, areaM2: 120 }))
    expect(terms.map((t) => [t.term, t.cents])).toEqual([
      ['situation', 800],
      ['vacancy_type_preference', 400],
      ['under_occupancy', -1600],
      ['minimum_pair_score', 500],
    ])
    expect(termsOf(terms, 'minimum_pair_score')[0]?.params).toEqual({ floor: 1 })
    expect(cents).toBe(100)
    expect(fast).toBe(100)
    expect(sumCents(terms)).toBe(100)
  })

  it('does not touch a pair at or above the floor', () => {
    const { cents, terms } = score(applicant())
    expect(cents).toBe(4400)
    expect(centsOf(terms, 'minimum_pair_score')).toBeUndefined()
  })
})

it('a household with every term: the terms add up exactly to the score', () => {
  const a = makeApplicant({
    registeredOn: addDays(asOf, -300),
    situation: { code: 'institution', kind: 'hvb', since: '2025-06-01' },
    household: { adults: 1, children: [{ birthYear: 2022, birthMonth: 2 }] },
    urgency: { releaseDate: addDays(asOf, 30), evictionDate: addDays(asOf, 60) },
    safety: { domesticViolence: true },
    needs: { supportLevel: 'medium' },
    preferences: { districts: ['Öster', 'Centrum'], vacancyTypes: ['trial_flat', 'social_contract'] },
  })
  const { cents, terms, fast } = score(a, makeVacancy({ rooms: 4, areaM2: 85 }))
  expect(terms.map((t) => [t.term, t.cents])).toEqual([
    ['situation', 1500],
    ['institution_release', 1333],
    ['children', 600],
    ['young_children', 400],
    ['eviction', 1000],
    ['domestic_violence', 2000],
    ['support_need', 400],
    ['waiting_time', 600],
    ['district_preference', 450],
    ['vacancy_type_preference', 300],
    ['under_occupancy', -800],
  ])
  expect(cents).toBe(7783)
  expect(sumCents(terms)).toBe(cents)
  expect(fast).toBe(cents)
})

describe('on synthetic households and vacancies', () => {
  const runs = { seed: 20261127, numRuns: 200 }
  const sample = fc
    .integer({ min: 0, max: 2 ** 31 - 1 })
    .map((seed) => generateRound({ seed, applicants: 4, vacancies: 4, asOf }))

  function allScores(applicants: readonly Applicant[], vacancies: readonly Vacancy[]) {
    return applicants.flatMap((a) => vacancies.map((v) => score(a, v)))
  }

  it('the terms of every pair add up exactly to its score, the fast path agrees, and no score is below the floor', () => {
    fc.assert(
      fc.property(sample, (round) => {
        for (const s of allScores(round.applicants, round.vacancies)) {
          expect(sumCents(s.terms)).toBe(s.cents)
          expect(s.fast).toBe(s.cents)
          expect(s.cents).toBeGreaterThanOrEqual(100)
          expect(
            s.terms.every(
              (t) =>
                Number.isInteger(t.cents) &&
                (t.cents !== 0 || (t.term === 'waiting_time' && t.params.notCountedFor !== undefined)),
            ),
          ).toBe(true)
        }
      }),
      runs,
    )
  })

  it('protected attributes (gender, bornAbroad, birthYear) never change a score or any of its terms', () => {
    const monitoring = fc.record(
      {
        gender: fc.constantFrom(...genders),
        bornAbroad: fc.boolean(),
        birthYear: fc.integer({ min: 1930, max: 2008 }),
      },
      { requiredKeys: ['gender'] },
    )
    fc.assert(
      fc.property(sample, fc.array(monitoring, { minLength: 4, maxLength: 4 }), (round, changed) => {
        const relabelled = round.applicants.map((a, i) => ({ ...a, monitoring: changed[i] ?? a.monitoring }))
        expect(allScores(relabelled, round.vacancies)).toEqual(allScores(round.applicants, round.vacancies))
      }),
      runs,
    )
  })
})
