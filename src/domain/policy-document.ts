import { type RuleCode, rules } from './match/eligibility.ts'
import { cents, preferenceCents } from './match/scoring.ts'
import type { Text } from './match/texts.ts'
import type { Policy } from './policy.ts'
import {
  type SituationCode,
  type SupportLevel,
  situationCodes,
  supportLevels,
  type VacancyType,
  vacancyTypes,
} from './vocabulary.ts'

/**
 * The published policy: a Markdown document generated from a `Policy`, so that
 * what the municipality publishes is, figure for figure, what the engine uses.
 * Pure: no I/O. `docs/generate-policy-doc.ts` writes `docs/policy.md` from the
 * default policy, and a test keeps the committed file equal to this output.
 */

export type Lang = 'sv' | 'en'

/** A number as a person writes it: at most two decimals, no trailing zeros, a decimal comma in Swedish. */
function num(x: number, lang: Lang): string {
  const s = String(Math.round(x * 100) / 100)
  return lang === 'sv' ? s.replace('.', ',') : s
}

/** "a, b and c" / "a, b och c". */
function list(items: readonly string[], lang: Lang): string {
  if (items.length === 0) return lang === 'sv' ? 'inga' : 'none'
  if (items.length === 1) return items[0] as string
  const and = lang === 'sv' ? ' och ' : ' and '
  return `${items.slice(0, -1).join(', ')}${and}${items[items.length - 1]}`
}

/**
 * A Markdown table with padded columns, as the project's formatter (Biome) writes
 * tables, so that formatting the repository never changes the generated file.
 */
function table(head: readonly string[], rows: readonly (readonly string[])[], indent = ''): string[] {
  const widths = head.map((h, c) => Math.max(3, h.length, ...rows.map((r) => (r[c] ?? '').length)))
  const line = (cells: readonly string[]) =>
    `${indent}| ${cells.map((x, c) => x.padEnd(widths[c] ?? 0)).join(' | ')} |`
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
}

const percent = (share: number, lang: Lang) => `${num(share * 100, lang)}${lang === 'sv' ? ' %' : '%'}`

const situationNames: Record<SituationCode, Text> = {
  acute: { sv: 'Akut hemlöshet', en: 'Acute homelessness' },
  institution: {
    sv: 'Institutionsvistelse och stödboende',
    en: 'Institution or supported housing',
  },
  long_term_solution: { sv: 'Långsiktiga boendelösningar', en: 'Long-term housing solution' },
  short_term_self_arranged: {
    sv: 'Eget ordnat kortsiktigt boende',
    en: 'Short-term self-arranged housing',
  },
}

const supportNames: Record<SupportLevel, Text> = {
  none: { sv: 'inget', en: 'none' },
  low: { sv: 'lågt', en: 'low' },
  medium: { sv: 'medel', en: 'medium' },
  high: { sv: 'högt', en: 'high' },
}

const typeNames: Record<VacancyType, Text> = {
  social_contract: { sv: 'socialt kontrakt', en: 'social contract' },
  housing_first: { sv: 'Bostad först', en: 'Housing First' },
  training_flat: { sv: 'träningslägenhet', en: 'training flat' },
  trial_flat: { sv: 'försökslägenhet', en: 'trial flat' },
  supported_housing: { sv: 'stödboende', en: 'supported housing' },
  obo_priority: { sv: 'förtur hos ÖBO', en: 'ÖBO priority (förtur)' },
}

const typeName = (type: VacancyType, lang: Lang) => `${typeNames[type][lang]} (\`${type}\`)`

const attributeNames: Record<Policy['constraints']['groupParity']['attributes'][number], Text> = {
  gender: { sv: 'kön', en: 'gender' },
  bornAbroad: { sv: 'född utomlands eller i Sverige', en: 'born abroad or in Sweden' },
}

/** Points by preference rank, as the engine scores them, listed while above 0 (at most `ranks`). */
function rankPoints(pref: { first: number; stepDown: number }, ranks: number): number[] {
  const out: number[] = []
  for (let r = 0; r < ranks; r++) {
    const c = preferenceCents(pref, r)
    if (c === 0) break
    out.push(c / 100)
  }
  return out
}

/** The most districts and vacancy types a household can list (applicant schema). */
const maxDistrictRanks = 10
const maxTypeRanks = 6

function ordinal(rank: number, lang: Lang): string {
  if (lang === 'sv') return `${rank}:${rank === 1 || rank === 2 ? 'a' : 'e'}`
  const suffix = rank === 1 ? 'st' : rank === 2 ? 'nd' : rank === 3 ? 'rd' : 'th'
  return `${rank}${suffix}`
}

function rankSentence(pts: readonly number[], lang: Lang): string {
  if (pts.length === 0) return lang === 'sv' ? 'inget val ger poäng' : 'no choice earns points'
  const choice = lang === 'sv' ? 'valet' : 'choice'
  return list(
    pts.map((p, i) => `${ordinal(i + 1, lang)} ${choice} ${num(p, lang)}`),
    lang,
  )
}

function header(policy: Policy, lang: Lang): string[] {
  return lang === 'sv'
    ? [
        `# Tilldelningspolicy: ${policy.name}`,
        '',
        `Policy \`${policy.id}\`, version ${policy.version}. Dokumentet är genererat ur policyn som matchningen använder, så varje siffra här är den siffra som gäller. En ändrad siffra blir en ny version av policyn.`,
      ]
    : [
        `# Allocation policy: ${policy.name}`,
        '',
        `Policy \`${policy.id}\`, version ${policy.version}. This document is generated from the policy the matching uses, so every figure here is the figure that applies. A changed figure makes a new version of the policy.`,
      ]
}

