import type { Applicant, Child, LegalBasisRecord, Situation, SupportDecision } from '../domain/applicant.ts'
import { addDays, daysBetween } from '../domain/dates.ts'
import type {
  Gender,
  HomelessnessGround,
  ResponsibilityGround,
  SituationCode,
  SituationKind,
  SubletMoveReason,
  SupportLevel,
  VacancyType,
} from '../domain/vocabulary.ts'
import { assertCount, assertOptions, type EntityOptions, yearMonth } from './options.ts'
import { anyDistrict, areaTeams, preferredDistricts, youthTeam } from './orebro.ts'
import { Random, streams, type Weighted } from './random.ts'

/**
 * Örebro-like applicant households. Every figure below is either cited (see
 * `docs/synthetic-data.md` for the full table) or marked as an assumption with
 * its reason. "Socialstyrelsen 2017" means *Hemlöshet 2017 – omfattning och
 * karaktär* (art.nr 2017-11-15); "the strategy" Örebro kommun's strategy
 * against homelessness 2022–2030.
 *
 * The draws for one household happen in a fixed order on its own generator,
 * so a household depends only on (seed, index, asOf).
 */

/**
 * Situation mix. Acute: 5,935 of 33,250 = 17.8 % (Socialstyrelsen 2017). The split of the rest is an assumption: long-term solutions
 * (social contracts etc.) are the largest group, as in Stockholm's 2023 count
 * (1,300 of 2,685 in situation 3); a placement queue also holds many structural
 * cases staying with friends or family, and fewer institution leavers.
 */
export const situationMix: Weighted<SituationCode> = [
  ['acute', 0.18],
  ['institution', 0.14],
  ['long_term_solution', 0.4],
  ['short_term_self_arranged', 0.28],
]

/**
 * Sub-kinds within each situation. Outdoors ≈ 11 % of acute: about 650 of the
 * 5,900 in acute homelessness slept rough (Socialstyrelsen 2017, as reported by
 * Hem & Hyra). Everything else is an assumption stated beside it.
 */
const kindMix: { [C in SituationCode]: Weighted<SituationKind> } = {
  // Assumption: shelters and emergency (jour) housing carry most acute cases; protected housing (skyddat boende) is for those fleeing violence.
  acute: [
    ['shelter', 0.4],
    ['emergency_housing', 0.35],
    ['protected_housing', 0.14],
    ['outdoors', 0.11],
  ],
  // Assumption: prisons, HVB and municipal supported housing dominate; family homes and SiS are young people leaving care.
  institution: [
    ['prison', 0.25],
    ['hvb', 0.3],
    ['family_home', 0.08],
    ['sis_institution', 0.07],
    ['supported_housing', 0.3],
  ],
  // Assumption: social contracts are Örebro's main long-term solution (96 in 2015 → about 270 in 2016, the strategy).
  long_term_solution: [
    ['social_contract', 0.55],
    ['training_flat', 0.2],
    ['trial_flat', 0.15],
    ['municipal_contract', 0.1],
  ],
  // Assumption: staying with friends or family is the commonest self-arranged solution; sublets and lodging less so.
  short_term_self_arranged: [
    ['with_friends', 0.35],
    ['with_family', 0.3],
    ['temporary_sublet', 0.25],
    ['lodger', 0.1],
  ],
}

/** Days the household has been in its current situation. Assumption, from the situation's nature. */
function daysInSituation(r: Random, code: SituationCode): number {
  switch (code) {
    case 'acute':
      return Math.min(1000, Math.round(r.exponential(90))) // short, repeated spells
    case 'institution':
      return Math.min(2500, 30 + Math.round(r.exponential(270))) // a sentence or a treatment period
    case 'long_term_solution':
      return r.int(90, 1825) // 3 months to 5 years on a secondary contract
    case 'short_term_self_arranged':
      return Math.min(1000, Math.round(r.exponential(150))) // couch surfing wears out within months
  }
}

/**
 * Share of households with children living with them, by situation. Target:
 * about a third overall (a third of homeless adults had children under 18,
 * Socialstyrelsen 2017). The split is an assumption: protected
 * housing is mostly mothers with children; prisons and youth institutions
 * rarely house parents with their children.
 */
function childrenProbability(code: SituationCode, kind: SituationKind): number {
  if (kind === 'protected_housing') return 0.65
  if (kind === 'family_home' || kind === 'sis_institution') return 0
  switch (code) {
    case 'acute':
      return 0.22
    case 'institution':
      return 0.08
    case 'long_term_solution':
      return 0.38
    case 'short_term_self_arranged':
      return 0.42
  }
}

