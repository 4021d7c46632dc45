import type { SituationCode, SupportLevel, VacancyType } from '../vocabulary.ts'

/**
 * Words as data, rendered late: explanations carry codes and numbers, and
 * these functions turn them into Swedish or English with the language's own
 * number, plural and date rules (Intl), never with toFixed and concatenation.
 * Swedish uses a decimal comma and a non-breaking space between thousands.
 */

export type Lang = 'sv' | 'en'

const locale: Record<Lang, string> = { sv: 'sv-SE', en: 'en-GB' }

const pointsFormat: Record<Lang, Intl.NumberFormat> = {
  sv: new Intl.NumberFormat(locale.sv, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat(locale.en, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
}
const integerFormat: Record<Lang, Intl.NumberFormat> = {
  sv: new Intl.NumberFormat(locale.sv, { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat(locale.en, { maximumFractionDigits: 0 }),
}
const decimalFormat: Record<Lang, Intl.NumberFormat> = {
  sv: new Intl.NumberFormat(locale.sv, { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat(locale.en, { maximumFractionDigits: 2 }),
}
const percentFormat: Record<Lang, Intl.NumberFormat> = {
  sv: new Intl.NumberFormat(locale.sv, { style: 'percent', maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat(locale.en, { style: 'percent', maximumFractionDigits: 0 }),
}
const plurals: Record<Lang, Intl.PluralRules> = {
  sv: new Intl.PluralRules(locale.sv),
  en: new Intl.PluralRules(locale.en),
}
const dateFormat: Record<Lang, Intl.DateTimeFormat> = {
  sv: new Intl.DateTimeFormat(locale.sv, { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat(locale.en, { dateStyle: 'long', timeZone: 'UTC' }),
}

/** Points with two decimals: "84,67" / "84.67". */
export const fmtPoints = (lang: Lang, points: number) => pointsFormat[lang].format(points)
/**
 * Points from hundredths: the score's exact unit. Explanations format the same few thousand scores
 * hundreds of thousands of times in a large round, so each is formatted once per language.
 */
export function fmtCents(lang: Lang, cents: number): string {
  const cache = centsCache[lang]
  let text = cache.get(cents)
  if (text === undefined) {
    text = pointsFormat[lang].format(cents / 100)
    if (cache.size >= 100_000) cache.clear()
    cache.set(cents, text)
  }
  return text
}
const centsCache: Record<Lang, Map<number, string>> = { sv: new Map(), en: new Map() }
/** A whole number with the language's thousands separator: "10 400" / "10,400". */
export const fmtInteger = (lang: Lang, n: number) => integerFormat[lang].format(n)
/** A number with at most two decimals, no trailing zeros: "0,5" / "0.5". */
export const fmtDecimal = (lang: Lang, n: number) => decimalFormat[lang].format(n)
/** A share as a percentage: "57 %" / "57%". */
export const fmtPercent = (lang: Lang, share: number) => percentFormat[lang].format(share)
/** A calendar date (YYYY-MM-DD) in words: "27 november 2026" / "27 November 2026". */
export function fmtDate(lang: Lang, iso: string): string {
  const cache = dateCache[lang]
  let text = cache.get(iso)
  if (text === undefined) {
    text = dateFormat[lang].format(new Date(`${iso}T00:00:00Z`))
    if (cache.size >= 10_000) cache.clear()
    cache.set(iso, text)
  }
  return text
}
const dateCache: Record<Lang, Map<string, string>> = { sv: new Map(), en: new Map() }
/** Rent per month: "10 400 kr/mån" / "10,400 kr/month". */
export const fmtRent = (lang: Lang, kr: number) =>
  `${fmtInteger(lang, kr)} ${lang === 'sv' ? 'kr/mån' : 'kr/month'}`
/** Area: "55 m²". */
export const fmtArea = (lang: Lang, m2: number) => `${fmtDecimal(lang, m2)} m²`

/** A count with the right form of its noun: "1 bostad", "2 bostäder", "1 day", "3 days". */
export function count(
  lang: Lang,
  n: number,
  forms: { readonly one: string; readonly other: string },
): string {
  return `${integerText(lang, n)} ${isOne(lang, n) ? forms.one : forms.other}`
}

/** Small whole numbers are formatted, and their plural category chosen, once per language. */
const smallIntegers: Record<Lang, (string | undefined)[]> = { sv: [], en: [] }
const smallIsOne: Record<Lang, (boolean | undefined)[]> = { sv: [], en: [] }
const small = (n: number) => Number.isInteger(n) && n >= 0 && n < 10_000
function integerText(lang: Lang, n: number): string {
  if (!small(n)) return fmtInteger(lang, n)
  let text = smallIntegers[lang][n]
  if (text === undefined) {
    text = fmtInteger(lang, n)
    smallIntegers[lang][n] = text
  }
  return text
}
function isOne(lang: Lang, n: number): boolean {
  if (!small(n)) return plurals[lang].select(n) === 'one'
  let one = smallIsOne[lang][n]
  if (one === undefined) {
    one = plurals[lang].select(n) === 'one'
    smallIsOne[lang][n] = one
  }
  return one
}

/** Nouns and their plural forms, per language. */
export const nouns = {
  vacancy: { sv: { one: 'bostad', other: 'bostäder' }, en: { one: 'vacancy', other: 'vacancies' } },
  placement: {
    sv: { one: 'placering', other: 'placeringar' },
    en: { one: 'placement', other: 'placements' },
  },
  household: { sv: { one: 'hushåll', other: 'hushåll' }, en: { one: 'household', other: 'households' } },
  day: { sv: { one: 'dag', other: 'dagar' }, en: { one: 'day', other: 'days' } },
  person: { sv: { one: 'person', other: 'personer' }, en: { one: 'person', other: 'persons' } },
  bedroom: { sv: { one: 'sovrum', other: 'sovrum' }, en: { one: 'bedroom', other: 'bedrooms' } },
  room: { sv: { one: 'rum', other: 'rum' }, en: { one: 'room', other: 'rooms' } },
  proposal: { sv: { one: 'förslag', other: 'förslag' }, en: { one: 'proposal', other: 'proposals' } },
  point: { sv: { one: 'poäng', other: 'poäng' }, en: { one: 'point', other: 'points' } },
  child: { sv: { one: 'barn', other: 'barn' }, en: { one: 'child', other: 'children' } },
} as const

export const countOf = (lang: Lang, n: number, noun: keyof typeof nouns) => count(lang, n, nouns[noun][lang])

/** "1,00 poäng" — points always take the plural noun in Swedish, and in English unless exactly 1. */
export const pointsPhrase = (lang: Lang, cents: number) =>
  `${fmtCents(lang, cents)} ${lang === 'sv' ? 'poäng' : cents === 100 ? 'point' : 'points'}`

const vacancyTypeNames: Record<VacancyType, { sv: string; en: string }> = {
  social_contract: { sv: 'socialt kontrakt', en: 'social contract' },
  housing_first: { sv: 'Bostad först', en: 'Housing First' },
  training_flat: { sv: 'träningslägenhet', en: 'training flat' },
  trial_flat: { sv: 'försökslägenhet', en: 'trial flat' },
  supported_housing: { sv: 'stödboende', en: 'supported housing' },
  obo_priority: { sv: 'förtur hos ÖBO', en: 'ÖBO priority' },
}
/** The name of a type of housing (program). */
export const vacancyTypeName = (lang: Lang, type: string) =>
  vacancyTypeNames[type as VacancyType]?.[lang] ?? type

/** English takes an article where the name is a countable thing ("a social contract", but "Housing First"); Swedish none. */
const englishArticles: Record<VacancyType, string> = {
  social_contract: 'a ',
  housing_first: '',
  training_flat: 'a ',
  trial_flat: 'a ',
  supported_housing: '',
  obo_priority: 'an ',
}
/** The type of housing as it reads after "for" or "to": "a social contract", "Housing First"; in Swedish the name. */
export const vacancyTypePhrase = (lang: Lang, type: string) =>
  lang === 'sv'
    ? vacancyTypeName('sv', type)
    : type === 'obo_priority'
      ? 'an ÖBO priority flat'
      : `${englishArticles[type as VacancyType] ?? ''}${vacancyTypeName('en', type)}`

const subletKindNames: Record<string, { sv: string; en: string }> = {
  social_contract: { sv: 'ett socialt kontrakt', en: 'a social contract' },
  training_flat: { sv: 'en träningslägenhet', en: 'a training flat' },
  trial_flat: { sv: 'en försökslägenhet', en: 'a trial flat' },
  municipal_contract: { sv: 'ett kommunalt kontrakt', en: 'a municipal contract' },
}
/** One of the municipality's sublets the household lives in, with its article: "ett socialt kontrakt". */
export const subletKindName = (lang: Lang, kind: string) => subletKindNames[kind]?.[lang] ?? kind

const responsibilityPhrases: Record<string, { sv: string; en: string }> = {
  settled_here: { sv: 'hushållet är bosatt i kommunen', en: 'the household is settled in the municipality' },
  staying_here: {
    sv: 'hushållet vistas i kommunen och är inte bosatt i någon annan',
    en: 'the household stays in the municipality and is settled in no other',
  },
  moving_in: {
    sv: 'hushållet har ansökt om bistånd för att flytta hit',
    en: 'the household has applied for support to move here',
  },
  settled_elsewhere: {
    sv: 'hushållet är bosatt i en annan kommun',
    en: 'the household is settled in another municipality',
  },
  unknown: {
    sv: 'hushållet är inte folkbokfört i kommunen och ansvarig kommun är inte utredd',
    en: 'the household is not registered in the municipality and the responsible municipality has not been established',
  },
}
/** Why a municipality is (or is not) the responsible one, as a clause. */
export const responsibilityPhrase = (lang: Lang, ground: string) =>
  responsibilityPhrases[ground]?.[lang] ?? ground

const supportLevelNames: Record<SupportLevel, { sv: string; en: string }> = {
  none: { sv: 'inget', en: 'none' },
  low: { sv: 'lågt', en: 'low' },
  medium: { sv: 'medelhögt', en: 'medium' },
  high: { sv: 'högt', en: 'high' },
}
export const supportLevelName = (lang: Lang, level: string) =>
  supportLevelNames[level as SupportLevel]?.[lang] ?? level

const situationNames: Record<SituationCode, { sv: string; en: string }> = {
  acute: { sv: 'akut hemlöshet', en: 'acute homelessness' },
  institution: { sv: 'institutionsvistelse eller stödboende', en: 'an institution or supported housing' },
  long_term_solution: { sv: 'långsiktig boendelösning', en: 'a long-term housing solution' },
  short_term_self_arranged: { sv: 'eget ordnat kortsiktigt boende', en: 'short-term self-arranged housing' },
}
/** The name of a situation code, or of `prevention` (a prevention case: in none of the four). */
export const situationName = (lang: Lang, code: string) =>
  code === 'prevention'
    ? lang === 'sv'
      ? 'förebyggande ärende (risk för vräkning, inte hemlös)'
      : 'prevention case (at risk of eviction, not homeless)'
    : (situationNames[code as SituationCode]?.[lang] ?? code)

const applicantStatusNames: Record<string, { sv: string; en: string }> = {
  active: { sv: 'aktivt', en: 'active' },
  paused: { sv: 'vilande', en: 'paused' },
  offered: { sv: 'har fått ett erbjudande', en: 'has an offer' },
  housed: { sv: 'har fått bostad', en: 'housed' },
  withdrawn: { sv: 'avslutat', en: 'withdrawn' },
}
export const applicantStatusName = (lang: Lang, status: string) =>
  applicantStatusNames[status]?.[lang] ?? status

const vacancyStatusNames: Record<string, { sv: string; en: string }> = {
  open: { sv: 'ledig', en: 'open' },
  offered: { sv: 'erbjuden', en: 'offered' },
  let: { sv: 'uthyrd', en: 'let' },
  withdrawn: { sv: 'tillbakadragen', en: 'withdrawn' },
}
export const vacancyStatusName = (lang: Lang, status: string) => vacancyStatusNames[status]?.[lang] ?? status

const roundStatusNames: Record<string, { sv: string; en: string }> = {
  optimal: { sv: 'bästa möjliga fördelning hittad', en: 'best possible allocation found' },
  infeasible: { sv: 'villkoren kan inte uppfyllas samtidigt', en: 'the constraints cannot all hold' },
  timedout: { sv: 'tiden tog slut', en: 'ran out of time' },
  failed: { sv: 'kunde inte lösas', en: 'could not be solved' },
}
export const roundStatusName = (lang: Lang, status: string) => roundStatusNames[status]?.[lang] ?? status

const genderNames: Record<string, { sv: string; en: string }> = {
  woman: { sv: 'kvinna', en: 'woman' },
  man: { sv: 'man', en: 'man' },
  other: { sv: 'annat', en: 'other' },
  unknown: { sv: 'okänt', en: 'unknown' },
}

/** A monitored group, e.g. "kön: kvinna", "född utomlands: ja". */
export function groupName(lang: Lang, attribute: string, value: string): string {
  const yesNo = (v: string) =>
    v === 'true' ? (lang === 'sv' ? 'ja' : 'yes') : v === 'false' ? (lang === 'sv' ? 'nej' : 'no') : v
  switch (attribute) {
    case 'gender':
      return `${lang === 'sv' ? 'kön' : 'gender'}: ${genderNames[value]?.[lang] ?? value}`
    case 'ageBand':
      return `${lang === 'sv' ? 'ålder' : 'age'}: ${value === 'unknown' ? (lang === 'sv' ? 'okänd' : 'unknown') : `${value}${lang === 'sv' ? ' år' : ' years'}`}`
    case 'bornAbroad':
      return `${lang === 'sv' ? 'född utomlands' : 'born abroad'}: ${value === 'unknown' ? (lang === 'sv' ? 'okänt' : 'unknown') : yesNo(value)}`
    case 'hasChildren':
      return `${lang === 'sv' ? 'barn i hushållet' : 'children in the household'}: ${yesNo(value)}`
    case 'situation':
      return `${lang === 'sv' ? 'situation' : 'situation'}: ${situationName(lang, value)}`
    default:
      return `${attribute}: ${value}`
  }
}

export type ConstraintFamily = 'childrenFloor' | 'districtCap' | 'programQuota' | 'groupParity'

const familyNames: Record<ConstraintFamily, { sv: string; en: string }> = {
  childrenFloor: { sv: 'barngolvet', en: 'the children floor' },
  districtCap: { sv: 'områdestaket', en: 'the district cap' },
  programQuota: { sv: 'programkvoten', en: 'the program quota' },
  groupParity: { sv: 'jämlikhetsvillkoret', en: 'the parity constraint' },
}
/** A constraint family's name as a noun phrase in running text ("barngolvet"). */
export const familyName = (lang: Lang, family: string) =>
  familyNames[family as ConstraintFamily]?.[lang] ?? family

/**
 * One side constraint's name in words, from its stable name: "områdestaket för Vivalla",
 * "programkvoten för Bostad först", "jämlikhetsvillkoret för kön: kvinna (övre gränsen)".
 * `hideDistrict` leaves a district out (a district the household must avoid is never named).
 */
export function constraintName(lang: Lang, name: string, hideDistrict = false): string {
  const [family = name, rest = ''] = splitName(name)
  if (family === 'childrenFloor') return familyName(lang, family)
  if (family === 'districtCap') {
    return hideDistrict
      ? familyName(lang, family)
      : `${familyName(lang, family)} ${lang === 'sv' ? 'för' : 'for'} ${rest}`
  }
  if (family === 'programQuota')
    return `${familyName(lang, family)} ${lang === 'sv' ? 'för' : 'for'} ${vacancyTypeName(lang, rest)}`
  if (family === 'groupParity') {
    const m = /^(\w+)=(.*):(upper|lower)$/.exec(rest)
    if (!m) return familyName(lang, family)
    const [, attribute = '', value = '', side] = m
    const bound =
      side === 'upper'
        ? lang === 'sv'
          ? 'övre gränsen'
          : 'upper limit'
        : lang === 'sv'
          ? 'nedre gränsen'
          : 'lower limit'
    return `${familyName(lang, family)} ${lang === 'sv' ? 'för' : 'for'} ${groupName(lang, attribute, value)} (${bound})`
  }
  return name
}

function splitName(name: string): [string, string] {
  const i = name.indexOf(':')
  return i < 0 ? [name, ''] : [name.slice(0, i), name.slice(i + 1)]
}

/** Capitalises the first letter of a sentence. */
export const capital = (s: string) => (s.length === 0 ? s : s[0]?.toLocaleUpperCase('sv') + s.slice(1))

/** "A, B och C" / "A, B and C". */
export function listOf(lang: Lang, items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} ${lang === 'sv' ? 'och' : 'and'} ${items[items.length - 1]}`
}
