import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Applicant } from '../../../src/domain/applicant.ts'
import {
  describeFailure,
  evaluateRules,
  failedRuleBits,
  failedRules,
  isEligible,
  type RuleCode,
  type RuleOutcome,
  type RuleParams,
  ruleCodes,
  rules,
  sweepHousehold,
  vacancySideBits,
} from '../../../src/domain/match/eligibility.ts'
import { householdFacts, vacancyColumns, vacancyFacts } from '../../../src/domain/match/household-facts.ts'
import { defaultPolicy, type Policy, policySchema } from '../../../src/domain/policy.ts'
import type { Vacancy } from '../../../src/domain/vacancy.ts'
import { type SupportGrant, vacancyTypes } from '../../../src/domain/vocabulary.ts'
import { generateRound } from '../../../src/synthetic/index.ts'
import { grantedEverything, makeApplicant, makeVacancy, type Overrides } from '../../support/builders.ts'

const asOf = '2026-11-27'

/** The builders' individual case with only these support decisions (decided 2026-01-15, open-ended unless given). */
const decisions = (
  list: { grants: SupportGrant; decidedOn?: string; validUntil?: string }[],
): NonNullable<Applicant['legalBasis']> => ({
  homelessness: 'individual',
  responsibility: 'settled_here',
  supportDecisions: list.map((d, i) => ({ reference: `SOC-${i + 1}`, decidedOn: '2026-01-15', ...d })),
})
/** A structural case: no support decision, this municipality responsible. */
const structural: NonNullable<Applicant['legalBasis']> = {
  homelessness: 'structural',
  responsibility: 'settled_here',
  supportDecisions: [],
}
const structuralGranted = { ...grantedEverything, homelessness: 'structural' as const }

const withRules = (overrides: Partial<Policy['rules']>): Policy => ({
  ...defaultPolicy,
  rules: { ...defaultPolicy.rules, ...overrides },
})

interface Pair {
  readonly applicant?: Overrides<Applicant>
  readonly vacancy?: Overrides<Vacancy>
  readonly policy?: Policy
  readonly asOf?: string
  /** The household holds no ÖBO priority decision (by default it holds one, so only the rule under test decides). */
  readonly noPriority?: boolean
  /** The household is a prevention case (no situation), open or ended with a stay-put agreement. */
  readonly prevention?: 'open' | 'ended'
}

/** A prevention case of `a`: no situation, at risk of losing its own lease. */
function asPreventionCase(a: Applicant, state: 'open' | 'ended'): Applicant {
  const { situation: _none, ...rest } = a
  return {
    ...rest,
    prevention: {
      tenure: 'first_hand_lease',
      since: '2026-10-01',
      signals: { landlordNotice: { receivedOn: '2026-10-01' } },
      ...(state === 'ended' ? { outcome: { kind: 'stay_put_agreement', on: '2026-11-01' } } : {}),
    },
  }
}

const priority = { decisionRef: 'F-1', decidedOn: '2026-10-01' }

function facts(pair: Pair) {
  const policy = pair.policy ?? defaultPolicy
  const date = pair.asOf ?? asOf
  const built = makeApplicant(pair.applicant)
  const applicant = pair.prevention === undefined ? built : asPreventionCase(built, pair.prevention)
  return {
    h: householdFacts(pair.noPriority ? applicant : { oboPriority: priority, ...applicant }, date, policy),
    v: vacancyFacts(makeVacancy(pair.vacancy), policy),
    ctx: { asOf: date, policy },
  }
}

const failed = (pair: Pair) => {
  const { h, v, ctx } = facts(pair)
  return failedRules(h, v, ctx)
}

/** The pair passes every rule, and the fast path agrees. */
function expectPasses(pair: Pair) {
  const { h, v, ctx } = facts(pair)
  expect(failedRules(h, v, ctx)).toEqual([])
  expect(isEligible(h, v, ctx)).toBe(true)
}

/** The pair fails exactly `rule` (every other rule passes), with these params; returns the outcome. */
function expectFailsOnly(pair: Pair, rule: RuleCode, params?: RuleParams): RuleOutcome {
  const { h, v, ctx } = facts(pair)
  const out = failedRules(h, v, ctx)
  expect(out.map((o) => o.rule)).toEqual([rule])
  expect(isEligible(h, v, ctx)).toBe(false)
  const outcome = out[0] as RuleOutcome
  expect(outcome.passed).toBe(false)
  if (params) expect(outcome.params).toEqual(params)
  return outcome
}

type Figures =
  | readonly (string | number)[]
  | { readonly sv: readonly string[]; readonly en: readonly string[] }

/** Both sentences mention every figure (as written in the sentence, in the language's own words and formats). */
function expectSentencesMention(outcome: RuleOutcome, figures: Figures) {
  for (const lang of ['sv', 'en'] as const) {
    const sentence = describeFailure(outcome, lang)
    expect(sentence.length).toBeGreaterThan(20)
    const own = 'sv' in figures ? figures[lang] : figures
    for (const f of own) expect(sentence, `${lang}: ${sentence}`).toContain(String(f))
  }
}

/** A child's birth year and month giving that age on the round date (born in June). */
const childAged = (age: number) => ({ birthYear: 2026 - age, birthMonth: 6 })

it('the builders’ plain household and flat pass every rule (the baseline the cases below change)', () => {
  expectPasses({})
  const { h, v, ctx } = facts({})
  const outcomes = evaluateRules(h, v, ctx)
  expect(outcomes.map((o) => o.rule)).toEqual([...ruleCodes])
  expect(outcomes.every((o) => o.passed)).toBe(true)
})