/** Children in a household that has any. Assumption: most have one or two; large families are few. */
const childCountMix: Weighted<number> = [
  [1, 0.45],
  [2, 0.3],
  [3, 0.15],
  [4, 0.07],
  [5, 0.03],
]

/**
 * Violence in a close relationship (våld i nära relation). No count was at hand
 * (assumption, about 13 % of households): everyone in protected housing is
 * there for it by definition; elsewhere a base rate by situation, nearly doubled
 * for households with children (Socialstyrelsen 2023: fleeing violence and
 * threats is the commonest reason parents stay in acute or protected housing
 * with their children).
 */
function violenceProbability(code: SituationCode, kind: SituationKind, withChildren: boolean): number {
  if (kind === 'protected_housing') return 1
  const base = { acute: 0.1, institution: 0.03, long_term_solution: 0.08, short_term_self_arranged: 0.1 }[
    code
  ]
  return withChildren ? base * 1.8 : base
}

/**
 * Gender of the main applicant. Target: 62 % men (Socialstyrelsen 2017). Women are most of those fleeing violence and most single parents
 * living with their children (Socialstyrelsen 2017: women more often live with
 * their children than men); the rest is tuned so the total is 62 %.
 * 'other' and 'unknown' 1 % each: assumption.
 */
function drawGender(r: Random, violence: boolean, singleParent: boolean): Gender {
  const man = violence ? 0.1 : singleParent ? 0.25 : 0.82
  return r.weighted<Gender>([
    ['man', man],
    ['woman', 0.98 - man],
    ['other', 0.01],
    ['unknown', 0.01],
  ])
}

/**
 * Age of the main applicant, 18–75, skewed young (median about 37): the strategy
 * notes more young people among the homeless (section 1); family homes and SiS
 * youth homes are left at 18–21; parents living with children are 20–54.
 * The shape is an assumption.
 */
function drawAge(r: Random, kind: SituationKind, withChildren: boolean): number {
  if (kind === 'family_home') return r.int(18, 20)
  if (kind === 'sis_institution' && r.chance(0.6)) return r.int(18, 21)
  if (withChildren) return 20 + Math.floor(35 * r.float() ** 1.2)
  return 18 + Math.floor(58 * r.float() ** 1.6)
}

/** Children's ages uniform 0–17, never closer than 17 years to the parent's; birth month uniform. */
function drawChildren(r: Random, count: number, parentAge: number, asOf: string): Child[] {
  const [year, month] = yearMonth(asOf)
  const oldest = Math.max(0, Math.min(17, parentAge - 17))
  const ages = Array.from({ length: count }, () => r.int(0, oldest)).sort((a, b) => b - a)
  return ages.map((age) => {
    const birthMonth = r.int(1, 12)
    // Born later in the year than asOf's month: the birthday has not come yet, so one year earlier.
    return { birthYear: year - age - (birthMonth > month ? 1 : 0), birthMonth }
  })
}

/** Support level by situation. Assumption: acute and institution cases need more support; self-arranged cases are mostly structural (the strategy's individual and structural homelessness). */
const supportMix: { [C in SituationCode]: Weighted<SupportLevel> } = {
  acute: [
    ['none', 0.15],
    ['low', 0.25],
    ['medium', 0.3],
    ['high', 0.3],
  ],
  institution: [
    ['none', 0.05],
    ['low', 0.2],
    ['medium', 0.35],
    ['high', 0.4],
  ],
  long_term_solution: [
    ['none', 0.2],
    ['low', 0.4],
    ['medium', 0.3],
    ['high', 0.1],
  ],
  short_term_self_arranged: [
    ['none', 0.55],
    ['low', 0.3],
    ['medium', 0.12],
    ['high', 0.03],
  ],
}

/** Assumption: a Housing First assessment is made for long-term homelessness (≥ 6 months) with complex needs. */
function housingFirstProbability(code: SituationCode, support: SupportLevel, daysHomeless: number): number {
  if (code === 'short_term_self_arranged' || daysHomeless < 180) return 0
  return support === 'high' ? 0.35 : support === 'medium' ? 0.12 : 0
}

/** Assumption: the need to train the skills to keep a home rises with support need and is commoner among young adults. */
function trainingProbability(support: SupportLevel, age: number): number {
  const base = { none: 0.02, low: 0.12, medium: 0.3, high: 0.35 }[support]
  return age <= 25 ? base + 0.15 : base
}

/**
 * Exclusion zones: 1–3 districts for those fleeing violence, 2–4 with
 * protected identity, and one district for a few others (threats, e.g. after
 * prison). Protected identity: 10 % of violence cases. All assumptions.
 */
