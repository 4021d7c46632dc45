import { missingDecision, responsibilityOf } from '../legal-basis.ts'
import type { Policy } from '../policy.ts'
import { preventionAllows } from '../prevention.ts'
import { vacancyTypes } from '../vocabulary.ts'
import type { HouseholdFacts, VacancyColumns, VacancyFacts } from './household-facts.ts'
import {
  applicantStatusName,
  countOf,
  fmtArea,
  fmtDate,
  fmtRent,
  listOf,
  responsibilityPhrase,
  subletKindName,
  vacancyStatusName,
  vacancyTypeName,
  vacancyTypePhrase,
} from './words.ts'

/**
 * Eligibility: named hard rules. Each rule is a pure function of
 * (household, vacancy, round date, policy) that passes or fails with a stable
 * code, its parameters, and a sentence a person can read, in Swedish for
 * staff and in English.
 *
 * Protected attributes never enter a rule, with one documented exception:
 * `age_range` reads the main applicant's birth year, and only for vacancies
 * whose program has a documented age range.
 */

export const ruleCodes = [
  'applicant_active',
  'vacancy_open',
  'available_by_round_date',
  'not_declined_before',
  'vacancy_type_accepted',
  'rooms_norm',
  'obo_occupancy_cap',
  'no_extreme_overcrowding_for_children',
  'rent_affordable',
  'wheelchair_access',
  'elevator',
  'ground_floor',
  'housing_first_assessment',
  'skills_training_need',
  'program_age_range',
  'support_on_site',
  'not_excluded_district',
  'residency',
  'obo_priority_approved',
  'structural_case_scope',
  'support_decision',
  'responsible_municipality',
  'no_move_between_sublets',
  'prevention_case_open',
] as const
export type RuleCode = (typeof ruleCodes)[number]

export type RuleParams = Readonly<Record<string, string | number | boolean>>

export interface RuleContext {
  readonly asOf: string
  readonly policy: Policy
}

export interface RuleOutcome {
  readonly rule: RuleCode
  readonly passed: boolean
  readonly params: RuleParams
}

interface RuleDefinition {
  readonly code: RuleCode
  /**
   * What the rule reads: one side only ('household' or 'vacancy') or the pair.
   * One-sided rules are checked once per side in a round instead of once per pair.
   */
  readonly side: 'household' | 'vacancy' | 'pair'
  /** What the rule demands, for the published policy document and "rules passed" lists. */
  readonly title: { readonly sv: string; readonly en: string }
  /** True when the pair passes. Kept allocation-free: it runs for every pair of a round. */
  readonly passes: (h: HouseholdFacts, v: VacancyFacts, ctx: RuleContext) => boolean
  /**
   * For a pair rule, how a round checks it for one household against every vacancy at once
   * (`sweepHousehold`), proven equal to `passes` by a property test:
   * - `'type'`: the outcome depends on the vacancy only through its type (and what the policy says
   *   of that type), so it is asked once per type present in the round, with `passes`;
   * - a function that sets `bit` in `out[v]` for every vacancy v of the columns the pair fails.
   */
  readonly sweep?:
    | 'type'
    | ((h: HouseholdFacts, cols: VacancyColumns, ctx: RuleContext, out: Int32Array, bit: number) => void)
  /** The figures behind the outcome, computed only when an explanation is asked for. */
  readonly params: (h: HouseholdFacts, v: VacancyFacts, ctx: RuleContext) => RuleParams
  /** Why a pair failed, in plain words. */
  readonly failure: { readonly sv: (p: RuleParams) => string; readonly en: (p: RuleParams) => string }
}

/** The accepted types of housing, by name: "socialt kontrakt och förtur hos ÖBO". */
const acceptedList = (lang: 'sv' | 'en', p: RuleParams) =>
  listOf(
    lang,
    String(p.accepted)
      .split(', ')
      .filter(Boolean)
      .map((t) => vacancyTypeName(lang, t)),
  )

/** "18–25", "55+" or "–25": an age range as staff write it. */
function ageRange(minAge: number | undefined, maxAge: number | undefined): string {
  if (minAge !== undefined && maxAge !== undefined) return `${minAge}–${maxAge}`
  return minAge !== undefined ? `${minAge}+` : `–${maxAge}`
}

const needsSupportOnSite = (h: HouseholdFacts, v: VacancyFacts, ctx: RuleContext) =>
  ctx.policy.rules.highSupportRequiresOnSite &&
  h.applicant.needs.supportLevel === 'high' &&
  v.vacancy.type !== 'housing_first'

const rentCarried = (h: HouseholdFacts, v: VacancyFacts, ctx: RuleContext) =>
  h.applicant.economy.rentCarriedByMunicipality ||
  ctx.policy.rules.rentCarriedByProgram.includes(v.vacancy.type)