it('every rule code has exactly one definition, with a title in Swedish and English', () => {
  expect(rules.map((r) => r.code)).toEqual([...ruleCodes])
  for (const rule of rules) {
    expect(rule.title.sv.length).toBeGreaterThan(5)
    expect(rule.title.en.length).toBeGreaterThan(5)
  }
})

/**
 * One passing and one failing pair per rule. Keyed by rule code, so the type
 * checker refuses this table if a rule is added without a case.
 */
const cases: Record<RuleCode, { pass: Pair; fail: Pair; params: RuleParams; figures: Figures }> = {
  applicant_active: {
    pass: { applicant: { status: 'active' } },
    fail: { applicant: { status: 'paused' } },
    params: { status: 'paused' },
    figures: { sv: ['vilande'], en: ['paused'] },
  },
  vacancy_open: {
    pass: { vacancy: { status: 'open' } },
    fail: { vacancy: { status: 'offered' } },
    params: { status: 'offered' },
    figures: { sv: ['erbjuden'], en: ['offered'] },
  },
  available_by_round_date: {
    pass: { vacancy: { availableFrom: asOf } },
    fail: { vacancy: { availableFrom: '2026-11-28' } },
    params: { availableFrom: '2026-11-28', roundDate: asOf },
    figures: { sv: ['28 november 2026', '27 november 2026'], en: ['28 November 2026', '27 November 2026'] },
  },
  not_declined_before: {
    pass: { applicant: { declinedVacancyIds: ['V2'] } },
    fail: { applicant: { declinedVacancyIds: ['V2', 'V1'] } },
    params: { vacancyId: 'V1' },
    figures: ['V1'],
  },
  vacancy_type_accepted: {
    pass: { vacancy: { type: 'obo_priority', landlord: 'obo' } },
    fail: { vacancy: { type: 'trial_flat' } },
    params: { type: 'trial_flat', accepted: 'social_contract, obo_priority' },
    figures: {
      sv: ['försökslägenhet', 'socialt kontrakt och förtur hos ÖBO'],
      en: ['trial flat', 'social contract and ÖBO priority'],
    },
  },
  rooms_norm: {
    // Norm 2: three adults need two bedrooms; a 2-room flat has one, a 3-room flat two.
    pass: { applicant: { household: { adults: 3 } }, vacancy: { rooms: 3 } },
    fail: { applicant: { household: { adults: 3 } }, vacancy: { rooms: 2 } },
    params: { norm: 'norm2', persons: 3, bedroomsNeeded: 2, bedrooms: 1, rooms: 2 },
    figures: ['norm 2', '3 ', '2 ', '1 '],
  },
  obo_occupancy_cap: {
    // Up to 50 m², ÖBO allows 3 persons; four adults in a 3-room flat pass the rooms norm but not ÖBO's cap.
    pass: {
      applicant: { household: { adults: 3 } },
      vacancy: { type: 'obo_priority', rooms: 3, areaM2: 50 },
    },
    fail: {
      applicant: { household: { adults: 4 } },
      vacancy: { type: 'obo_priority', rooms: 3, areaM2: 50 },
    },
    params: { persons: 4, areaM2: 50, maxPersons: 3 },
    figures: [4, '50 m²', 3],
  },
  no_extreme_overcrowding_for_children: {
    // One adult and two children: 30 m² is exactly 10 m² per person; 29 m² is below.
    pass: {
      applicant: { household: { adults: 1, children: [childAged(4), childAged(9)] } },
      vacancy: { rooms: 3, areaM2: 30 },
    },
    fail: {
      applicant: { household: { adults: 1, children: [childAged(4), childAged(9)] } },
      vacancy: { rooms: 3, areaM2: 29 },
    },
    params: { persons: 3, areaM2: 29, minAreaPerPerson: 10 },
    figures: ['29 m²', 3, '10 m²'],
  },
  rent_affordable: {
    pass: { vacancy: { rent: 9000 } },
    fail: { vacancy: { rent: 9001 } },
    params: { rent: 9001, maxRent: 9000 },
    // Swedish groups thousands with a non-breaking space.
    figures: { sv: ['9\u00a0001 kr/mån', '9\u00a0000 kr/mån'], en: ['9,001 kr/month', '9,000 kr/month'] },
  },
  wheelchair_access: {
    pass: { applicant: { needs: { wheelchair: true } }, vacancy: { wheelchairAccessible: true } },
    fail: { applicant: { needs: { wheelchair: true } }, vacancy: { wheelchairAccessible: false } },
    params: {},
    figures: [],
  },
  elevator: {
    pass: { applicant: { needs: { elevator: true } }, vacancy: { floor: 3, elevator: true } },
    fail: { applicant: { needs: { elevator: true } }, vacancy: { floor: 3, elevator: false } },
    params: { floor: 3 },
    figures: [3],
  },
  ground_floor: {
    pass: { applicant: { needs: { groundFloor: true } }, vacancy: { floor: 0 } },
    fail: { applicant: { needs: { groundFloor: true } }, vacancy: { floor: 2 } },
    params: { floor: 2 },
    figures: [2],
  },
  housing_first_assessment: {
    pass: {
      applicant: { needs: { housingFirstAssessed: true }, preferences: { vacancyTypes: ['housing_first'] } },
      vacancy: { type: 'housing_first' },
    },
    fail: {
      applicant: { needs: { housingFirstAssessed: false }, preferences: { vacancyTypes: ['housing_first'] } },
      vacancy: { type: 'housing_first' },
    },
    params: {},
    figures: [],
  },
  skills_training_need: {
    pass: {
      applicant: { needs: { skillsTrainingNeed: true }, preferences: { vacancyTypes: ['training_flat'] } },
      vacancy: { type: 'training_flat' },
    },
    fail: {
      applicant: { needs: { skillsTrainingNeed: false }, preferences: { vacancyTypes: ['training_flat'] } },
      vacancy: { type: 'training_flat' },
    },
    params: {},
    figures: [],
  },
  program_age_range: {
    // Only the birth year is known: the applicant turns (2026 − birth year) in the round year and must be
    // within the range at some point of that year. Born 2000: 25 until the birthday, so still in 18–25;
    // born 1999: at least 26 all year.
    pass: {
      applicant: { monitoring: { birthYear: 2000 } },
      vacancy: { restrictions: { minAge: 18, maxAge: 25 } },
    },
    fail: {
      applicant: { monitoring: { birthYear: 1999 } },
      vacancy: { restrictions: { minAge: 18, maxAge: 25 } },
    },
    params: { ageThisYear: 27, year: 2026, range: '18–25' },
    figures: ['18–25', 27, 2026],
  },
  support_on_site: {
    pass: {
      applicant: { needs: { supportLevel: 'high' } },
      vacancy: { restrictions: { supportOnSite: true } },
    },
    fail: {
      applicant: { needs: { supportLevel: 'high' } },
      vacancy: { restrictions: { supportOnSite: false } },
    },
    params: { supportLevel: 'high' },
    figures: [],
  },
  not_excluded_district: {
    pass: { applicant: { safety: { excludedDistricts: ['Vivalla'] } }, vacancy: { district: 'Centrum' } },
    fail: { applicant: { safety: { excludedDistricts: ['Vivalla'] } }, vacancy: { district: 'Vivalla' } },
    params: {},
    figures: [],
  },
  residency: {
    pass: { applicant: { resident: false }, vacancy: { type: 'social_contract' } },
    fail: { applicant: { resident: false }, vacancy: { type: 'obo_priority', landlord: 'obo' } },
    params: { type: 'obo_priority' },
    figures: { sv: ['förtur hos ÖBO'], en: ['ÖBO priority'] },
  },
  obo_priority_approved: {
    pass: { vacancy: { type: 'obo_priority', landlord: 'obo' } },
    fail: { vacancy: { type: 'obo_priority', landlord: 'obo' }, noPriority: true },
    params: {},
    figures: { sv: ['beviljat förtur'], en: ['approved for priority'] },
  },
  structural_case_scope: {
    // Even a structural case recorded with a support decision is not offered what the policy keeps closed to it.
    pass: {
      applicant: { legalBasis: structuralGranted },
      vacancy: { type: 'obo_priority', landlord: 'obo' },
    },
    fail: { applicant: { legalBasis: structuralGranted }, vacancy: { type: 'social_contract' } },
    params: { type: 'social_contract', accepted: 'obo_priority' },
    figures: {
      sv: ['strukturell', 'ingen skyldighet', 'socialt kontrakt', 'förtur hos ÖBO'],
      en: ['structural', 'no duty', 'social contract', 'ÖBO priority'],
    },
  },
  support_decision: {
    pass: { applicant: { legalBasis: decisions([{ grants: 'social_contract' }]) } },
    fail: { applicant: { legalBasis: decisions([{ grants: 'training_flat' }]) } },
    params: { type: 'social_contract', state: 'none', date: '' },
    figures: {
      sv: ['Hushållet har inget giltigt biståndsbeslut om socialt kontrakt.'],
      en: ['The household has no valid support decision for a social contract.'],
    },
  },
  responsible_municipality: {
    pass: { applicant: { legalBasis: { ...grantedEverything, responsibility: 'staying_here' } } },
    fail: { applicant: { legalBasis: { ...grantedEverything, responsibility: 'settled_elsewhere' } } },
    params: { type: 'social_contract', responsibility: 'settled_elsewhere' },
    figures: {
      sv: ['inte ansvarig kommun', '2 a kap.', 'bosatt i en annan kommun', 'socialt kontrakt'],
      en: ['not the one responsible', 'chapter 2 a', 'settled in another municipality', 'a social contract'],
    },
  },
  no_move_between_sublets: {
    pass: {
      applicant: {
        situation: { code: 'long_term_solution', kind: 'social_contract', since: '2025-11-01' },
        subletMoveReason: 'safety',
      },
    },
    fail: {
      applicant: { situation: { code: 'long_term_solution', kind: 'social_contract', since: '2025-11-01' } },
    },
    params: { kind: 'social_contract', type: 'social_contract' },
    figures: {
      sv: ['ett socialt kontrakt', 'övertagande', 'angivet skäl'],
      en: ['a social contract', 'taking over its own contract', 'recorded reason'],
    },
  },
  prevention_case_open: {
    pass: { prevention: 'open', policy: withRules({ preventionOpenTo: ['social_contract'] }) },
    fail: { prevention: 'open' },
    params: { type: 'social_contract', ended: false },
    figures: {
      sv: ['riskerar vräkning', 'socialt kontrakt'],
      en: ['at risk of eviction', 'social contract'],
    },
  },
}