function drawExclusions(
  r: Random,
  violence: boolean,
  kind: SituationKind,
): {
  excluded: string[]
  protectedIdentity: boolean
} {
  if (violence) {
    const protectedIdentity = r.chance(0.1)
    const k = protectedIdentity
      ? r.int(2, 4)
      : r.weighted([
          [1, 0.5],
          [2, 0.3],
          [3, 0.2],
        ] as const)
    return { excluded: r.sampleWeighted(anyDistrict, k), protectedIdentity }
  }
  const threatened = r.chance(kind === 'prison' ? 0.15 : 0.02)
  return { excluded: threatened ? r.sampleWeighted(anyDistrict, 1) : [], protectedIdentity: false }
}

/**
 * Eviction (avhysning) decided for some households on insecure contracts
 * (strategy area 3, eviction prevention): sublets and lodgers 25 %, staying
 * with friends or family 3 %, secondary contracts (breach of conditions) 8 %.
 * Dates from two weeks past to four months ahead. All assumptions.
 */
function evictionProbability(code: SituationCode, kind: SituationKind): number {
  if (kind === 'temporary_sublet' || kind === 'lodger') return 0.25
  if (code === 'short_term_self_arranged') return 0.03
  if (code === 'long_term_solution') return 0.08
  return 0
}

/**
 * The highest rent the household can carry, SEK per month, rounded to 100.
 * Assumption for low-income households (income support, low wages, housing
 * allowance): a single adult about 6,800 (sd 1,300), a second adult +2,000,
 * each child +900 (housing allowance); kept within 3,000–14,000.
 */
function drawMaxRent(r: Random, adults: number, children: number): number {
  const mean = 6800 + (adults - 1) * 2000 + children * 900
  const value = Math.min(14_000, Math.max(3000, r.normal(mean, 1300)))
  return Math.round(value / 100) * 100
}

/** Assumption: the municipality carries the rent (e.g. income support pays it) more often when the support need is higher. */
const rentCarriedProbability: Record<SupportLevel, number> = {
  none: 0.08,
  low: 0.12,
  medium: 0.2,
  high: 0.35,
}

/**
 * Accepted vacancy types, most wanted first, 1–4 of them. Assumption,
 * consistent with needs: social contracts and ÖBO priority for most (ÖBO
 * requires residency), Housing First only when assessed, training flats only
 * with a training need, supported housing mainly for medium or high support.
 */
function drawVacancyTypes(
  r: Random,
  a: { resident: boolean; housingFirst: boolean; training: boolean; support: SupportLevel },
): VacancyType[] {
  const candidates: [VacancyType, number][] = []
  const consider = (type: VacancyType, p: number, appeal: number) => {
    if (r.chance(p)) candidates.push([type, appeal + r.between(0, 1.5)])
  }
  consider('obo_priority', a.resident ? 0.85 : 0.15, 3) // an own first-hand contract is what most want
  consider('social_contract', 0.85, 2)
  if (a.housingFirst) consider('housing_first', 0.9, 3.5)
  if (a.training) consider('training_flat', 0.8, 2.5)
  if (a.support === 'high' || a.support === 'medium')
    consider('supported_housing', a.support === 'high' ? 0.85 : 0.4, a.support === 'high' ? 3 : 1)
  consider('trial_flat', 0.4, 1.5)
  candidates.sort((x, y) => y[1] - x[1])
  const types = candidates.slice(0, 4).map(([type]) => type)
  // Nobody is registered without accepting something: a social contract is the municipality's default offer.
  return types.length > 0 ? types : ['social_contract']
}

/**
 * Individual or structural homelessness. Assumption: the more support a household needs, the likelier
 * its homelessness has individual causes (addiction, mental illness, violence: a matter for social
 * services); a household with no support need mostly lacks a home because the market has none for it
 * (the strategy: structural homelessness grows fastest). Violence in a close relationship and leaving an
 * institution are individual by their nature.
 */
function drawHomelessness(
  r: Random,
  a: { support: SupportLevel; violence: boolean; code: SituationCode },
): HomelessnessGround {
  if (a.violence || a.code === 'institution') return 'individual'
  const structural = { none: 0.7, low: 0.35, medium: 0.08, high: 0.03 }[a.support]
  return r.chance(structural) ? 'structural' : 'individual'
}

/**
 * The responsible municipality (SoL chapter 2 a). A registered (folkbokförd) household is settled here.
 * Assumption for the 5 % who are not: half stay here without being settled elsewhere, three in ten
 * have applied to move here for support, two in ten are another municipality's responsibility.
 */