const none: readonly number[] = []

/** The rules in the order they are reported. */
export const rules: readonly RuleDefinition[] = [
  {
    code: 'applicant_active',
    side: 'household',
    title: { sv: 'Hushållets ärende är aktivt', en: "The household's case is active" },
    passes: (h) => h.applicant.status === 'active',
    params: (h) => ({ status: h.applicant.status }),
    failure: {
      sv: (p) => `Ärendet är ${applicantStatusName('sv', String(p.status))} och deltar inte i rundan.`,
      en: (p) =>
        `The case is ${applicantStatusName('en', String(p.status))} and does not take part in the round.`,
    },
  },
  {
    code: 'vacancy_open',
    side: 'vacancy',
    title: { sv: 'Bostaden är ledig att erbjuda', en: 'The vacancy is open to offer' },
    passes: (_h, v) => v.vacancy.status === 'open',
    params: (_h, v) => ({ status: v.vacancy.status }),
    failure: {
      sv: (p) => `Bostaden är ${vacancyStatusName('sv', String(p.status))}, inte ledig att erbjuda.`,
      en: (p) => `The vacancy is ${vacancyStatusName('en', String(p.status))}, not open to offer.`,
    },
  },
  {
    code: 'available_by_round_date',
    side: 'vacancy',
    title: {
      sv: 'Bostaden är tillgänglig senast rundans datum',
      en: "The vacancy is available by the round's date",
    },
    passes: (_h, v, ctx) => v.vacancy.availableFrom <= ctx.asOf,
    params: (_h, v, ctx) => ({ availableFrom: v.vacancy.availableFrom, roundDate: ctx.asOf }),
    failure: {
      sv: (p) =>
        `Bostaden blir ledig ${fmtDate('sv', String(p.availableFrom))}, efter rundans datum ${fmtDate('sv', String(p.roundDate))}.`,
      en: (p) =>
        `The vacancy becomes available on ${fmtDate('en', String(p.availableFrom))}, after the round's date ${fmtDate('en', String(p.roundDate))}.`,
    },
  },
  {
    code: 'not_declined_before',
    side: 'pair',
    title: {
      sv: 'Hushållet har inte tackat nej till bostaden',
      en: 'The household has not declined this vacancy',
    },
    passes: (h, v) => !h.declined.has(v.vacancy.id),
    sweep: (h, cols, _ctx, out, bit) => {
      for (const id of h.declined)
        for (const v of cols.indicesOfId.get(id) ?? none) out[v] = (out[v] as number) | bit
    },
    params: (_h, v) => ({ vacancyId: v.vacancy.id }),
    failure: {
      sv: (p) => `Hushållet har redan tackat nej till bostad ${p.vacancyId}.`,
      en: (p) => `The household has already declined vacancy ${p.vacancyId}.`,
    },
  },
  {
    code: 'vacancy_type_accepted',
    side: 'pair',
    title: { sv: 'Hushållet godtar boendeformen', en: 'The household accepts the type of housing' },
    passes: (h, v) => h.typeRank.has(v.vacancy.type),
    sweep: 'type',
    params: (h, v) => ({ type: v.vacancy.type, accepted: [...h.typeRank.keys()].join(', ') }),
    failure: {
      sv: (p) =>
        `Hushållet har inte sagt att det godtar boendeformen ${vacancyTypeName('sv', String(p.type))} (godtar ${acceptedList('sv', p)}).`,
      en: (p) =>
        `The household has not said it accepts the type ${vacancyTypeName('en', String(p.type))} (accepts ${acceptedList('en', p)}).`,
    },
  },
  {
    code: 'rooms_norm',
    side: 'pair',
    title: {
      sv: 'Antalet rum räcker enligt trångboddhetsnormen',
      en: 'Enough rooms under the overcrowding norm',
    },
    passes: (h, v) => h.bedroomsNeeded <= v.bedrooms,
    sweep: (h, cols, _ctx, out, bit) => {
      const need = h.bedroomsNeeded
      const { bedrooms } = cols
      for (let v = 0; v < cols.count; v++)
        if (!(need <= (bedrooms[v] as number))) out[v] = (out[v] as number) | bit
    },
    params: (h, v, ctx) => ({
      norm: ctx.policy.rules.overcrowdingNorm,
      persons: h.persons,
      bedroomsNeeded: h.bedroomsNeeded,
      bedrooms: v.bedrooms,
      rooms: v.vacancy.rooms,
    }),
    failure: {
      sv: (p) =>
        `${countOf('sv', Number(p.persons), 'person')} behöver ${countOf('sv', Number(p.bedroomsNeeded), 'bedroom')} enligt ${p.norm === 'norm2' ? 'norm 2' : 'norm 3'}; bostaden har ${countOf('sv', Number(p.rooms), 'room')} (${countOf('sv', Number(p.bedrooms), 'bedroom')}).`,
      en: (p) =>
        `${countOf('en', Number(p.persons), 'person')} need ${countOf('en', Number(p.bedroomsNeeded), 'bedroom')} under ${p.norm === 'norm2' ? 'norm 2' : 'norm 3'}; the vacancy has ${countOf('en', Number(p.rooms), 'room')} (${countOf('en', Number(p.bedrooms), 'bedroom')}).`,
    },
  },
  {
    code: 'obo_occupancy_cap',
    side: 'pair',
    title: { sv: 'ÖBO:s tak för antal boende per yta', en: "ÖBO's cap on persons per area" },
    passes: (h, v) => v.oboMaxPersons === undefined || h.persons <= v.oboMaxPersons,
    sweep: (h, cols, _ctx, out, bit) => {
      const { persons } = h
      const { oboMaxPersons } = cols
      for (let v = 0; v < cols.count; v++)
        if (!(persons <= (oboMaxPersons[v] as number))) out[v] = (out[v] as number) | bit
    },
    params: (h, v) => ({
      persons: h.persons,
      areaM2: v.vacancy.areaM2,
      maxPersons: v.oboMaxPersons ?? 'none',
    }),
    failure: {
      sv: (p) =>
        `ÖBO tillåter högst ${countOf('sv', Number(p.maxPersons), 'person')} på ${fmtArea('sv', Number(p.areaM2))}; hushållet är ${countOf('sv', Number(p.persons), 'person')}.`,
      en: (p) =>
        `ÖBO allows at most ${countOf('en', Number(p.maxPersons), 'person')} in ${fmtArea('en', Number(p.areaM2))}; the household is ${countOf('en', Number(p.persons), 'person')}.`,
    },
  },
  {
    code: 'no_extreme_overcrowding_for_children',
    side: 'pair',
    title: {
      sv: 'Inget barn placeras i extrem trångboddhet',
      en: 'No child is placed in extreme overcrowding',
    },
    passes: (h, v, ctx) =>
      !h.hasChildren || v.vacancy.areaM2 / h.persons >= ctx.policy.rules.minAreaPerPersonWithChildren,
    sweep: (h, cols, ctx, out, bit) => {
      if (!h.hasChildren) return
      const { persons } = h
      const min = ctx.policy.rules.minAreaPerPersonWithChildren
      const { areaM2 } = cols
      for (let v = 0; v < cols.count; v++)
        if (!((areaM2[v] as number) / persons >= min)) out[v] = (out[v] as number) | bit
    },
    params: (h, v, ctx) => ({
      persons: h.persons,
      areaM2: v.vacancy.areaM2,
      minAreaPerPerson: ctx.policy.rules.minAreaPerPersonWithChildren,
    }),
    failure: {
      sv: (p) =>
        `${fmtArea('sv', Number(p.areaM2))} för ${countOf('sv', Number(p.persons), 'person')} med barn är mindre än ${fmtArea('sv', Number(p.minAreaPerPerson))} per person.`,
      en: (p) =>
        `${fmtArea('en', Number(p.areaM2))} for ${countOf('en', Number(p.persons), 'person')} with children is below ${fmtArea('en', Number(p.minAreaPerPerson))} per person.`,
    },
  },
  {
    code: 'rent_affordable',
    side: 'pair',
    title: { sv: 'Hushållet kan bära hyran', en: 'The household can carry the rent' },
    passes: (h, v, ctx) => rentCarried(h, v, ctx) || v.vacancy.rent <= h.applicant.economy.maxRent,
    sweep: (h, cols, ctx, out, bit) => {
      if (h.applicant.economy.rentCarriedByMunicipality) return
      const { maxRent } = h.applicant.economy
      const carried = cols.typeFlags(ctx.policy.rules.rentCarriedByProgram)
      const { rent, typeIndex } = cols
      for (let v = 0; v < cols.count; v++) {
        if (!carried[typeIndex[v] as number] && !((rent[v] as number) <= maxRent))
          out[v] = (out[v] as number) | bit
      }
    },
    params: (h, v) => ({ rent: v.vacancy.rent, maxRent: h.applicant.economy.maxRent }),
    failure: {
      sv: (p) =>
        `Hyran ${fmtRent('sv', Number(p.rent))} är högre än de ${fmtRent('sv', Number(p.maxRent))} hushållet kan bära.`,
      en: (p) =>
        `The rent of ${fmtRent('en', Number(p.rent))} is above the ${fmtRent('en', Number(p.maxRent))} the household can carry.`,
    },
  },
  {
    code: 'wheelchair_access',
    side: 'pair',
    title: { sv: 'Rullstolsanpassad vid behov', en: 'Wheelchair access where needed' },
    passes: (h, v) => !h.applicant.needs.wheelchair || v.vacancy.wheelchairAccessible,
    sweep: (h, cols, _ctx, out, bit) => {
      if (!h.applicant.needs.wheelchair) return
      const { wheelchairAccessible } = cols
      for (let v = 0; v < cols.count; v++) if (!wheelchairAccessible[v]) out[v] = (out[v] as number) | bit
    },
    params: () => ({}),
    failure: {
      sv: () => 'Hushållet behöver rullstolsanpassning; bostaden är inte anpassad.',
      en: () => 'The household needs wheelchair access; the vacancy does not have it.',
    },
  },
  {
    code: 'elevator',
    side: 'pair',
    title: { sv: 'Hiss vid behov', en: 'An elevator where needed' },
    passes: (h, v) => !h.applicant.needs.elevator || v.vacancy.elevator || v.vacancy.floor <= 0,
    sweep: (h, cols, _ctx, out, bit) => {
      if (!h.applicant.needs.elevator) return
      const { elevator, floor } = cols
      for (let v = 0; v < cols.count; v++)
        if (!elevator[v] && !((floor[v] as number) <= 0)) out[v] = (out[v] as number) | bit
    },
    params: (_h, v) => ({ floor: v.vacancy.floor }),
    failure: {
      sv: (p) => `Hushållet behöver hiss; bostaden ligger på våning ${p.floor} utan hiss.`,
      en: (p) => `The household needs an elevator; the vacancy is on floor ${p.floor} without one.`,
    },
  },
  {
    code: 'ground_floor',
    side: 'pair',
    title: { sv: 'Bottenvåning vid behov', en: 'Ground floor where needed' },
    passes: (h, v) => !h.applicant.needs.groundFloor || v.vacancy.floor === 0,
    sweep: (h, cols, _ctx, out, bit) => {
      if (!h.applicant.needs.groundFloor) return
      const { floor } = cols
      for (let v = 0; v < cols.count; v++) if ((floor[v] as number) !== 0) out[v] = (out[v] as number) | bit
    },
    params: (_h, v) => ({ floor: v.vacancy.floor }),
    failure: {
      sv: (p) => `Hushållet behöver bottenvåning; bostaden ligger på våning ${p.floor}.`,
      en: (p) => `The household needs a ground floor; the vacancy is on floor ${p.floor}.`,
    },
  },
  {
    code: 'housing_first_assessment',
    side: 'pair',
    title: { sv: 'Bostad först kräver en bedömning', en: 'Housing First requires an assessment' },
    passes: (h, v) => v.vacancy.type !== 'housing_first' || h.applicant.needs.housingFirstAssessed,
    sweep: 'type',
    params: () => ({}),
    failure: {
      sv: () => 'Bostad först erbjuds bara efter en bedömning som rekommenderar det.',
      en: () => 'Housing First is offered only after an assessment that recommends it.',
    },
  },
  {
    code: 'skills_training_need',
    side: 'pair',
    title: {
      sv: 'Träningslägenhet kräver ett träningsbehov',
      en: 'A training flat requires a training need',
    },
    passes: (h, v) => v.vacancy.type !== 'training_flat' || h.applicant.needs.skillsTrainingNeed,
    sweep: 'type',
    params: () => ({}),
    failure: {
      sv: () => 'Träningslägenheter är för hushåll som behöver träna på att klara ett boende.',
      en: () => 'Training flats are for households that need to train the skills to keep a home.',
    },
  },
  {
    code: 'program_age_range',
    side: 'pair',
    title: { sv: 'Programmets åldersgräns', en: "The program's age range" },
    // Only the birth year is kept, so the rule asks whether the applicant is within the range at some
    // point in the round's calendar year: old enough by the end of it, not too old at its start.
    passes: (h, v) => {
      const { minAge, maxAge } = v.vacancy.restrictions
      if (minAge === undefined && maxAge === undefined) return true
      if (h.ageThisYear === undefined) return false
      return (
        (minAge === undefined || h.ageThisYear >= minAge) &&
        (maxAge === undefined || h.ageThisYear - 1 <= maxAge)
      )
    },
    sweep: (h, cols, _ctx, out, bit) => {
      const age = h.ageThisYear
      const { minAge, maxAge } = cols
      for (let v = 0; v < cols.count; v++) {
        const min = minAge[v] as number
        const max = maxAge[v] as number
        const hasMin = !Number.isNaN(min)
        const hasMax = !Number.isNaN(max)
        if (!hasMin && !hasMax) continue
        if (age === undefined || (hasMin && !(age >= min)) || (hasMax && !(age - 1 <= max)))
          out[v] = (out[v] as number) | bit
      }
    },
    params: (h, v, ctx) => ({
      ageThisYear: h.ageThisYear ?? 'unknown',
      year: Number(ctx.asOf.slice(0, 4)),
      range: ageRange(v.vacancy.restrictions.minAge, v.vacancy.restrictions.maxAge),
    }),
    failure: {
      sv: (p) =>
        p.ageThisYear === 'unknown'
          ? `Programmet gäller åldern ${p.range} år och den sökandes födelseår är inte känt.`
          : `Programmet gäller åldern ${p.range} år; den sökande fyller ${p.ageThisYear} år ${p.year}.`,
      en: (p) =>
        p.ageThisYear === 'unknown'
          ? `The program is for ages ${p.range} and the applicant's year of birth is not known.`
          : `The program is for ages ${p.range}; the applicant turns ${p.ageThisYear} in ${p.year}.`,
    },
  },
  {
    code: 'support_on_site',
    side: 'pair',
    title: { sv: 'Stöd på plats vid högt stödbehov', en: 'Support on site for a high support need' },
    passes: (h, v, ctx) => !needsSupportOnSite(h, v, ctx) || v.vacancy.restrictions.supportOnSite,
    sweep: (h, cols, ctx, out, bit) => {
      if (!ctx.policy.rules.highSupportRequiresOnSite || h.applicant.needs.supportLevel !== 'high') return
      const housingFirst = vacancyTypes.indexOf('housing_first')
      const { supportOnSite, typeIndex } = cols
      for (let v = 0; v < cols.count; v++) {
        if (typeIndex[v] !== housingFirst && !supportOnSite[v]) out[v] = (out[v] as number) | bit
      }
    },
    params: (h) => ({ supportLevel: h.applicant.needs.supportLevel }),
    failure: {
      sv: () => 'Hushållet har ett högt stödbehov och bostaden har inget stöd på plats.',
      en: () => 'The household has a high support need and the vacancy has no support on site.',
    },
  },
  {
    code: 'not_excluded_district',
    side: 'pair',
    title: {
      sv: 'Aldrig i ett område hushållet måste undvika',
      en: 'Never in a district the household must avoid',
    },
    passes: (h, v) => h.excludedDistricts.size === 0 || !h.excludedDistricts.has(v.district),
    // The district itself is not repeated: with protected identity even the list of avoided districts is sensitive.
    sweep: (h, cols, _ctx, out, bit) => {
      if (h.excludedDistricts.size === 0) return
      const codes: number[] = []
      for (const d of h.excludedDistricts) {
        const code = cols.districtCode.get(d)
        if (code !== undefined) codes.push(code)
      }
      if (codes.length === 0) return
      const { district } = cols
      for (let v = 0; v < cols.count; v++)
        if (codes.includes(district[v] as number)) out[v] = (out[v] as number) | bit
    },
    params: () => ({}),
    failure: {
      sv: () => 'Bostaden ligger i ett område hushållet av säkerhetsskäl inte får placeras i.',
      en: () => 'The vacancy is in a district where the household must not be placed, for safety reasons.',
    },
  },
  {
    code: 'residency',
    side: 'pair',
    title: {
      sv: 'Folkbokförd i kommunen där programmet kräver det',
      en: 'Resident where the program requires it',
    },
    passes: (h, v, ctx) =>
      h.applicant.resident || !ctx.policy.rules.residencyRequiredFor.includes(v.vacancy.type),
    sweep: 'type',
    params: (_h, v) => ({ type: v.vacancy.type }),
    failure: {
      sv: (p) =>
        `Boendeformen ${vacancyTypeName('sv', String(p.type))} kräver att hushållet är folkbokfört i kommunen.`,
      en: (p) =>
        `The type ${vacancyTypeName('en', String(p.type))} requires the household to be resident in the municipality.`,
    },
  },
  {
    code: 'obo_priority_approved',
    side: 'pair',
    title: {
      sv: 'Förtur beviljad av ÖBO för ÖBO:s förtursbostäder',
      en: "Priority approved by ÖBO for ÖBO's priority flats",
    },
    passes: (h, v, ctx) =>
      v.vacancy.type !== 'obo_priority' ||
      !ctx.policy.rules.oboPriorityRequired ||
      h.applicant.oboPriority !== undefined,
    sweep: 'type',
    params: () => ({}),
    failure: {
      sv: () =>
        'ÖBO:s förtursbostäder erbjuds bara hushåll som ÖBO har beviljat förtur, och hushållet har inget sådant beslut.',
      en: () =>
        "ÖBO's priority flats go only to households ÖBO has approved for priority, and the household has no such decision.",
    },
  },
  {
    code: 'structural_case_scope',
    side: 'pair',
    title: {
      sv: 'Ett strukturellt fall erbjuds bara det policyn öppnar för det',
      en: 'A structural case is offered only what the policy opens to it',
    },
    passes: (h, v) => !h.structural || !v.closedToStructural,
    sweep: 'type',
    params: (_h, v, ctx) => ({
      type: v.vacancy.type,
      accepted: ctx.policy.rules.structuralCasesOpenTo.join(', '),
    }),
    failure: {
      sv: (p) =>
        `Hushållets hemlöshet är strukturell: kommunen har ingen skyldighet att ordna en bostad, och policyn öppnar inte ${vacancyTypeName('sv', String(p.type))} för strukturella fall (${p.accepted === '' ? 'ingen boendeform är öppen för dem' : `öppet för dem: ${acceptedList('sv', p)}`}).`,
      en: (p) =>
        `The household's homelessness is structural: the municipality has no duty to provide a home, and the policy does not open the type ${vacancyTypeName('en', String(p.type))} to structural cases (${p.accepted === '' ? 'no type is open to them' : `open to them: ${acceptedList('en', p)}`}).`,
    },
  },
  {
    code: 'support_decision',
    side: 'pair',
    title: {
      sv: 'Kommunens egna boenden kräver ett giltigt biståndsbeslut av rätt slag',
      en: "The municipality's own programmes require a valid support decision of the matching kind",
    },
    passes: (h, v) => !v.needsSupportDecision || (h.grantedTypes & v.typeBit) !== 0,
    sweep: 'type',
    params: (h, v, ctx) => {
      const missing = missingDecision(h.applicant, v.vacancy.type, ctx.asOf)
      return {
        type: v.vacancy.type,
        state: missing.state,
        date:
          missing.state === 'expired'
            ? missing.validUntil
            : missing.state === 'later'
              ? missing.decidedOn
              : '',
      }
    },
    failure: {
      sv: (p) => {
        const type = vacancyTypeName('sv', String(p.type))
        if (p.state === 'expired')
          return `Hushållet har inget giltigt biståndsbeslut om ${type}: beslutet gällde till och med ${fmtDate('sv', String(p.date))}.`
        if (p.state === 'later')
          return `Hushållet har inget giltigt biståndsbeslut om ${type} på rundans datum: beslutet fattades först ${fmtDate('sv', String(p.date))}.`
        return `Hushållet har inget giltigt biståndsbeslut om ${type}.`
      },
      en: (p) => {
        const type = vacancyTypePhrase('en', String(p.type))
        if (p.state === 'expired')
          return `The household has no valid support decision for ${type}: its decision was valid until ${fmtDate('en', String(p.date))}.`
        if (p.state === 'later')
          return `The household has no valid support decision for ${type} on the round's date: its decision was made only on ${fmtDate('en', String(p.date))}.`
        return `The household has no valid support decision for ${type}.`
      },
    },
  },
  {
    code: 'responsible_municipality',
    side: 'pair',
    title: {
      sv: 'Kommunen är ansvarig kommun där programmet kräver det',
      en: 'The municipality is the responsible one where the program requires it',
    },
    passes: (h, v) => !v.needsResponsibility || h.responsible,
    sweep: 'type',
    params: (h, v) => ({ type: v.vacancy.type, responsibility: responsibilityOf(h.applicant) ?? 'unknown' }),
    failure: {
      sv: (p) =>
        `Kommunen är inte ansvarig kommun för hushållet enligt socialtjänstlagen (2 a kap.): ${responsibilityPhrase('sv', String(p.responsibility))}; ${vacancyTypeName('sv', String(p.type))} ges bara av den ansvariga kommunen.`,
      en: (p) =>
        `The municipality is not the one responsible for the household under the Social Services Act (chapter 2 a): ${responsibilityPhrase('en', String(p.responsibility))}; ${vacancyTypePhrase('en', String(p.type))} is given only by the responsible municipality.`,
    },
  },
  {
    code: 'no_move_between_sublets',
    side: 'pair',
    title: {
      sv: 'Ingen flytt från ett andrahandskontrakt till ett annat utan skäl',
      en: 'No move from one sublet to another without a reason',
    },
    passes: (h, v) => !v.subletMoveNeedsReason || !h.subletMoveBarred,
    sweep: 'type',
    params: (h, v) => ({ kind: h.applicant.situation?.kind ?? 'none', type: v.vacancy.type }),
    failure: {
      sv: (p) =>
        `Hushållet bor redan i ${subletKindName('sv', String(p.kind))}; policyn gör övertagande av det egna kontraktet till vägen framåt, och en flytt till ${vacancyTypeName('sv', String(p.type))} kräver ett angivet skäl.`,
      en: (p) =>
        `The household already lives in ${subletKindName('en', String(p.kind))}; the policy makes taking over its own contract the way forward, and a move to ${vacancyTypePhrase('en', String(p.type))} needs a recorded reason.`,
    },
  },
  {
    code: 'prevention_case_open',
    side: 'pair',
    title: {
      sv: 'Ett förebyggande ärende erbjuds bara det policyn öppnar för sådana ärenden',
      en: 'A prevention case is offered only what the policy opens to prevention cases',
    },
    passes: (h, v, ctx) => preventionAllows(h.applicant, v.vacancy.type, ctx.policy.rules.preventionOpenTo),
    sweep: 'type',
    params: (h, v) => ({
      type: v.vacancy.type,
      ended: h.applicant.prevention?.outcome !== undefined,
    }),
    failure: {
      sv: (p) =>
        p.ended
          ? 'Hushållets förebyggande ärende är avslutat; det deltar inte längre i matchningen.'
          : `Hushållet riskerar vräkning men är inte hemlöst, och policyn öppnar inte boendeformen ${vacancyTypeName('sv', String(p.type))} för förebyggande ärenden.`,
      en: (p) =>
        p.ended
          ? "The household's prevention case has ended; it no longer takes part in matching."
          : `The household is at risk of eviction but not homeless, and the policy does not open the type ${vacancyTypeName('en', String(p.type))} to prevention cases.`,
    },
  },
]