describe('prevention cases (rules PV3, PV4)', () => {
  const openToSocial = withRules({ preventionOpenTo: ['social_contract'] })
  it('a household in one of the four situations passes whatever the policy opens to prevention cases', () => {
    expectPasses({ policy: withRules({ preventionOpenTo: [] }) })
  })
  it('an open prevention case gets only the types the policy opens: a social contract, not an ÖBO flat', () => {
    expectPasses({ prevention: 'open', policy: openToSocial })
    expectFailsOnly(
      { prevention: 'open', policy: openToSocial, vacancy: { type: 'obo_priority', landlord: 'obo' } },
      'prevention_case_open',
      { type: 'obo_priority', ended: false },
    )
  })
  it('an ended prevention case (a stay-put agreement) is offered nothing, and says so', () => {
    const outcome = expectFailsOnly({ prevention: 'ended', policy: openToSocial }, 'prevention_case_open', {
      type: 'social_contract',
      ended: true,
    })
    expect(describeFailure(outcome, 'sv')).toContain('avslutat')
    expect(describeFailure(outcome, 'en')).toContain('has ended')
  })
  it('a stored policy without the switch opens nothing to prevention cases', () => {
    const { preventionOpenTo: _absent, ...rules } = defaultPolicy.rules
    const parsed = policySchema.parse({ ...defaultPolicy, rules })
    expect(parsed.rules.preventionOpenTo).toEqual([])
    expectFailsOnly({ prevention: 'open', policy: parsed }, 'prevention_case_open')
  })
})