function drawResponsibility(r: Random, resident: boolean): ResponsibilityGround {
  if (resident) return 'settled_here'
  return r.weighted([
    ['staying_here', 0.5],
    ['moving_in', 0.3],
    ['settled_elsewhere', 0.2],
  ])
}

/** The municipality's own programmes a support decision can grant. */
const municipalProgrammes = [
  'social_contract',
  'housing_first',
  'training_flat',
  'trial_flat',
  'supported_housing',
] as const

/**
 * Support decisions (biståndsbeslut). Assumptions: an individual case holds a granted decision for 85 %
 * of the municipal programmes it accepts (the rest are still being investigated), decided between
 * registration and the round; 60 % of decisions are time-limited to a year, so some have lapsed and
 * wait to be renewed. Half of the individual cases seeking an ÖBO flat, and three in ten structural
 * ones, also hold social services' recommendation to ÖBO. A structural case has no right to a home,
 * so it holds no programme decision.
 */
function drawSupportDecisions(
  r: Random,
  a: {
    index: number
    homelessness: HomelessnessGround
    types: readonly VacancyType[]
    registeredOn: string
    asOf: string
  },
): SupportDecision[] {
  const out: SupportDecision[] = []
  const span = Math.max(0, daysBetween(a.registeredOn, a.asOf))
  const decide = (grants: SupportDecision['grants']) => {
    const decidedOn = addDays(a.registeredOn, r.int(0, span))
    const limited = r.chance(0.6)
    out.push({
      reference: `SOC-${String(a.index + 1).padStart(5, '0')}-${out.length + 1}`,
      grants,
      decidedOn,
      ...(limited ? { validUntil: addDays(decidedOn, 365) } : {}),
    })
  }
  if (a.homelessness === 'individual') {
    for (const type of municipalProgrammes) if (a.types.includes(type) && r.chance(0.85)) decide(type)
  }
  if (a.types.includes('obo_priority') && r.chance(a.homelessness === 'individual' ? 0.5 : 0.3))
    decide('obo_priority_recommendation')
  return out
}

/**
 * Why a household in one of the municipality's sublets may move to another: assumption, one in ten has
 * a recorded reason, a family's grown size most often.
 */
function drawMoveReason(r: Random, kind: SituationKind, withChildren: boolean): SubletMoveReason | undefined {
  if (!['social_contract', 'training_flat', 'trial_flat', 'municipal_contract'].includes(kind))
    return undefined
  if (!r.chance(0.1)) return undefined
  return withChildren
    ? 'household_changed_size'
    : r.pick(['safety', 'accessibility', 'landlord_refuses_take_over', 'support_need_changed'] as const)
}

/** Ranked districts, 0–4 of them, never an excluded one. Assumption: 30 % state no preference. */
const districtCountMix: Weighted<number> = [
  [0, 0.3],
  [1, 0.2],
  [2, 0.2],
  [3, 0.15],
  [4, 0.15],
]