const ruleByCode = new Map(rules.map((r) => [r.code, r] as const))

/** The definition of a rule by its code. */
export function ruleDefinition(code: RuleCode): RuleDefinition {
  const rule = ruleByCode.get(code)
  if (!rule) throw new Error(`unknown rule ${code}`)
  return rule
}

/**
 * Pair rules in the order the hot path checks them: the ones that exclude most pairs first, so that
 * a typical ineligible pair stops after one or two checks (the result does not depend on order).
 */
const fastOrder: readonly RuleCode[] = ['vacancy_type_accepted', 'rent_affordable', 'rooms_norm']
const pairRules = rules.filter((r) => r.side === 'pair').sort((a, b) => rank(a.code) - rank(b.code))
function rank(code: RuleCode): number {
  const i = fastOrder.indexOf(code)
  return i === -1 ? fastOrder.length : i
}

/** True when the rules that read only the household pass (`v` is not read by them). */
export function householdTakesPart(h: HouseholdFacts, anyVacancy: VacancyFacts, ctx: RuleContext): boolean {
  for (const rule of rules) if (rule.side === 'household' && !rule.passes(h, anyVacancy, ctx)) return false
  return true
}

/** True when the rules that read only the vacancy pass (`h` is not read by them). */
export function vacancyTakesPart(anyHousehold: HouseholdFacts, v: VacancyFacts, ctx: RuleContext): boolean {
  for (const rule of rules) if (rule.side === 'vacancy' && !rule.passes(anyHousehold, v, ctx)) return false
  return true
}