describe.each(ruleCodes.map((code) => [code, cases[code]] as const))('rule %s', (code, c) => {
  it('passes the passing pair (and every other rule passes too)', () => {
    expectPasses(c.pass)
  })

  it('fails the failing pair on this rule alone, with its params, in sentences that give the figures', () => {
    const outcome = expectFailsOnly(c.fail, code, c.params)
    expectSentencesMention(outcome, c.figures)
    expect(describeFailure(outcome, 'sv')).not.toBe(describeFailure(outcome, 'en'))
  })
})

describe('availability and status', () => {
  it.each(['paused', 'offered', 'housed', 'withdrawn'] as const)(
    'a case with status %s takes no part',
    (status) => {
      expectFailsOnly({ applicant: { status } }, 'applicant_active', { status })
    },
  )

  it.each(['offered', 'let', 'withdrawn'] as const)('a vacancy with status %s is not offered', (status) => {
    expectFailsOnly({ vacancy: { status } }, 'vacancy_open', { status })
  })

  it('a vacancy available on the round date passes; one available the day after fails', () => {
    expectPasses({ vacancy: { availableFrom: '2026-11-27' } })
    expectFailsOnly({ vacancy: { availableFrom: '2026-11-28' } }, 'available_by_round_date')
    expectPasses({ vacancy: { availableFrom: '2026-11-28' }, asOf: '2026-11-28' })
  })

  it('a declined vacancy is excluded for that household only, by id', () => {
    expectFailsOnly({ applicant: { declinedVacancyIds: ['V1'] } }, 'not_declined_before')
    expectPasses({ applicant: { declinedVacancyIds: ['V1'] }, vacancy: { id: 'V9' } })
  })
})

describe('rooms_norm', () => {
  const norm3 = (share: boolean) => withRules({ overcrowdingNorm: 'norm3', norm3ChildrenUnder12Share: share })
  // A couple with two children aged 5 and 8 in a 3-room flat (2 bedrooms, 80 m²).
  const family = { household: { adults: 2, children: [childAged(5), childAged(8)] } }
  const threeRooms = { rooms: 3, areaM2: 80 }

  it('norm 2: four persons need two bedrooms, so a 3-room flat is enough', () => {
    expectPasses({ applicant: family, vacancy: threeRooms, policy: withRules({ overcrowdingNorm: 'norm2' }) })
  })

  it('norm 3 with the variant: the two children under 12 share, so a 3-room flat is enough', () => {
    expectPasses({ applicant: family, vacancy: threeRooms, policy: norm3(true) })
  })

  it('norm 3 without the variant: each child needs a room, so 3 bedrooms are needed and a 3-room flat fails', () => {
    const outcome = expectFailsOnly(
      { applicant: family, vacancy: threeRooms, policy: norm3(false) },
      'rooms_norm',
      {
        norm: 'norm3',
        persons: 4,
        bedroomsNeeded: 3,
        bedrooms: 2,
        rooms: 3,
      },
    )
    expectSentencesMention(outcome, ['norm 3', '4 ', '3 ', '2 '])
    expectPasses({ applicant: family, vacancy: { rooms: 4, areaM2: 80 }, policy: norm3(false) })
  })

  it('norm 3 with the variant: a child of 12 does not share, so a 3-room flat fails', () => {
    const older = { household: { adults: 2, children: [childAged(5), childAged(12)] } }
    expectFailsOnly({ applicant: older, vacancy: threeRooms, policy: norm3(true) }, 'rooms_norm', {
      norm: 'norm3',
      persons: 4,
      bedroomsNeeded: 3,
      bedrooms: 2,
      rooms: 3,
    })
    const stillEleven = {
      household: { adults: 2, children: [childAged(5), { birthYear: 2014, birthMonth: 12 }] },
    }
    expectPasses({ applicant: stillEleven, vacancy: threeRooms, policy: norm3(true) })
  })

  it('a one-room flat counts as one bedroom: a single adult passes, a couple passes under norm 2 and norm 3', () => {
    expectPasses({ vacancy: { rooms: 1, areaM2: 30 } })
    expectPasses({ applicant: { household: { adults: 2 } }, vacancy: { rooms: 1, areaM2: 30 } })
    expectPasses({
      applicant: { household: { adults: 2 } },
      vacancy: { rooms: 1, areaM2: 30 },
      policy: norm3(true),
    })
    expectFailsOnly(
      { applicant: { household: { adults: 3 } }, vacancy: { rooms: 1, areaM2: 30 } },
      'rooms_norm',
    )
  })
})