/** The household with index `index` (0-based) of the stream for `seed`. */
export function generateApplicant(seed: number, index: number, asOf: string): Applicant {
  const r = Random.for(seed, streams.applicants, index)
  const [asOfYear] = yearMonth(asOf)

  // Drawn first so that it never changes when a later draw is retuned.
  const lotteryNumber = r.lottery()
  // Registration within the past two years, more recent ones commoner (the longest waiters have mostly been housed): assumption.
  const registeredOn = addDays(asOf, -Math.floor(730 * r.float() ** 1.5))

  const code = r.weighted(situationMix)
  const kind = r.weighted(kindMix[code])
  const sinceDays = daysInSituation(r, code)
  const since = addDays(asOf, -sinceDays)

  const withChildren = r.chance(childrenProbability(code, kind))
  const violence = r.chance(violenceProbability(code, kind, withChildren))
  // Assumption: two adults in 30 % of families and 8 % of others, 2 % in institutions; never when fleeing a partner.
  const twoAdults = !violence && r.chance(code === 'institution' ? 0.02 : withChildren ? 0.3 : 0.08)
  const adults = twoAdults ? 2 : 1
  const gender = drawGender(r, violence, withChildren && adults === 1)
  const age = drawAge(r, kind, withChildren)
  const children = withChildren ? drawChildren(r, r.weighted(childCountMix), age, asOf) : []

  const supportLevel = r.weighted(supportMix[code])
  const daysHomeless = Math.max(sinceDays, daysBetween(registeredOn, asOf))
  const housingFirstAssessed = r.chance(housingFirstProbability(code, supportLevel, daysHomeless))
  const skillsTrainingNeed = r.chance(trainingProbability(supportLevel, age))
  // Accessibility and pets, assumptions: wheelchair 1.5 % (5 % from age 65), elevator 4 % (14 % from 60), ground floor 2 %, pets 12 %.
  const wheelchair = r.chance(age >= 65 ? 0.05 : 0.015)
  const elevator = r.chance(age >= 60 ? 0.14 : 0.04)
  const groundFloor = r.chance(0.02)
  const pets = r.chance(0.12)

  const { excluded, protectedIdentity } = drawExclusions(r, violence, kind)

  const urgency: Applicant['urgency'] = {}
  if (r.chance(evictionProbability(code, kind))) urgency.evictionDate = addDays(asOf, r.int(-14, 120))
  // Institution: due to move within 3 months (the definition); 15 % already past the date, staying for lack of housing.
  if (code === 'institution')
    urgency.releaseDate = addDays(asOf, r.chance(0.85) ? r.int(1, 90) : -r.int(1, 60))

  const maxRent = drawMaxRent(r, adults, children.length)
  const rentCarriedByMunicipality = r.chance(rentCarriedProbability[supportLevel])
  // Assumption: 5 % are not (yet) registered in Örebro, e.g. people from other municipalities (strategy section 5).
  const resident = r.chance(0.95)

  const vacancyTypes = drawVacancyTypes(r, {
    resident,
    housingFirst: housingFirstAssessed,
    training: skillsTrainingNeed,
    support: supportLevel,
  })
  const districts = r.sampleWeighted(preferredDistricts, r.weighted(districtCountMix), new Set(excluded))

  // Assumption: the youth team takes 80 % of cases under 25; the rest are spread evenly over the area teams.
  const caseload = age < 25 && r.chance(0.8) ? youthTeam : r.weighted(areaTeams)
  // Assumption: 95 % active, 5 % paused (e.g. in treatment or abroad).
  const status = r.chance(0.95) ? 'active' : 'paused'

  // Born abroad, assumption: 40 % overall (the strategy notes a growing share with foreign background, section 1),
  // higher among families; not recorded for 4 %.
  const bornAbroadKnown = r.chance(0.96)
  const bornAbroad = r.chance(withChildren ? 0.55 : 0.33)

  // The legal basis is drawn last, so that the draws above are the same as before it existed.
  const homelessness = drawHomelessness(r, { support: supportLevel, violence, code })
  const legalBasis: LegalBasisRecord = {
    homelessness,
    responsibility: drawResponsibility(r, resident),
    supportDecisions: drawSupportDecisions(r, {
      index,
      homelessness,
      types: vacancyTypes,
      registeredOn,
      asOf,
    }),
  }
  const subletMoveReason = drawMoveReason(r, kind, withChildren)

  return {
    id: `A${String(index + 1).padStart(5, '0')}`,
    registeredOn,
    lotteryNumber,
    // `kind` was drawn from the kinds of `code`, which TypeScript cannot follow through the draw.
    situation: { code, kind, since } as Situation,
    household: { adults, children },
    needs: {
      supportLevel,
      housingFirstAssessed,
      skillsTrainingNeed,
      wheelchair,
      elevator,
      groundFloor,
      pets,
    },
    safety: { excludedDistricts: excluded, protectedIdentity, domesticViolence: violence },
    urgency,
    economy: { maxRent, rentCarriedByMunicipality },
    resident,
    legalBasis,
    ...(subletMoveReason === undefined ? {} : { subletMoveReason }),
    preferences: { districts, vacancyTypes },
    declinedVacancyIds: [],
    // Assumption: a household that seeks an ÖBO priority flat holds ÖBO's approved priority decision
    // (decided when it registered). No draw: the rest of the generator's stream is unchanged.
    ...(vacancyTypes.includes('obo_priority')
      ? { oboPriority: { decisionRef: `F-${String(index + 1).padStart(5, '0')}`, decidedOn: registeredOn } }
      : {}),
    caseload,
    status,
    monitoring: {
      gender,
      birthYear: asOfYear - age,
      ...(bornAbroadKnown ? { bornAbroad } : {}),
    },
  }
}

/**
 * `n` Örebro-like households, ids `A00001`, `A00002`, …; household i is the
 * same whatever `n` is.
 *
 * @example
 * const households = generateApplicants(300, { seed: 1, asOf: '2026-03-01' })
 */
export function generateApplicants(n: number, options: EntityOptions): Applicant[] {
  assertCount(n, 'n')
  assertOptions(options)
  const out: Applicant[] = new Array(n)
  for (let i = 0; i < n; i++) out[i] = generateApplicant(options.seed, i, options.asOf)
  return out
}