/** True when the pair rules pass; with both one-sided checks, the same as `isEligible`. */
export function pairPasses(h: HouseholdFacts, v: VacancyFacts, ctx: RuleContext): boolean {
  for (const rule of pairRules) if (!rule.passes(h, v, ctx)) return false
  return true
}

/**
 * True when every rule passes, by the same three checks `prepareRound` makes (one-sided rules,
 * then the pair rules in hot-path order), so that a test of this is a test of the round's path.
 * @example isEligible(householdFacts(a, asOf, policy), vacancyFacts(v, policy), { asOf, policy })
 */
export function isEligible(h: HouseholdFacts, v: VacancyFacts, ctx: RuleContext): boolean {
  return householdTakesPart(h, v, ctx) && vacancyTakesPart(h, v, ctx) && pairPasses(h, v, ctx)
}

/** Every rule's outcome for a pair, with parameters, in report order. */
export function evaluateRules(h: HouseholdFacts, v: VacancyFacts, ctx: RuleContext): RuleOutcome[] {
  return rules.map((rule) => ({
    rule: rule.code,
    passed: rule.passes(h, v, ctx),
    params: rule.params(h, v, ctx),
  }))
}

/** Only the failed rules of a pair. */
export function failedRules(h: HouseholdFacts, v: VacancyFacts, ctx: RuleContext): RuleOutcome[] {
  const out: RuleOutcome[] = []
  for (const rule of rules) {
    if (!rule.passes(h, v, ctx)) out.push({ rule: rule.code, passed: false, params: rule.params(h, v, ctx) })
  }
  return out
}