describe('obo_occupancy_cap', () => {
  // Persons are adults only here (no child rule), in a flat with rooms enough for ten under norm 2.
  const obo = (areaM2: number) => ({
    type: 'obo_priority' as const,
    landlord: 'obo' as const,
    rooms: 6,
    areaM2,
  })
  const adults = (n: number) => ({ household: { adults: n } })

  it.each([
    [50, 3],
    [70, 4],
    [90, 6],
    [110, 8],
  ])('at exactly %i m² ÖBO allows %i persons, and one more fails', (areaM2, max) => {
    expectPasses({ applicant: adults(max), vacancy: obo(areaM2) })
    const outcome = expectFailsOnly(
      { applicant: adults(max + 1), vacancy: obo(areaM2) },
      'obo_occupancy_cap',
      {
        persons: max + 1,
        areaM2,
        maxPersons: max,
      },
    )
    expectSentencesMention(outcome, [max, `${areaM2} m²`, max + 1])
  })

  it('just above a bracket the next bracket applies', () => {
    expectPasses({ applicant: adults(4), vacancy: obo(51) })
    expectFailsOnly({ applicant: adults(5), vacancy: obo(51) }, 'obo_occupancy_cap')
  })

  it.each([120, 121, 160])(
    'at %i m² (the largest bracket, and above it) ÖBO allows 10 persons, not 11',
    (areaM2) => {
      // Ten adults and one child: 11 persons, 7 rooms for norm 2, well above 10 m² per person.
      const eleven = { household: { adults: 10, children: [childAged(10)] } }
      expectPasses({ applicant: adults(10), vacancy: { ...obo(areaM2), rooms: 7 } })
      expectFailsOnly({ applicant: eleven, vacancy: { ...obo(areaM2), rooms: 7 } }, 'obo_occupancy_cap', {
        persons: 11,
        areaM2,
        maxPersons: 10,
      })
    },
  )

  it('does not apply to flats that are not ÖBO priority flats', () => {
    expectPasses({ applicant: adults(4), vacancy: { type: 'social_contract', rooms: 3, areaM2: 50 } })
  })
})

describe('no_extreme_overcrowding_for_children', () => {
  it('applies only to households with children: three adults in 29 m² pass', () => {
    expectPasses({ applicant: { household: { adults: 3 } }, vacancy: { rooms: 3, areaM2: 29 } })
  })

  it('follows the policy’s minimum area per person', () => {
    const family = { household: { adults: 1, children: [childAged(4), childAged(9)] } }
    const twelve = withRules({ minAreaPerPersonWithChildren: 12 })
    expectPasses({ applicant: family, vacancy: { rooms: 3, areaM2: 36 }, policy: twelve })
    expectFailsOnly(
      { applicant: family, vacancy: { rooms: 3, areaM2: 35 }, policy: twelve },
      'no_extreme_overcrowding_for_children',
      {
        persons: 3,
        areaM2: 35,
        minAreaPerPerson: 12,
      },
    )
  })
})

describe('rent_affordable', () => {
  const tooDear = { rent: 12_000 }

  it('does not apply when the municipality carries the household’s rent', () => {
    expectPasses({ applicant: { economy: { rentCarriedByMunicipality: true } }, vacancy: tooDear })
  })

  it('does not apply in a program where the municipality carries the rent (supported housing by default)', () => {
    const supported = { applicant: { preferences: { vacancyTypes: ['supported_housing' as const] } } }
    expect(defaultPolicy.rules.rentCarriedByProgram).toEqual(['supported_housing'])
    expectPasses({ ...supported, vacancy: { ...tooDear, type: 'supported_housing' } })
    expectFailsOnly(
      {
        ...supported,
        vacancy: { ...tooDear, type: 'supported_housing' },
        policy: withRules({ rentCarriedByProgram: [] }),
      },
      'rent_affordable',
      { rent: 12_000, maxRent: 9000 },
    )
  })

  it('applies in programs where the household carries the rent', () => {
    expectFailsOnly({ vacancy: tooDear }, 'rent_affordable')
  })
})

describe('accessibility', () => {
  it('an elevator is not needed on the ground floor or below', () => {
    const needs = { needs: { elevator: true } }
    expectPasses({ applicant: needs, vacancy: { floor: 0, elevator: false } })
    expectPasses({ applicant: needs, vacancy: { floor: -1, elevator: false } })
    expectFailsOnly({ applicant: needs, vacancy: { floor: 1, elevator: false } }, 'elevator', { floor: 1 })
  })

  it('without the need, no elevator is fine on any floor', () => {
    expectPasses({ vacancy: { floor: 8, elevator: false } })
  })

  it('a ground-floor need is met only on floor 0, not above and not below', () => {
    const needs = { needs: { groundFloor: true } }
    expectPasses({ applicant: needs, vacancy: { floor: 0 } })
    expectFailsOnly({ applicant: needs, vacancy: { floor: 1 } }, 'ground_floor', { floor: 1 })
    expectFailsOnly({ applicant: needs, vacancy: { floor: -1 } }, 'ground_floor', { floor: -1 })
  })

  it('without a wheelchair need, a flat without wheelchair access is fine', () => {
    expectPasses({ vacancy: { wheelchairAccessible: false } })
  })
})