function scoring(policy: Policy, lang: Lang): string[] {
  const s = policy.scoring
  const n = (x: number) => num(x, lang)
  /** "1 point", "6 points" (English only; Swedish "poäng" is the same in both). */
  const pt = (x: number) => `${n(x)} ${x === 1 ? 'point' : 'points'}`
  const sv = lang === 'sv'
  const release = s.institutionRelease
  const halfway = Math.round(release.withinDays / 2)
  const releaseAtHalfway = cents(release.points * (1 - halfway / release.withinDays)) / 100
  const evictionHalfway = Math.round(s.eviction.withinDays / 2)
  const evictionAtHalfway = cents(s.eviction.points * (1 - evictionHalfway / s.eviction.withinDays)) / 100
  const perDay = cents(s.waiting.perDay)
  const capDays = perDay > 0 ? Math.ceil(cents(s.waiting.cap) / perDay) : undefined
  const noQueue = s.waiting.notCountedFor.map((t) => typeName(t, lang))
  const districtPts = rankPoints(s.districtPreference, maxDistrictRanks)
  const typePts = rankPoints(s.vacancyTypePreference, maxTypeRanks)
  const familyRooms = policy.constraints.childrenFloor.familySizedMinRooms

  const situationRows = table(
    sv ? ['Nr', 'Situation', 'Poäng'] : ['No.', 'Situation', 'Points'],
    situationCodes.map((code, i) => [
      String(i + 1),
      `${situationNames[code][lang]} (\`${code}\`)`,
      n(s.situation[code]),
    ]),
  )
  const support = list(
    supportLevels.map((level) => `${supportNames[level][lang]} ${n(s.support[level])}`),
    lang,
  )

  if (sv) {
    return [
      '## Vad som räknas och hur mycket',
      '',
      'Varje möjligt par av hushåll och bostad får en poäng: **hushållets prioritet** (hur brådskande behovet är, oberoende av bostaden) plus **parets passform** (hushållets egna önskemål och hur bostaden används). Poängen räknas i hundradels poäng, så att delarna som visas för ett förslag summerar exakt till förslagets poäng.',
      '',
      '### Hushållets prioritet',
      '',
      'Situation enligt Socialstyrelsens definition av hemlöshet, grundpoäng:',
      '',
      ...situationRows,
      '',
      `Långsiktiga boendelösningar har lägst men positiv poäng: när hushåll flyttar vidare till eget kontrakt frigörs kommunens bostäder åt andra.`,
      '',
      `- **Utflyttning från institution:** ett hushåll i situation 2 med ett känt utflyttningsdatum får upp till ${n(release.points)} extra poäng. Poängen stiger jämnt från 0 när datumet är ${release.withinDays} dagar bort till ${n(release.points)} på datumet (${n(releaseAtHalfway)} poäng ${halfway} dagar före), och är ${n(release.points)} även när datumet har passerat och hushållet bor kvar bara i brist på bostad.`,
      `- **Barn:** ${n(s.perChild)} poäng per barn i hushållet, och ytterligare ${n(s.perYoungChild)} poäng per barn yngre än ${s.youngChildUnderAge} år. Åldern räknas på rundans datum.`,
      `- **Avhysning:** ett beslutat avhysningsdatum ger upp till ${n(s.eviction.points)} poäng, som stiger jämnt från 0 när datumet är ${s.eviction.withinDays} dagar bort till ${n(s.eviction.points)} på datumet (${n(evictionAtHalfway)} poäng ${evictionHalfway} dagar före), och är ${n(s.eviction.points)} när datumet har passerat. Det gäller i alla situationer.`,
      `- **Våld i nära relation:** ${n(s.domesticViolence)} poäng.`,
      `- **Stödbehov:** ${support} poäng.`,
      `- **Väntetid:** ${n(s.waiting.perDay)} poäng per dag sedan hushållet registrerades, högst ${n(s.waiting.cap)} poäng${capDays === undefined ? '' : ` (nås efter ${capDays} dagar)`}.${noQueue.length === 0 ? '' : ` Väntetiden ger inga poäng för ${list(noQueue, lang)}: där går det mest brådskande behovet först, utan kö inom förtursgruppen (ÖBO:s regel för förtur). Poängdelen visas ändå, med 0 poäng, så att förklaringen säger det.`}`,
      '',
      '### Parets passform',
      '',
      `- **Önskat område:** hushållet anger områden i den ordning det önskar dem. En bostad i ett önskat område ger poäng efter hushållets val: ${rankSentence(districtPts, lang)}; varje senare val ger ${n(s.districtPreference.stepDown)} poäng mindre, aldrig under 0. Andra områden går bra men ger inga poäng.`,
      `- **Önskad boendeform:** hushållet anger de boendeformer det godtar i önskad ordning. Poäng efter val: ${rankSentence(typePts, lang)}; varje senare val ger ${n(s.vacancyTypePreference.stepDown)} poäng mindre, aldrig under 0.`,
      `- **Outnyttjade rum i en familjebostad:** i en familjebostad (${familyRooms} rum eller fler) dras ${n(s.underOccupancyPerSpareRoom)} poäng per sovrum utöver vad hushållet behöver enligt trångboddhetsnormen, så att stora bostäder går till hushåll som behöver dem.`,
      `- **Lägsta poäng för ett möjligt par:** varje par som uppfyller alla regler får minst ${n(s.minimumPairScore)} poäng, även om avdraget för outnyttjade rum skulle ge mindre. Skälet: rundan väljer den största sammanlagda poängen, och ett par värt 0 eller mindre skulle kunna lämnas omatchat fast både hushållet och bostaden är lediga och passar varandra. Golvet gör varje möjligt par värt att göra, så att ingen bostad står tom när ett hushåll som uppfyller reglerna för den också blir utan (om inte ett sidovillkor nedan hindrar det).`,
    ]
  }
  return [
    '## What counts and how much',
    '',
    "Every possible pair of household and vacancy gets a score: **the household's priority** (how urgent its need is, independent of the vacancy) plus **the pair's fit** (the household's own preferences and the use of the flat). Scores are counted in hundredths of a point, so that the terms shown with a proposal add up exactly to its score.",
    '',
    "### The household's priority",
    '',
    "Situation in Socialstyrelsen's definition of homelessness, base points:",
    '',
    ...situationRows,
    '',
    'A long-term housing solution has the lowest but a positive score: moving households on to a contract of their own frees municipal units for others.',
    '',
    `- **Leaving an institution:** a household in situation 2 with a known release date gets up to ${n(release.points)} extra ${release.points === 1 ? 'point' : 'points'}. They rise evenly from 0 when the date is ${release.withinDays} days away to ${n(release.points)} on the date (${pt(releaseAtHalfway)} ${halfway} days before), and stay at ${n(release.points)} once the date has passed and the household stays only for lack of housing.`,
    `- **Children:** ${pt(s.perChild)} per child in the household, and ${n(s.perYoungChild)} more per child younger than ${s.youngChildUnderAge}. Ages are counted on the round's date.`,
    `- **Eviction:** a decided eviction date gives up to ${pt(s.eviction.points)}, rising evenly from 0 when the date is ${s.eviction.withinDays} days away to ${n(s.eviction.points)} on the date (${pt(evictionAtHalfway)} ${evictionHalfway} days before), and ${n(s.eviction.points)} once the date has passed. This holds in every situation.`,
    `- **Violence in a close relationship:** ${pt(s.domesticViolence)}.`,
    `- **Support need:** ${support} points.`,
    `- **Waiting time:** ${pt(s.waiting.perDay)} per day since the household was registered, at most ${pt(s.waiting.cap)}${capDays === undefined ? '' : ` (reached after ${capDays} days)`}.${noQueue.length === 0 ? '' : ` Waiting time earns nothing for ${list(noQueue, lang)}: there the most urgent need goes first, with no queue inside the priority group (ÖBO's rule for priority). The term is still shown, at 0 points, so that the explanation says so.`}`,
    '',
    "### The pair's fit",
    '',
    `- **Preferred district:** the household lists districts in the order it wants them. A vacancy in a listed district earns points by the household's choice: ${rankSentence(districtPts, lang)}; each later choice earns ${n(s.districtPreference.stepDown)} less, never below 0. Other districts are acceptable but earn nothing.`,
    `- **Preferred type of housing:** the household lists the types of housing it accepts in the order it wants them. Points by choice: ${rankSentence(typePts, lang)}; each later choice earns ${n(s.vacancyTypePreference.stepDown)} less, never below 0.`,
    `- **Spare rooms in a family-sized flat:** in a family-sized flat (${familyRooms} rooms or more), ${pt(s.underOccupancyPerSpareRoom)} are deducted per bedroom beyond what the household needs under the overcrowding norm, so that large flats go to the households that need them.`,
    `- **Minimum score of an eligible pair:** every pair that passes every rule scores at least ${pt(s.minimumPairScore)}, even where the spare-room deduction would bring it lower. Why: the round picks the largest total score, and a pair worth 0 or less could be left unmade though the household and the vacancy are both free and fit each other. The floor makes every eligible pair worth making, so that no vacancy stays empty while a household eligible for it is left without one (unless a side constraint below forbids it).`,
  ]
}

function ruleTexts(policy: Policy, lang: Lang): Record<RuleCode, string> {
  const r = policy.rules
  const sv = lang === 'sv'
  const n = (x: number) => num(x, lang)
  const caps = [...r.oboOccupancyCaps].sort((a, b) => a.maxAreaM2 - b.maxAreaM2)
  const largest = caps[caps.length - 1]
  const capTable = (head: readonly string[]) =>
    table(
      head,
      caps.map((c) => [`${n(c.maxAreaM2)} m²`, String(c.maxPersons)]),
    )
  const carried = list(
    r.rentCarriedByProgram.map((t) => typeName(t, lang)),
    lang,
  )
  const resident = r.residencyRequiredFor.map((t) => typeName(t, lang))
  const names = (types: readonly VacancyType[]) =>
    list(
      types.map((t) => typeName(t, lang)),
      lang,
    )
  const norm =
    r.overcrowdingNorm === 'norm2'
      ? sv
        ? 'Boverkets trångboddhetsnorm 2: högst två personer per sovrum. Exempel: tre personer behöver två sovrum, alltså en trea.'
        : "Boverket's overcrowding norm 2: at most two persons per bedroom. For example, three persons need two bedrooms, that is a three-room flat."
      : sv
        ? `Boverkets trångboddhetsnorm 3: var och en har ett eget sovrum, utom att två vuxna (ett par) delar${r.norm3ChildrenUnder12Share ? ' och att två barn under 12 år får dela' : ''}.`
        : `Boverket's overcrowding norm 3: everyone has a bedroom of their own, except that two adults (a couple) share one${r.norm3ChildrenUnder12Share ? ' and two children under 12 may share one' : ''}.`
  if (sv) {
    return {
      applicant_active:
        'Bara hushåll vars ärende har status aktivt (`active`) deltar i en runda; inte pausade, redan erbjudna, redan ordnade eller avslutade ärenden.',
      vacancy_open: 'Bara bostäder med status ledig (`open`) erbjuds.',
      available_by_round_date: 'Bostaden ska vara tillgänglig senast på rundans datum.',
      not_declined_before: 'Ett hushåll föreslås aldrig en bostad det redan har tackat nej till.',
      vacancy_type_accepted: 'Hushållet föreslås bara boendeformer det har sagt att det godtar.',
      rooms_norm: `${norm} Sovrum är rummen utom kök och vardagsrum, alltså bostadens antal rum minus ett; en etta räknas som ett sovrum.`,
      obo_occupancy_cap: [
        `Gäller bostäder med förtur hos ÖBO (ÖBO:s egna regler). Vuxna och barn räknas:`,
        '',
        ...capTable(['Yta upp till', 'Högst antal personer']),
        '',
        `Över ${n(largest?.maxAreaM2 ?? 0)} m² gäller taket för den största ytan, ${largest?.maxPersons ?? 0} personer.`,
      ].join('\n'),
      no_extreme_overcrowding_for_children: `Ett hushåll med barn placeras aldrig där bostaden ger mindre än ${n(r.minAreaPerPersonWithChildren)} m² per person (vuxna och barn). Gäller alla boendeformer.`,
      rent_affordable: `Hyran får vara högst den hyra hushållet kan bära själv, utom när kommunen bär hyran: för hushållet (beslutat i ärendet) eller för boendeformen. I denna policy bär kommunen hyran för: ${carried}.`,
      wheelchair_access:
        'Ett hushåll som behöver rullstolsanpassning erbjuds bara rullstolsanpassade bostäder.',
      elevator:
        'Ett hushåll som behöver hiss erbjuds bara bostäder med hiss, eller på bottenvåningen eller lägre (våning 0 eller under), där hiss inte behövs.',
      ground_floor: 'Ett hushåll som behöver bottenvåning erbjuds bara bostäder på våning 0.',
      housing_first_assessment:
        'Bostad först går bara till hushåll med en bedömning som rekommenderar Bostad först (långvarig hemlöshet med komplexa behov).',
      skills_training_need:
        'Träningslägenheter går bara till hushåll som behöver träna på att klara ett eget boende.',
      program_age_range:
        'Där ett program har en dokumenterad åldersgräns (till exempel en ungdomslägenhet för 18–25 år) ska den sökandes ålder ligga inom den. Bara födelseåret sparas, så regeln frågar om den sökande är inom åldersgränsen någon gång under rundans kalenderår: tillräckligt gammal vid årets slut och inte för gammal vid årets början. Är födelseåret inte känt erbjuds inte sådana bostäder. Detta är den enda regel som läser en skyddad uppgift (födelseår).',
      support_on_site: r.highSupportRequiresOnSite
        ? 'Ett hushåll med högt stödbehov erbjuds bara bostäder med stöd på plats, utom Bostad först, där stödet följer personen i stället för bostaden.'
        : 'Avstängd i denna policy: ett högt stödbehov kräver inte stöd på plats.',
      not_excluded_district:
        'Ett hushåll placeras aldrig i ett område det måste undvika (våld i nära relation, hot, skyddad identitet). Områdesnamn jämförs utan hänsyn till stora och små bokstäver, accenter och mellanslag, så att ett område som skrivits utan sitt ä ändå undviks. Förklaringar upprepar aldrig området.',
      residency:
        resident.length > 0
          ? `Hushållet ska vara folkbokfört i kommunen för: ${list(resident, lang)}.`
          : 'Ingen boendeform kräver folkbokföring i kommunen i denna policy.',
      obo_priority_approved: r.oboPriorityRequired
        ? 'ÖBO:s förtursbostäder föreslås bara hushåll som har ett beviljat förtursbeslut från ÖBO (ÖBO:s egen regel). Beslutet hämtas från ÖBO och upphör när hushållet tackar nej, inte svarar eller får bostaden.'
        : 'Avstängd i denna policy: ÖBO:s förtursbostäder kräver inget förtursbeslut.',
      structural_case_scope:
        r.structuralCasesOpenTo.length > 0
          ? `Vid strukturell hemlöshet (hushållet saknar bostad bara för att bostadsmarknaden inte har någon åt det) har kommunen ingen skyldighet att ordna en bostad. Ett hushåll vars hemlöshet är registrerad som strukturell föreslås bara: ${names(r.structuralCasesOpenTo)}.`
          : 'Vid strukturell hemlöshet har kommunen ingen skyldighet att ordna en bostad; i denna policy föreslås ett strukturellt fall ingen bostad alls.',
      support_decision:
        r.supportDecisionRequiredFor.length > 0
          ? `Kommunens egna boenden är bistånd enligt socialtjänstlagen (2001:453) 4 kap. 1 §. Ett hushåll föreslås ${names(r.supportDecisionRequiredFor)} bara med ett beviljat biståndsbeslut av samma slag som gäller på rundans datum (beslutat senast den dagen och giltigt till och med den).`
          : 'Avstängd i denna policy: ingen boendeform kräver ett biståndsbeslut för att föreslås.',
      responsible_municipality:
        r.responsibilityRequiredFor.length > 0
          ? `Bara den ansvariga kommunen enligt socialtjänstlagen (2001:453) 2 a kap. ger: ${names(r.responsibilityRequiredFor)}. Kommunen är ansvarig när hushållet är bosatt här, vistas här utan att vara bosatt i någon annan kommun, eller har ansökt om bistånd för att flytta hit. Utan registrerad grund räknas ett hushåll som är folkbokfört här som bosatt här.`
          : 'Avstängd i denna policy: ingen boendeform kräver att kommunen är ansvarig kommun.',
      no_move_between_sublets:
        r.subletMoveNeedsReason.length > 0
          ? `Ett hushåll som redan bor i ett av kommunens andrahandskontrakt (socialt kontrakt, träningslägenhet, försökslägenhet, kommunalt kontrakt) flyttas inte till ${names(r.subletMoveNeedsReason)} utan ett angivet skäl: vägen framåt är att ta över det egna kontraktet.`
          : 'Avstängd i denna policy: ett hushåll i ett av kommunens andrahandskontrakt kan föreslås ett annat utan angivet skäl.',
      prevention_case_open:
        r.preventionOpenTo.length > 0
          ? `Ett hushåll som riskerar vräkning men ännu inte är hemlöst (ett förebyggande ärende) föreslås bara: ${list(r.preventionOpenTo, lang)}. Ett avslutat förebyggande ärende (till exempel med ett avtal om att bo kvar) föreslås ingenting. Förebyggande ärenden räknas aldrig in i de fyra hemlöshetssituationerna.`
          : 'Ett hushåll som riskerar vräkning men ännu inte är hemlöst (ett förebyggande ärende) föreslås ingen bostad i denna policy: det förebyggande arbetet är råd, betalda hyresskulder och avtal om att bo kvar, som registreras som ärendets utfall. Förebyggande ärenden räknas aldrig in i de fyra hemlöshetssituationerna.',
    }
  }
  return {
    applicant_active:
      'Only households whose case has status active (`active`) take part in a round; not paused cases, cases already offered or housed, or withdrawn ones.',
    vacancy_open: 'Only vacancies with status open (`open`) are offered.',
    available_by_round_date: "The vacancy must be available on or before the round's date.",
    not_declined_before: 'A household is never proposed a vacancy it has already declined.',
    vacancy_type_accepted: 'A household is only proposed types of housing it has said it accepts.',
    rooms_norm: `${norm} Bedrooms are the rooms apart from the kitchen and the living room, that is the flat's rooms minus one; a one-room flat counts as one bedroom.`,
    obo_occupancy_cap: [
      "Applies to ÖBO priority flats (ÖBO's own rules). Adults and children count:",
      '',
      ...capTable(['Area up to', 'At most persons']),
      '',
      `Above ${n(largest?.maxAreaM2 ?? 0)} m² the cap of the largest area applies, ${largest?.maxPersons ?? 0} persons.`,
    ].join('\n'),
    no_extreme_overcrowding_for_children: `A household with children is never placed where the flat gives less than ${n(r.minAreaPerPersonWithChildren)} m² per person (adults and children). This holds for every type of housing.`,
    rent_affordable: `The rent must be at most what the household can carry on its own, unless the municipality carries the rent: for the household (decided in its case) or for the program. In this policy the municipality carries the rent for: ${carried}.`,
    wheelchair_access:
      'A household that needs wheelchair access is only offered wheelchair-accessible flats.',
    elevator:
      'A household that needs an elevator is only offered flats with an elevator, or on the ground floor or below (floor 0 or lower), where none is needed.',
    ground_floor: 'A household that needs a ground floor is only offered flats on floor 0.',
    housing_first_assessment:
      'Housing First flats go only to households with an assessment that recommends Housing First (long-term homelessness with complex needs).',
    skills_training_need:
      'Training flats go only to households that need to train the skills to keep a home.',
    program_age_range:
      "Where a program has a documented age range (for example a youth flat for ages 18–25), the applicant's age must be within it. Only the birth year is kept, so the rule asks whether the applicant is within the range at some point in the round's calendar year: old enough by the end of the year and not too old at its start. When the birth year is not known, such flats are not offered. This is the only rule that reads a protected attribute (birth year).",
    support_on_site: r.highSupportRequiresOnSite
      ? 'A household with a high support need is only offered housing with support on site, except Housing First, where support follows the person instead of the flat.'
      : 'Switched off in this policy: a high support need does not require support on site.',
    not_excluded_district:
      'A household is never placed in a district it must avoid (violence in a close relationship, threats, protected identity). District names are compared regardless of upper and lower case, accents and spacing, so that an exclusion written without its ä still applies. Explanations never repeat the district.',
    residency:
      resident.length > 0
        ? `The household must be resident (folkbokförd) in the municipality for: ${list(resident, lang)}.`
        : 'No type of housing requires residency in the municipality in this policy.',
    obo_priority_approved: r.oboPriorityRequired
      ? "ÖBO's priority flats are proposed only to households holding an approved priority decision from ÖBO (ÖBO's own rule). The decision comes from ÖBO and ends when the household declines, does not answer or gets the flat."
      : "Switched off in this policy: ÖBO's priority flats need no priority decision.",
    structural_case_scope:
      r.structuralCasesOpenTo.length > 0
        ? `In structural homelessness (the household lacks a home only because the housing market has none for it) the municipality has no duty to provide a home. A household whose homelessness is recorded as structural is proposed only: ${names(r.structuralCasesOpenTo)}.`
        : 'In structural homelessness the municipality has no duty to provide a home; in this policy a structural case is proposed no vacancy at all.',
    support_decision:
      r.supportDecisionRequiredFor.length > 0
        ? `The municipality's own programmes are support (bistånd) under the Social Services Act (2001:453), chapter 4 section 1. A household is proposed ${names(r.supportDecisionRequiredFor)} only with a granted support decision of the same kind in force on the round's date (decided on or before that day and valid through it).`
        : 'Switched off in this policy: no type of housing needs a support decision to be proposed.',
    responsible_municipality:
      r.responsibilityRequiredFor.length > 0
        ? `Only the responsible municipality under the Social Services Act (2001:453), chapter 2 a, gives: ${names(r.responsibilityRequiredFor)}. The municipality is responsible when the household is settled here, stays here without being settled in another municipality, or has applied for support to move here. With no ground recorded, a household registered (folkbokförd) here counts as settled here.`
        : 'Switched off in this policy: no type of housing requires the municipality to be the responsible one.',
    no_move_between_sublets:
      r.subletMoveNeedsReason.length > 0
        ? `A household that already lives in one of the municipality's sublets (a social contract, a training or trial flat, a municipal contract) is not moved to ${names(r.subletMoveNeedsReason)} without a recorded reason: its way forward is to take over its own contract.`
        : "Switched off in this policy: a household in one of the municipality's sublets may be proposed another without a recorded reason.",
    prevention_case_open:
      r.preventionOpenTo.length > 0
        ? `A household at risk of eviction that is not yet homeless (a prevention case) is proposed only: ${list(r.preventionOpenTo, lang)}. An ended prevention case (for example with an agreement to stay) is proposed nothing. Prevention cases are never counted in the four homelessness situations.`
        : 'A household at risk of eviction that is not yet homeless (a prevention case) is proposed no vacancy in this policy: prevention work is advice, paid arrears and agreements to stay, recorded as the outcome of the case. Prevention cases are never counted in the four homelessness situations.',
  }
}

function eligibility(policy: Policy, lang: Lang): string[] {
  const texts = ruleTexts(policy, lang)
  const intro =
    lang === 'sv'
      ? 'Ett par kan bara föreslås om det uppfyller alla regler nedan. Reglerna är absoluta: ingen poäng väger upp en regel som inte är uppfylld. När ett hushåll inte kan få en bostad säger förklaringen vilken regel som hindrade det, med siffrorna.'
      : 'A pair can only be proposed if it passes every rule below. The rules are absolute: no score makes up for a rule that is not met. When a household cannot get a vacancy, the explanation says which rule stood in the way, with its figures.'
  return [
    lang === 'sv' ? '## Vem kan erbjudas vad' : '## Who can be offered what',
    '',
    intro,
    '',
    ...rules.map((rule, i) => {
      // Continuation lines (the ÖBO table) are indented to the item's content so they stay inside the item.
      const marker = `${i + 1}. `
      const [first, ...rest] = texts[rule.code].split('\n')
      const more = rest.map((line) => (line === '' ? '' : `${' '.repeat(marker.length)}${line}`))
      return [`${marker}**${rule.title[lang]}** (\`${rule.code}\`). ${first}`, ...more].join('\n')
    }),
  ]
}

function sideConstraints(policy: Policy, lang: Lang): string[] {
  const c = policy.constraints
  const sv = lang === 'sv'
  const n = (x: number) => num(x, lang)
  const on = (enabled: boolean) => (sv ? (enabled ? 'På.' : 'Av.') : enabled ? 'On.' : 'Off.')
  const floor = c.childrenFloor
  const caps = c.districtCaps
  const parity = c.groupParity
  const attributes = list(
    parity.attributes.map((a) => attributeNames[a][lang]),
    lang,
  )
  const quotas =
    c.programQuotas.length === 0
      ? [sv ? ' Inga kvoter i denna policy.' : ' No quotas in this policy.']
      : [
          sv ? ' I denna policy:' : ' In this policy:',
          ...c.programQuotas.map((q) =>
            sv
              ? `\n  - minst ${q.atLeast} placeringar i ${typeName(q.type, lang)}`
              : `\n  - at least ${q.atLeast} placements in ${typeName(q.type, lang)}`,
          ),
        ]
  // A worked example of the floor, for a round with three family-sized vacancies.
  const floorOfThree = Math.ceil(floor.share * 3)
  const vulnerable = list(policy.vulnerableDistricts, lang)
  // A household's own choice: any district on its list of preferred districts, whatever the rank.
  const ownChoiceSv =
    caps.exemptOwnChoice === true
      ? 'Taket lämnar aldrig en bostad tom mot hushållets eget val: en placering i ett område som hushållet självt har angett bland sina önskade områden (på vilken plats i listan som helst) räknas inte mot taket, och förklaringen till förslaget säger det.'
      : 'Varje placering i området räknas mot taket, också när hushållet självt har önskat området.'
  const ownChoiceEn =
    caps.exemptOwnChoice === true
      ? "The cap never leaves a vacancy empty against the household's own choice: a placement in a district the household itself listed among its preferred districts (at any rank) does not count against the cap, and the proposal's explanation says so."
      : 'Every placement in the district counts against the cap, also when the household asked for the district itself.'
  if (sv) {
    return [
      '## Sidovillkor',
      '',
      'Sidovillkor gäller rundan som helhet, inte ett enskilt par. Varje villkor som är på måste hållas; för varje runda redovisas vad villkoret kostade (den sammanlagda poängen med och utan villkoret). Går villkoren inte att uppfylla samtidigt blir rundans status "ogenomförbar" (`infeasible`) med namnen på villkoren som står mot varandra, och inga förslag görs.',
      '',
      `- **Barngolv** (\`childrenFloor\`). ${on(floor.enabled)} Familjebostäder är bostäder med ${floor.familySizedMinRooms} rum eller fler. Av rundans placeringar (i vilken bostad som helst) ska minst så många gå till hushåll med barn som ${percent(floor.share, lang)} av antalet familjebostäder i rundan, avrundat uppåt; med tre familjebostäder minst ${floorOfThree}. Finns färre hushåll med barn som uppfyller reglerna för någon bostad sänks golvet till deras antal, och rundans rapport säger det.`,
      `- **Områdestak** (\`districtCaps\`). ${on(caps.enabled)} Högst ${caps.maxPerDistrict} placeringar per runda i vart och ett av dessa områden: ${list(caps.districts, lang)}. Syftet är att motverka segregation genom att inte samla placeringarna i ett fåtal utsatta områden. ${ownChoiceSv} Policyn räknar dessa områden som socioekonomiskt utsatta: ${vulnerable}.`,
      `- **Programkvoter** (\`programQuotas\`). Minst ett visst antal placeringar i en boendeform, till exempel Bostad först.${quotas.join('')}`,
      `- **Jämlik matchning mellan grupper** (\`groupParity\`). ${on(parity.enabled)} När villkoret är på ska, för ${attributes}, varje grupps andel matchade bland gruppens hushåll som uppfyller reglerna för någon bostad ligga inom ${n(parity.epsilon * 100)} procentenheter från andelen för alla. Andelarna redovisas för varje runda även när villkoret är av.`,
    ]
  }
  return [
    '## Side constraints',
    '',
    'Side constraints hold for the round as a whole, not for one pair. Every constraint that is on must hold; every round reports what each cost (the total score with and without it). When the constraints cannot all be met, the round comes back with status `infeasible`, naming the constraints that conflict, and makes no proposals.',
    '',
    `- **Children floor** (\`childrenFloor\`). ${on(floor.enabled)} Family-sized vacancies are those with ${floor.familySizedMinRooms} rooms or more. At least as many of the round's placements (in any vacancy) go to households with children as ${percent(floor.share, lang)} of the round's family-sized vacancies, rounded up; with three family-sized vacancies, at least ${floorOfThree}. When fewer households with children are eligible for any vacancy, the floor is lowered to their number, and the round's report says so.`,
    `- **District caps** (\`districtCaps\`). ${on(caps.enabled)} At most ${caps.maxPerDistrict} placements per round in each of these districts: ${list(caps.districts, lang)}. The aim is to work against segregation by not concentrating placements in a few vulnerable districts. ${ownChoiceEn} The policy counts these districts as socio-economically vulnerable: ${vulnerable}.`,
    `- **Program quotas** (\`programQuotas\`). At least a given number of placements in a type of housing, for example Housing First.${quotas.join('')}`,
    `- **Group parity** (\`groupParity\`), for equality. ${on(parity.enabled)} When on, for ${attributes}, each group's match rate among its households eligible for any vacancy must be within ${n(parity.epsilon * 100)} percentage points of the overall rate. The rates are reported for every round even when the constraint is off.`,
  ]
}

function ties(lang: Lang): string[] {
  return lang === 'sv'
    ? [
        '## Lika poäng',
        '',
        'När två lösningar av rundan har samma sammanlagda poäng går hushåll med lägre lottnummer före. Lottnumret dras slumpmässigt en gång, när hushållet registreras, och ändras aldrig; vid samma lottnummer avgör hushållets id. Därför beror resultatet aldrig på i vilken ordning uppgifterna kom in eller på vilken av flera lika bra lösningar en lösare råkar hitta.',
      ]
    : [
        '## Ties',
        '',
        "When two solutions of the round have the same total score, households with a lower lottery number come first. The lottery number is drawn at random once, when the household is registered, and never changes; between equal lottery numbers the household's id decides. So the result never depends on the order in which the data came in, or on which of several equally good solutions a solver happens to find.",
      ]
}

function equality(lang: Lang): string[] {
  return lang === 'sv'
    ? [
        '## Jämlikhet',
        '',
        'Kön, födelseland (född utomlands eller i Sverige) och födelseår sparas bara för att följa upp jämlikheten. De ingår aldrig i någon poäng eller regel, med ett undantag: regeln om ett programs dokumenterade åldersgräns läser födelseåret. Lika fall får lika poäng; mellan dem avgör bara lottnumret. Andelen matchade per kön och per födelseland (och per situation och för hushåll med barn) redovisas för varje runda. Är sidovillkoret för jämlik matchning på används grupperna för att hålla ihop andelarna, aldrig för att ge en enskild person poäng.',
      ]
    : [
        '## Equality',
        '',
        "Gender, birth country (born abroad or in Sweden) and birth year are kept only to monitor equality. They never enter a score or a rule, with one exception: the rule on a program's documented age range reads the birth year. Equal cases get equal scores; between them only the lottery number decides. Match rates by gender and by birth country (and by situation, and for households with children) are reported for every round. When the group parity side constraint is on, the groups are used to keep the rates together, never to give an individual points.",
      ]
}

function offers(policy: Policy, lang: Lang): string[] {
  const o = policy.offers
  const ending = vacancyTypes
    .filter((t) => o.declineConsequence[t] === 'end_priority')
    .map((t) => typeName(t, lang))
  const days =
    lang === 'sv'
      ? `${o.answerDays} ${o.answerDays === 1 ? 'dag' : 'dagar'}`
      : `${o.answerDays} ${o.answerDays === 1 ? 'day' : 'days'}`
  const t = policy.tenancy?.trialPeriodMonths
  const months = (n: number) =>
    lang === 'sv' ? `${n} ${n === 1 ? 'månad' : 'månader'}` : `${n} ${n === 1 ? 'month' : 'months'}`
  const same = t !== undefined && t.social_contract === t.training && t.training === t.trial
  const trial =
    t === undefined
      ? lang === 'sv'
        ? '- Policyn anger ingen prövotid: en placering i ett andrahandskontrakt får en prövotid bara om den som registrerar placeringen anger den.'
        : '- The policy sets no trial period: a placement in a sublet gets one only when the person recording the placement gives it.'
      : lang === 'sv'
        ? `- Ett socialt kontrakt, en träningslägenhet och en försökslägenhet är andrahandskontrakt från kommunen med en prövotid från placeringens start: ${same ? months(t.social_contract) : `${months(t.social_contract)}, ${months(t.training)} respektive ${months(t.trial)}`}. Målet är att hushållet tar över kontraktet där det bor.`
        : `- A social contract, a training flat and a trial flat are sublets from the municipality with a trial period from the placement's start: ${same ? months(t.social_contract) : `${months(t.social_contract)}, ${months(t.training)} and ${months(t.trial)} respectively`}. The goal is that the household takes over the contract where it lives.`
  return lang === 'sv'
    ? [
        '## Erbjudanden och svar',
        '',
        `- Ett godkänt förslag blir ett erbjudande. Hushållet har ${days} på sig att svara; ett erbjudande som inte besvarats då stängs som obesvarat, och bostaden matchas på nytt.`,
        '- Tackar hushållet ja blir det en placering: bostaden hyrs ut och hushållet räknas som boende.',
        trial,
        '- Tackar hushållet (eller hyresvärden) nej erbjuds hushållet aldrig samma bostad igen, hushållet är åter med i kommande rundor och bostaden matchas genast på nytt med samma version av policyn.',
        `- Tackar hushållet självt nej till ${list(ending, lang)} upphör förturen: hushållet erbjuds inte den boendeformen igen förrän ett nytt förtursbeslut finns. För övriga boendeformer får ett nej inga fler följder.`,
      ]
    : [
        '## Offers and answers',
        '',
        `- An approved proposal becomes an offer. The household has ${days} to answer; an offer still unanswered then closes as unanswered, and the vacancy is matched again.`,
        '- If the household says yes, it becomes a placement: the vacancy is let and the household counts as housed.',
        trial,
        '- If the household (or the landlord) says no, the household is never offered the same vacancy again, it takes part in later rounds, and the vacancy is matched again at once under the same policy version.',
        `- If the household itself declines ${list(ending, lang)}, the priority ends: the household is not offered that type again until there is a new priority decision. For the other types a decline has no further consequence.`,
      ]
}

function decision(lang: Lang): string[] {
  return lang === 'sv'
    ? [
        '## Hur en runda avgörs',
        '',
        '1. Varje regel prövas för varje par av hushåll och bostad i rundan.',
        '2. Varje par som uppfyller alla regler får sin poäng enligt ovan.',
        '3. En enda optimering över hela rundan väljer de par som tillsammans ger högst sammanlagd poäng: varje hushåll får högst en bostad, varje bostad går till högst ett hushåll, och alla sidovillkor som är på hålls. Ingen turordning och ingen bostad i taget: rundan avgörs som helhet.',
        '4. Varje förslag har sina skäl: poängens delar, reglerna som är uppfyllda och villkoren som påverkade det. Varje hushåll som blir utan får veta vilka bostäder det kunde ha fått och med vilken poäng de gick till någon annan (utan namn), och vilka regler som stängde ute det från de andra.',
        '5. Förslagen är förslag: varje beslut godkänns av en namngiven person hos kommunen. Inget beslut fattas automatiskt.',
        '6. Samma uppgifter och samma version av policyn ger alltid samma resultat.',
      ]
    : [
        '## How a round is decided',
        '',
        '1. Every rule is checked for every pair of household and vacancy in the round.',
        '2. Every pair that passes every rule gets its score as above.',
        '3. One optimisation over the whole round chooses the pairs that together give the largest total score: each household gets at most one vacancy, each vacancy goes to at most one household, and every side constraint that is on holds. No queue and no one vacancy at a time: the round is decided as a whole.',
        '4. Every proposal carries its reasons: the terms of its score, the rules it passed and the constraints that shaped it. Every household left without a vacancy is told which vacancies it could have had and with what score they went to someone else (no names), and which rules kept it from the others.',
        '5. Proposals are proposals: every decision is approved by a named person at the municipality. No decision is made automatically.',
        '6. The same data and the same version of the policy always give the same result.',
      ]
}

/**
 * The policy as a publishable Markdown document in one language.
 * @example renderPolicyDocument(defaultPolicy, 'sv').startsWith('# Tilldelningspolicy') // true
 */
export function renderPolicyDocument(policy: Policy, lang: Lang): string {
  const sections = [
    header(policy, lang),
    scoring(policy, lang),
    eligibility(policy, lang),
    sideConstraints(policy, lang),
    ties(lang),
    equality(lang),
    offers(policy, lang),
    decision(lang),
  ]
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`
}

/** `docs/policy.md`: the Swedish version first, then the English one. */
export function renderPublishedPolicy(policy: Policy): string {
  return [
    '<!-- Generated from the policy by docs/generate-policy-doc.ts: do not edit by hand. -->',
    '',
    '_Svenska först; the English version follows below._',
    '',
    renderPolicyDocument(policy, 'sv'),
    '---',
    '',
    renderPolicyDocument(policy, 'en'),
  ].join('\n')
}