/** Calls `onFailure` with the code of each rule the pair fails, in report order (no allocation). */
export function forEachFailedRule(
  h: HouseholdFacts,
  v: VacancyFacts,
  ctx: RuleContext,
  onFailure: (rule: RuleCode) => void,
): void {
  for (const rule of rules) if (!rule.passes(h, v, ctx)) onFailure(rule.code)
}

const rulesOfSide = {
  household: rules.filter((r) => r.side === 'household'),
  vacancy: rules.filter((r) => r.side === 'vacancy'),
  pair: rules.filter((r) => r.side === 'pair'),
}
// Bits are combined with 32-bit integer operators: at most 31 rules (there are far fewer).
if (ruleCodes.length > 31) throw new Error('failedRuleBits holds at most 31 rules')
const bitOf = new Map(ruleCodes.map((code, i) => [code, 2 ** i] as const))
const sideBits = {
  household: rulesOfSide.household.map((r) => bitOf.get(r.code) as number),
  vacancy: rulesOfSide.vacancy.map((r) => bitOf.get(r.code) as number),
  pair: rulesOfSide.pair.map((r) => bitOf.get(r.code) as number),
}

/**
 * The rules of one side the pair fails, as bits: bit i stands for `ruleCodes[i]`. The three sides
 * OR'ed together are the rules `forEachFailedRule` names; a one-sided part can be computed once per
 * household or vacancy and reused, and no callback runs per failure.
 */