describe('program fit', () => {
  it('the Housing First assessment is asked only for Housing First flats', () => {
    expectPasses({ applicant: { needs: { housingFirstAssessed: false } } })
  })

  it('a training need is asked only for training flats', () => {
    expectPasses({ applicant: { needs: { skillsTrainingNeed: false } } })
  })

  describe('program_age_range', () => {
    const youth = { restrictions: { minAge: 18, maxAge: 25 } }
    const born = (birthYear: number) => ({ monitoring: { birthYear } })

    it('passes when the applicant is within the range at some point of the round year, fails otherwise', () => {
      // Turns 18 in 2026: old enough by the end of the year.
      expectPasses({ applicant: born(2008), vacancy: youth })
      // Turns 26 in 2026: still 25 until the birthday.
      expectPasses({ applicant: born(2000), vacancy: youth })
      expectFailsOnly({ applicant: born(2009), vacancy: youth }, 'program_age_range', {
        ageThisYear: 17,
        year: 2026,
        range: '18–25',
      })
      expectFailsOnly({ applicant: born(1999), vacancy: youth }, 'program_age_range', {
        ageThisYear: 27,
        year: 2026,
        range: '18–25',
      })
    })

    it('fails when the birth year is unknown, and says the year of birth is not known', () => {
      const outcome = expectFailsOnly({ vacancy: youth }, 'program_age_range', {
        ageThisYear: 'unknown',
        year: 2026,
        range: '18–25',
      })
      expect(describeFailure(outcome, 'sv')).toContain('inte känt')
      expect(describeFailure(outcome, 'en')).toContain('not known')
      expectSentencesMention(outcome, ['18–25'])
    })

    it('does not read the birth year for a vacancy without an age range', () => {
      expectPasses({})
      expectPasses({ applicant: born(1940) })
    })

    it('applies a one-sided range', () => {
      expectPasses({ applicant: born(1960), vacancy: { restrictions: { minAge: 55 } } })
      const tooYoung = expectFailsOnly(
        { applicant: born(1990), vacancy: { restrictions: { minAge: 55 } } },
        'program_age_range',
      )
      expectSentencesMention(tooYoung, ['55+'])
      const tooOld = expectFailsOnly(
        { applicant: born(1990), vacancy: { restrictions: { maxAge: 25 } } },
        'program_age_range',
      )
      expectSentencesMention(tooOld, ['–25'])
    })
  })

  describe('support_on_site', () => {
    const high = { needs: { supportLevel: 'high' as const } }

    it('is not required for a medium support need', () => {
      expectPasses({ applicant: { needs: { supportLevel: 'medium' } } })
    })

    it('is not required in Housing First, where support follows the person', () => {
      expectPasses({
        applicant: {
          needs: { supportLevel: 'high', housingFirstAssessed: true },
          preferences: { vacancyTypes: ['housing_first'] },
        },
        vacancy: { type: 'housing_first', restrictions: { supportOnSite: false } },
      })
    })

    it('is not required when the policy switches it off', () => {
      expectPasses({ applicant: high, policy: withRules({ highSupportRequiresOnSite: false }) })
    })

    it('is required for a high support need in other programs', () => {
      const outcome = expectFailsOnly({ applicant: high }, 'support_on_site', { supportLevel: 'high' })
      expect(describeFailure(outcome, 'sv')).toContain('högt stödbehov')
      expect(describeFailure(outcome, 'en')).toContain('high support need')
    })
  })
})

describe('not_excluded_district', () => {
  it.each([['Vivalla'], ['vivalla'], ['VIVALLA'], ['  Vivalla '], ['Vivalla\t']])(
    'an excluded district written %j excludes a flat in Vivalla',
    (written) => {
      expectFailsOnly(
        {
          applicant: { safety: { excludedDistricts: ['Centrum', written] } },
          vacancy: { district: 'Vivalla' },
        },
        'not_excluded_district',
        {},
      )
    },
  )

  it('matches the flat’s district whatever its case and spaces', () => {
    expectFailsOnly(
      { applicant: { safety: { excludedDistricts: ['Vivalla'] } }, vacancy: { district: ' VIVALLA' } },
      'not_excluded_district',
    )
  })

  it('never names the district in its sentences (it may reveal where a person at risk lives)', () => {
    const outcome = expectFailsOnly(
      {
        applicant: { safety: { excludedDistricts: ['Brickebacken'] } },
        vacancy: { district: 'Brickebacken' },
      },
      'not_excluded_district',
    )
    for (const lang of ['sv', 'en'] as const)
      expect(describeFailure(outcome, lang)).not.toMatch(/brickebacken/i)
  })
})

describe('residency', () => {
  it('a resident household passes for ÖBO priority flats', () => {
    expectPasses({ vacancy: { type: 'obo_priority', landlord: 'obo' } })
  })

  it('with the switch off (no program requires residency), a non-resident household passes for ÖBO', () => {
    expectPasses({
      applicant: { resident: false },
      vacancy: { type: 'obo_priority', landlord: 'obo' },
      policy: withRules({ residencyRequiredFor: [] }),
    })
  })

  it('the switch applies to exactly the programs the policy lists', () => {
    const policy = withRules({ residencyRequiredFor: ['social_contract'] })
    expectFailsOnly({ applicant: { resident: false }, policy }, 'residency', { type: 'social_contract' })
    expectPasses({
      applicant: { resident: false },
      vacancy: { type: 'obo_priority', landlord: 'obo' },
      policy,
    })
  })
})

it('reports every failed rule of a pair, in report order', () => {
  const out = failed({
    applicant: { status: 'paused', resident: false, needs: { groundFloor: true } },
    vacancy: { type: 'obo_priority', landlord: 'obo', floor: 2, rent: 9500 },
  })
  expect(out.map((o) => o.rule)).toEqual(['applicant_active', 'rent_affordable', 'ground_floor', 'residency'])
})

describe('failedRuleBits', () => {
  it('names, over its three sides, exactly the rules failedRules names, for every pair of generated rounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const round = generateRound({ seed, applicants: 12, vacancies: 12, asOf, policy: defaultPolicy })
        const ctx = { asOf, policy: defaultPolicy }
        for (const a of round.applicants) {
          const h = householdFacts(a, asOf, defaultPolicy)
          for (const x of round.vacancies) {
            const v = vacancyFacts(x, defaultPolicy)
            const bits =
              failedRuleBits(h, v, ctx, 'household') |
              failedRuleBits(h, v, ctx, 'vacancy') |
              failedRuleBits(h, v, ctx, 'pair')
            const named = ruleCodes.filter((_, i) => (bits & (2 ** i)) !== 0)
            expect(named).toEqual(
              [...failedRules(h, v, ctx)]
                .map((o) => o.rule)
                .sort((p, q) => ruleCodes.indexOf(p) - ruleCodes.indexOf(q)),
            )
          }
        }
      }),
      { seed: 20261217, numRuns: 60 },
    )
  })
})

describe('sweepHousehold', () => {
  // Generated rounds, then each household and vacancy bent at random where a swept rule reads: needs,
  // birth years, declines and avoided districts (of the round's own vacancies), age ranges, floors,
  // duplicate ids; and the policy switches the sweeps read.
  const bent = fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    households: fc.array(
      fc.record({
        wheelchair: fc.boolean(),
        elevator: fc.boolean(),
        groundFloor: fc.boolean(),
        high: fc.boolean(),
        carried: fc.boolean(),
        birthYear: fc.option(fc.integer({ min: 1950, max: 2010 })),
        declined: fc.array(fc.nat(9), { maxLength: 3 }),
        avoided: fc.array(fc.nat(9), { maxLength: 2 }),
        maxRent: fc.integer({ min: 3000, max: 12000 }),
        adults: fc.integer({ min: 1, max: 3 }),
      }),
      { minLength: 10, maxLength: 10 },
    ),
    vacancies: fc.array(
      fc.record({
        minAge: fc.option(fc.integer({ min: 16, max: 40 })),
        span: fc.option(fc.integer({ min: 0, max: 40 })),
        floor: fc.integer({ min: -1, max: 3 }),
        elevator: fc.boolean(),
        wheelchair: fc.boolean(),
        onSite: fc.boolean(),
        sameIdAs: fc.option(fc.nat(9), { freq: 8 }),
        area: fc.integer({ min: 15, max: 120 }),
      }),
      { minLength: 10, maxLength: 10 },
    ),
    onSite: fc.boolean(),
    carriedTypes: fc.subarray([...vacancyTypes]),
    minArea: fc.constantFrom(5, 10, 20),
  })

  it('gives exactly the bits failedRuleBits gives over the three sides, for every pair', () => {
    fc.assert(
      fc.property(bent, (b) => {
        const round = generateRound({
          seed: b.seed,
          applicants: 10,
          vacancies: 10,
          asOf,
          policy: defaultPolicy,
        })
        const policy: Policy = {
          ...defaultPolicy,
          rules: {
            ...defaultPolicy.rules,
            highSupportRequiresOnSite: b.onSite,
            rentCarriedByProgram: b.carriedTypes,
            minAreaPerPersonWithChildren: b.minArea,
          },
        }
        const ctx = { asOf, policy }
        const units: Vacancy[] = round.vacancies.map((v, j) => {
          const x = b.vacancies[j] as (typeof b.vacancies)[number]
          const minAge = x.minAge ?? undefined
          const maxAge = x.span === null ? undefined : (minAge ?? 16) + x.span
          return {
            ...v,
            id: x.sameIdAs === null ? v.id : (round.vacancies[x.sameIdAs]?.id ?? v.id),
            floor: x.floor,
            elevator: x.elevator,
            wheelchairAccessible: x.wheelchair,
            areaM2: x.area,
            restrictions: {
              supportOnSite: x.onSite,
              ...(minAge === undefined ? {} : { minAge }),
              ...(maxAge === undefined ? {} : { maxAge }),
            },
          }
        })
        const vs = units.map((v) => vacancyFacts(v, policy))
        const cols = vacancyColumns(vs)
        const hs = round.applicants.map((a, i) => {
          const x = b.households[i] as (typeof b.households)[number]
          const applicant: Applicant = {
            ...a,
            household: { ...a.household, adults: x.adults },
            needs: {
              ...a.needs,
              wheelchair: x.wheelchair,
              elevator: x.elevator,
              groundFloor: x.groundFloor,
              supportLevel: x.high ? 'high' : a.needs.supportLevel,
            },
            economy: { maxRent: x.maxRent, rentCarriedByMunicipality: x.carried },
            monitoring: { ...a.monitoring, birthYear: x.birthYear ?? undefined },
            declinedVacancyIds: x.declined.map((j) => units[j]?.id ?? 'none'),
            safety: {
              ...a.safety,
              excludedDistricts: x.avoided.map((j) => units[j]?.district ?? 'Ingenstans'),
            },
          }
          return householdFacts(applicant, asOf, policy)
        })
        const vacancyBits = vacancySideBits(hs[0], vs, ctx)
        const out = new Int32Array(vs.length)
        for (const h of hs) {
          const householdBits = sweepHousehold(h, cols, vacancyBits, ctx, out)
          vs.forEach((v, j) => {
            const expected =
              failedRuleBits(h, v, ctx, 'household') |
              failedRuleBits(h, v, ctx, 'vacancy') |
              failedRuleBits(h, v, ctx, 'pair')
            expect(householdBits | (out[j] as number)).toBe(expected)
          })
        }
      }),
      { seed: 20261202, numRuns: 150 },
    )
  })
})