export function failedRuleBits(
  h: HouseholdFacts,
  v: VacancyFacts,
  ctx: RuleContext,
  side: RuleDefinition['side'],
): number {
  const list = rulesOfSide[side]
  const bits = sideBits[side]
  let out = 0
  for (let i = 0; i < list.length; i++) {
    if (!(list[i] as RuleDefinition).passes(h, v, ctx)) out |= bits[i] as number
  }
  return out
}

/** One rule's outcome for a pair, with its parameters. */
export function outcomeOf(code: RuleCode, h: HouseholdFacts, v: VacancyFacts, ctx: RuleContext): RuleOutcome {
  const rule = ruleDefinition(code)
  return { rule: code, passed: rule.passes(h, v, ctx), params: rule.params(h, v, ctx) }
}

/** The sentence for a failed rule, in Swedish or English. */
export function describeFailure(outcome: RuleOutcome, lang: 'sv' | 'en'): string {
  return ruleDefinition(outcome.rule).failure[lang](outcome.params)
}

// The round's pair loop: every pair rule says how it is checked for a household against all
// vacancies at once (its `sweep`); a rule without one would be silently skipped, so none may lack it.
const typeRules = rulesOfSide.pair.filter((r) => r.sweep === 'type')
const sweptRules = rulesOfSide.pair.flatMap((r) =>
  typeof r.sweep === 'function' ? [{ sweep: r.sweep, bit: bitOf.get(r.code) as number }] : [],
)
const typeRuleBits = typeRules.map((r) => bitOf.get(r.code) as number)
if (typeRules.length + sweptRules.length !== rulesOfSide.pair.length)
  throw new Error('every pair rule needs a sweep')