describe('the legal basis (hand-checked cases)', () => {
  const sc = { type: 'social_contract' as const }

  it('a structural case with no decision: closed to the municipal programmes on two counts, open to ÖBO priority', () => {
    const out = failed({ applicant: { legalBasis: structural }, vacancy: sc })
    expect(out.map((o) => o.rule)).toEqual(['structural_case_scope', 'support_decision'])
    expectPasses({
      applicant: { legalBasis: structural },
      vacancy: { type: 'obo_priority', landlord: 'obo' },
    })
  })

  it('a decision in force through its last day, not the day after', () => {
    const lapsing = decisions([{ grants: 'social_contract', validUntil: asOf }])
    expectPasses({ applicant: { legalBasis: lapsing }, vacancy: sc })
    const outcome = expectFailsOnly(
      { applicant: { legalBasis: lapsing }, vacancy: sc, asOf: '2026-11-28' },
      'support_decision',
      { type: 'social_contract', state: 'expired', date: asOf },
    )
    expect(describeFailure(outcome, 'sv')).toBe(
      'Hushållet har inget giltigt biståndsbeslut om socialt kontrakt: beslutet gällde till och med 27 november 2026.',
    )
    expect(describeFailure(outcome, 'en')).toBe(
      'The household has no valid support decision for a social contract: its decision was valid until 27 November 2026.',
    )
  })

  it('a decision made after the round date does not count for the round', () => {
    const later = decisions([{ grants: 'social_contract', decidedOn: '2026-11-30' }])
    const outcome = expectFailsOnly({ applicant: { legalBasis: later }, vacancy: sc }, 'support_decision', {
      type: 'social_contract',
      state: 'later',
      date: '2026-11-30',
    })
    expect(describeFailure(outcome, 'sv')).toContain('fattades först 30 november 2026')
  })

  it('a decision grants its own kind only: a training-flat decision opens no social contract, a recommendation to ÖBO none of them', () => {
    const onlyTraining = decisions([{ grants: 'training_flat' }, { grants: 'obo_priority_recommendation' }])
    expectFailsOnly({ applicant: { legalBasis: onlyTraining }, vacancy: sc }, 'support_decision')
    expectPasses({
      applicant: {
        legalBasis: onlyTraining,
        needs: { skillsTrainingNeed: true },
        preferences: { vacancyTypes: ['training_flat'] },
      },
      vacancy: { type: 'training_flat' },
    })
  })

  it('without a recorded legal basis: no decision, and responsibility follows folkbokföring', () => {
    const none = { ...makeApplicant(), legalBasis: undefined }
    const h = householdFacts(none, asOf, defaultPolicy)
    const v = vacancyFacts(makeVacancy(), defaultPolicy)
    expect(failedRules(h, v, { asOf, policy: defaultPolicy }).map((o) => o.rule)).toEqual([
      'support_decision',
    ])
    const notResident = householdFacts({ ...none, resident: false }, asOf, defaultPolicy)
    const out = failedRules(notResident, v, { asOf, policy: defaultPolicy })
    expect(out.map((o) => o.rule)).toEqual(['support_decision', 'responsible_municipality'])
    expect(describeFailure(out[1] as RuleOutcome, 'sv')).toContain('ansvarig kommun är inte utredd')
  })

  it.each(['settled_here', 'staying_here', 'moving_in'] as const)(
    'responsibility %s: the municipality is responsible',
    (responsibility) => {
      expectPasses({ applicant: { resident: false, legalBasis: { ...grantedEverything, responsibility } } })
    },
  )

  it('a household in a training flat with no reason is not moved to a trial flat; ÖBO and Housing First stay open to it', () => {
    const inTraining = {
      situation: { code: 'long_term_solution' as const, kind: 'training_flat' as const, since: '2025-06-01' },
      preferences: { vacancyTypes: ['trial_flat' as const, 'obo_priority' as const] },
    }
    expectFailsOnly({ applicant: inTraining, vacancy: { type: 'trial_flat' } }, 'no_move_between_sublets')
    expectPasses({ applicant: inTraining, vacancy: { type: 'obo_priority', landlord: 'obo' } })
    expectPasses({
      applicant: {
        ...inTraining,
        needs: { housingFirstAssessed: true },
        preferences: { vacancyTypes: ['housing_first'] },
      },
      vacancy: { type: 'housing_first' },
    })
  })

  it('a stored policy written before these rules parses with all four off: the old behaviour', () => {
    const {
      supportDecisionRequiredFor,
      structuralCasesOpenTo,
      responsibilityRequiredFor,
      subletMoveNeedsReason,
      ...old
    } = defaultPolicy.rules
    const stored = policySchema.parse({ ...defaultPolicy, rules: old })
    expect(stored.rules.supportDecisionRequiredFor).toEqual([])
    expect(stored.rules.structuralCasesOpenTo).toEqual([...vacancyTypes])
    expect(stored.rules.responsibilityRequiredFor).toEqual([])
    expect(stored.rules.subletMoveNeedsReason).toEqual([])
    expectPasses({
      applicant: {
        legalBasis: structural,
        situation: { code: 'long_term_solution', kind: 'social_contract', since: '2025-01-01' },
      },
      vacancy: sc,
      policy: stored,
    })
  })
})