/** The vacancy-side rules each vacancy fails, as bits (bit i: `ruleCodes[i]`); `h` is not read. */
export function vacancySideBits(
  anyHousehold: HouseholdFacts | undefined,
  vacancies: readonly VacancyFacts[],
  ctx: RuleContext,
): Int32Array {
  const bits = new Int32Array(vacancies.length)
  if (anyHousehold)
    vacancies.forEach((v, j) => {
      bits[j] = failedRuleBits(anyHousehold, v, ctx, 'vacancy')
    })
  return bits
}

/**
 * The rules household `h` fails with each vacancy of the round, as bits (bit i: `ruleCodes[i]`):
 * `out[v]` gets the vacancy-side and pair rules the pair fails (from `vacancyBits`, made once per
 * round by `vacancySideBits`, and the pair rules' sweeps); the household-side rules, the same for
 * every vacancy, are returned. Together the same bits as `failedRuleBits` over its three sides
 * (a property test proves it), for a fraction of the cost: the rules that read only the vacancy's
 * type are asked once per type, the others run as loops over the columns.
 */
export function sweepHousehold(
  h: HouseholdFacts,
  cols: VacancyColumns,
  vacancyBits: Int32Array,
  ctx: RuleContext,
  out: Int32Array,
): number {
  const anyVacancy = cols.ofType.find((f) => f !== undefined)
  if (anyVacancy === undefined) return 0
  const byType = new Int32Array(cols.ofType.length)
  cols.ofType.forEach((f, t) => {
    if (f === undefined) return
    let bits = 0
    for (let i = 0; i < typeRules.length; i++) {
      if (!(typeRules[i] as RuleDefinition).passes(h, f, ctx)) bits |= typeRuleBits[i] as number
    }
    byType[t] = bits
  })
  const { typeIndex } = cols
  for (let v = 0; v < cols.count; v++)
    out[v] = (vacancyBits[v] as number) | (byType[typeIndex[v] as number] as number)
  for (const { sweep, bit } of sweptRules) sweep(h, cols, ctx, out, bit)
  return failedRuleBits(h, anyVacancy, ctx, 'household')
}
