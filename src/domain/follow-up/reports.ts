/**
 * The follow-up the zero vision asks for, as pure functions of the stored history
 * (`FollowUpData`): the point-in-time map, flows, time to housing, declines and overrides,
 * vacancy days, placements per district, Housing First retention and equality. Every count from
 * 1 to 4 is shown as "<5" (with a second cell hidden where a total would reveal it), and every
 * median or rate over fewer than five households is left out: these tables reach analysts, who
 * see aggregates only. The definitions are written beside each function and in docs/follow-up.md.
 */
import { type AgeBand, ageBand, ageBands } from '../age-bands.ts'
import { addDays, ageOn, daysBetween } from '../dates.ts'
import { preventionOutcomeNames } from '../prevention.ts'
import { declineReasons, homelessnessEndedBy, overrideReasons, rejectReasons } from '../round-lifecycle.ts'
import {
  genders,
  type PreventionOutcome,
  preventionOutcomes,
  type SituationCode,
  situationCodes,
  vacancyTypes,
} from '../vocabulary.ts'
import {
  addMonths,
  type FollowUpData,
  type FollowUpHousehold,
  type FollowUpPerson,
  type FollowUpPlacement,
  type FollowUpSituation,
  ownHomeForms,
  subletForms,
} from './data.ts'
import { suppressionThreshold } from './suppress.ts'
import {
  complementaryHidden,
  isHidden,
  type Report,
  share,
  shown,
  spread,
  suppressColumn,
  type Table,
  type Value,
} from './table.ts'

export const reportNames = [
  'map',
  'trend',
  'flows',
  'time-to-housing',
  'declines',
  'vacancy-days',
  'districts',
  'housing-first-retention',
  'pathway',
  'equality',
] as const
export type ReportName = (typeof reportNames)[number]

/** A report over a period [from, to], both days included; `on` reports take the period's last day. */
export interface ReportQuery {
  readonly from: string
  readonly to: string
  readonly caseload?: string
}

export const situationLabels: Record<SituationCode, string> = {
  acute: '1 Akut hemlöshet',
  institution: '2 Institutionsvistelse och stödboende',
  long_term_solution: '3 Långsiktiga boendelösningar',
  short_term_self_arranged: '4 Eget ordnat kortsiktigt boende',
}
const genderLabels: Record<string, string> = { woman: 'kvinna', man: 'man', other: 'annat', unknown: 'okänt' }
export const typeLabels: Record<string, string> = {
  social_contract: 'socialt kontrakt',
  housing_first: 'Bostad först',
  training_flat: 'träningslägenhet',
  trial_flat: 'försökslägenhet',
  supported_housing: 'stödboende',
  obo_priority: 'ÖBO förtur',
}
const declineLabels: Record<string, string> = {
  location: 'läget',
  size_or_standard: 'storlek eller standard',
  rent: 'hyran',
  support_needs: 'stödbehov',
  household_circumstances_changed: 'hushållets situation har ändrats',
  landlord_refused: 'hyresvärden sa nej',
  other: 'annat',
}
const reasonLabels: Record<string, string> = {
  household_unreachable: 'hushållet nås inte',
  information_outdated: 'uppgifterna är inaktuella',
  support_not_in_place: 'stödet är inte på plats',
  safety_concern: 'säkerhetsskäl',
  landlord_objection: 'hyresvärden invänder',
  urgent_need_not_in_score: 'akut behov som poängen inte fångar',
  support_match: 'stödet passar bättre',
  circumstances_changed: 'omständigheterna har ändrats',
  other: 'annat',
}

const inPeriod = (day: string | undefined, q: ReportQuery) =>
  day !== undefined && day >= q.from && day <= q.to
const scoped = (data: FollowUpData, q: ReportQuery) =>
  q.caseload === undefined ? data.households : data.households.filter((h) => h.caseload === q.caseload)
const covers = (q: ReportQuery) => ({
  from: q.from,
  to: q.to,
  ...(q.caseload === undefined ? {} : { caseload: q.caseload }),
})

/** The situation a household was in on `day`: the newest entry that had begun by then. */
export function situationOn(h: FollowUpHousehold, day: string): FollowUpSituation | undefined {
  let found: FollowUpSituation | undefined
  for (const s of h.situations) if (s.since <= day) found = s
  return found
}

/**
 * Is the household homeless on `day`, and in which situation? Not before it was registered (or
 * had a situation), not from the day it was withdrawn, and not from the start of a placement in
 * a home of its own (a first-hand contract or Housing First, a sublet's take-over, or the end of a
 * placement by a move to a home of its own or the tenant's death) unless it is in a new situation
 * since. A social contract, a training or trial flat and supported housing are situations 3 and
 * 2 of the national definition: those households are still counted, in that situation.
 */
export function homelessOn(
  h: FollowUpHousehold,
  day: string,
  placements: readonly FollowUpPlacement[],
): SituationCode | undefined {
  if (h.registeredOn > day) return undefined
  if (h.withdrawnOn !== undefined && h.withdrawnOn <= day) return undefined
  const situation = situationOn(h, day)
  if (situation === undefined) return undefined
  // A home of its own from the placement's start (a first-hand lease), or from the day it took over its
  // sublet; out of the count from the day a placement ended in a home of its own or a death.
  const counts = (from: string | undefined) => from !== undefined && from <= day && from >= situation.since
  const ownHome = placements
    .filter((p) => p.applicantId === h.id)
    .some(
      (p) =>
        counts(ownHomeForms.includes(p.contractForm) ? p.startDate : p.takenOverOn) ||
        (p.endReason !== undefined && homelessnessEndedBy.includes(p.endReason) && counts(p.endedOn)),
    )
  return ownHome ? undefined : situation.code
}

/**
 * Did the household come back into homelessness within `months` of the placement? Yes when a
 * situation was recorded that began after the placement's start and within the window (the
 * entry the placement itself recorded begins on the start day and does not count).
 */
export function returnedWithin(h: FollowUpHousehold, p: FollowUpPlacement, months: number): boolean {
  const end = addMonths(p.startDate, months)
  return h.situations.some((s) => s.since > p.startDate && s.since <= end)
}

/** The persons of a household as counted; a hand-made history without them: the main applicant and unknown others. */
function personsIn(h: FollowUpHousehold): readonly FollowUpPerson[] {
  if (h.persons !== undefined) return h.persons
  return [
    ...Array.from(
      { length: h.adults },
      (_, i): FollowUpPerson =>
        i === 0
          ? {
              child: false,
              gender: h.gender,
              ...(h.birthYear === undefined ? {} : { birthYear: h.birthYear }),
            }
          : { child: false, gender: 'unknown' },
    ),
    ...Array.from({ length: h.children }, (): FollowUpPerson => ({ child: true, gender: 'unknown' })),
  ]
}

/** A person's age group on `day`: children apart, adults by the main applicant's age bands. */
const personGroup = (p: FollowUpPerson, day: string): string => (p.child ? '0–17' : ageBand(p.birthYear, day))
const personGroups = ['0–17', ...ageBands] as const

/**
 * Is the household an open prevention case on `day` (rule PV2: counted apart, in no situation)?
 * Registered by then, its risk known by then, in no situation yet, not withdrawn, no outcome yet.
 */
export function preventionOpenOn(h: FollowUpHousehold, day: string): boolean {
  const p = h.prevention
  if (p === undefined || h.registeredOn > day || p.since > day) return false
  if (h.withdrawnOn !== undefined && h.withdrawnOn <= day) return false
  if (situationOn(h, day) !== undefined) return false
  return p.outcome === undefined || p.outcome.on > day
}

/** Children under 18 on `day` among the household's persons (a child without a birth date counts). */
const childrenUnder18 = (h: FollowUpHousehold, day: string) =>
  personsIn(h).filter(
    (p) => p.child && (p.birthYear === undefined || ageOn(day, p.birthYear, p.birthMonth ?? 1) < 18),
  ).length

// ---------------------------------------------------------------------------------------------

/**
 * The point-in-time map, as Socialstyrelsen's survey counts: on one day, the households in each
 * of the four situations and the persons in them (adults and children apart), and the main
 * applicants by gender and age band. Only the main applicant's gender and year of birth are
 * recorded, so the other adults and the children are counted without them (the note says so).
 */
export function situationMap(data: FollowUpData, on: string, caseload?: string): Report {
  const households = scoped(data, { from: on, to: on, ...(caseload === undefined ? {} : { caseload }) })
  const counted = households.flatMap((h) => {
    const code = homelessOn(h, on, data.placements)
    return code === undefined ? [] : [{ h, code }]
  })
  const bySituation = situationCodes.map((code) => counted.filter((c) => c.code === code))
  const column = (f: (hs: typeof counted) => number) => suppressColumn(bySituation.map(f))
  const households_ = column((hs) => hs.length)
  const adults = column((hs) => hs.reduce((s, c) => s + c.h.adults, 0))
  const children = column((hs) => hs.reduce((s, c) => s + c.h.children, 0))
  // Persons are adults plus children: a row's persons are hidden where either part is, or the
  // hidden part could be worked out as persons minus the other.
  const persons = column((hs) => hs.reduce((s, c) => s + c.h.adults + c.h.children, 0)).map((p, i) =>
    isHidden(adults[i] ?? null) || isHidden(children[i] ?? null)
      ? isHidden(p)
        ? p
        : complementaryHidden
      : p,
  )
  const totals = {
    households: shown(counted.length),
    adults: shown(counted.reduce((s, c) => s + c.h.adults, 0)),
    children: shown(counted.reduce((s, c) => s + c.h.children, 0)),
    persons: shown(counted.reduce((s, c) => s + c.h.adults + c.h.children, 0)),
  }
  const perSituation: Table = {
    id: 'per-situation',
    title: 'Hushåll och personer per situation',
    columns: [
      { key: 'situation', label: 'Situation', kind: 'label' },
      { key: 'households', label: 'Hushåll', kind: 'count' },
      { key: 'adults', label: 'Vuxna', kind: 'count' },
      { key: 'children', label: 'Barn', kind: 'count' },
      { key: 'persons', label: 'Personer', kind: 'count' },
    ],
    rows: [
      ...situationCodes.map((code, i) => ({
        situation: situationLabels[code],
        households: households_[i] ?? null,
        adults: adults[i] ?? null,
        children: children[i] ?? null,
        persons: persons[i] ?? null,
      })),
      { situation: 'Totalt', ...totals },
    ],
  }
  const groupRows: Record<string, Value>[] = []
  for (const [i, code] of situationCodes.entries()) {
    const keys = genders.flatMap((g) => ageBands.map((a) => [g, a] as const))
    const counts = keys.map(
      ([g, a]) =>
        (bySituation[i] ?? []).filter((c) => c.h.gender === g && ageBand(c.h.birthYear, on) === a).length,
    )
    const cells = suppressColumn(counts)
    keys.forEach(([g, a], k) => {
      if (counts[k] === 0) return
      groupRows.push({
        situation: situationLabels[code],
        gender: genderLabels[g] ?? g,
        ageBand: a,
        mainApplicants: cells[k] ?? null,
      })
    })
  }
  const personRows: Record<string, Value>[] = []
  for (const [i, code] of situationCodes.entries()) {
    const persons = (bySituation[i] ?? []).flatMap((c) => personsIn(c.h))
    const keys = genders.flatMap((g) => personGroups.map((a) => [g, a] as const))
    const counts = keys.map(
      ([g, a]) => persons.filter((p) => p.gender === g && personGroup(p, on) === a).length,
    )
    const cells = suppressColumn(counts)
    keys.forEach(([g, a], k) => {
      if (counts[k] === 0) return
      personRows.push({
        situation: situationLabels[code],
        gender: genderLabels[g] ?? g,
        ageBand: a,
        persons: cells[k] ?? null,
      })
    })
  }
  // Prevention cases (households at risk of eviction, not homeless): apart from the four situations.
  const prevention = households.filter((h) => preventionOpenOn(h, on))
  const pAdults = prevention.reduce((s, h) => s + h.adults, 0)
  const pChildren = prevention.reduce((s, h) => s + childrenUnder18(h, on), 0)
  const [pAdultsCell, pChildrenCell] = [
    suppressColumn([pAdults])[0] ?? null,
    suppressColumn([pChildren])[0] ?? null,
  ]
  const pPersons =
    isHidden(pAdultsCell) || isHidden(pChildrenCell)
      ? pAdults + pChildren > 0 && pAdults + pChildren < suppressionThreshold
        ? (suppressColumn([pAdults + pChildren])[0] ?? null)
        : complementaryHidden
      : shown(pAdults + pChildren)
  const preventionTable: Table = {
    id: 'prevention',
    title: 'Förebyggande ärenden: risk för vräkning (ingår inte i situationerna)',
    columns: [
      { key: 'households', label: 'Hushåll', kind: 'count' },
      { key: 'adults', label: 'Vuxna', kind: 'count' },
      { key: 'children', label: 'Barn som riskerar vräkning', kind: 'count' },
      { key: 'persons', label: 'Personer', kind: 'count' },
      { key: 'withChildren', label: 'Hushåll med barn', kind: 'count' },
      { key: 'landlordNotice', label: 'Med underrättelse från hyresvärden', kind: 'count' },
      { key: 'evictionDate', label: 'Med beslutat avhysningsdatum', kind: 'count' },
    ],
    rows: [
      {
        households: suppressColumn([prevention.length])[0] ?? null,
        adults: pAdultsCell,
        children: pChildrenCell,
        persons: pPersons,
        withChildren:
          suppressColumn([prevention.filter((h) => childrenUnder18(h, on) > 0).length])[0] ?? null,
        landlordNotice:
          suppressColumn([prevention.filter((h) => h.prevention?.landlordNotice).length])[0] ?? null,
        evictionDate:
          suppressColumn([prevention.filter((h) => h.prevention?.evictionDate !== undefined).length])[0] ??
          null,
      },
    ],
  }
  return {
    name: 'map',
    title: 'Hemlöshetskartläggning',
    covers: { on, ...(caseload === undefined ? {} : { caseload }) },
    suppressionThreshold,
    tables: [
      perSituation,
      {
        id: 'main-applicants',
        title: 'Huvudsökande per situation, kön och ålder',
        columns: [
          { key: 'situation', label: 'Situation', kind: 'label' },
          { key: 'gender', label: 'Kön', kind: 'label' },
          { key: 'ageBand', label: 'Ålder', kind: 'label' },
          { key: 'mainApplicants', label: 'Huvudsökande', kind: 'count' },
        ],
        rows: groupRows,
      },
      {
        id: 'persons',
        title: 'Personer per situation, kön och ålder',
        columns: [
          { key: 'situation', label: 'Situation', kind: 'label' },
          { key: 'gender', label: 'Kön', kind: 'label' },
          { key: 'ageBand', label: 'Ålder', kind: 'label' },
          { key: 'persons', label: 'Personer', kind: 'count' },
        ],
        rows: personRows,
      },
      preventionTable,
    ],
    notes: [
      'Situationerna är Socialstyrelsens fyra. Ett hushåll räknas från registreringen till den dag det avslutas eller flyttar in i en egen bostad (förstahandskontrakt eller Bostad först); socialt kontrakt, tränings- och försökslägenhet räknas som situation 3 och stödboende som situation 2.',
      'Personer räknas som i Socialstyrelsens kartläggning: vuxna och barn, med kön och ålder där hushållets uppgifter anger dem (hushållets medlemmar och barnens kön); annars räknas de som okänt kön och ålder. Barn är 0–17 år.',
      'Förebyggande ärenden är hushåll som riskerar att vräkas men ännu inte är hemlösa. De räknas för sig och aldrig i någon av de fyra situationerna; blir hushållet vräkt räknas det från den dagen i sin nya situation.',
      'Ålder är årtalet minus födelseåret. Antal från 1 till 4 visas som "<5"; ".." döljer ett större antal som annars skulle avslöja ett litet ur summan.',
    ],
  }
}

/** The situation a placement ended: the one the household was in the day before it started. */
const situationBefore = (h: FollowUpHousehold | undefined, p: FollowUpPlacement) =>
  h === undefined ? undefined : situationOn(h, addDays(p.startDate, -1))

/**
 * Flows over a period, per situation: households registered (in the situation they were
 * registered in), placed (in the situation they left), withdrawn (in their last situation), and
 * returns to homelessness within 6 and 12 months of a placement (placements of the period whose
 * window has ended by the period's last day; see `returnedWithin`).
 */
export function flows(data: FollowUpData, q: ReportQuery): Report {
  const households = scoped(data, q)
  const byId = new Map(households.map((h) => [h.id, h]))
  const placements = data.placements.filter((p) => byId.has(p.applicantId) && inPeriod(p.startDate, q))
  const perCode = (code: SituationCode) => {
    const registered = households.filter(
      (h) => inPeriod(h.registeredOn, q) && h.situations[0]?.code === code,
    ).length
    const placed = placements.filter((p) => situationBefore(byId.get(p.applicantId), p)?.code === code)
    const withdrawn = households.filter(
      (h) => inPeriod(h.withdrawnOn, q) && situationOn(h, h.withdrawnOn as string)?.code === code,
    ).length
    const window = (months: number) => placed.filter((p) => addMonths(p.startDate, months) <= q.to)
    const returns = (months: number) =>
      window(months).filter((p) => returnedWithin(byId.get(p.applicantId) as FollowUpHousehold, p, months))
        .length
    return {
      registered,
      placed: placed.length,
      withdrawn,
      followed6: window(6).length,
      returned6: returns(6),
      followed12: window(12).length,
      returned12: returns(12),
    }
  }
  const figures = situationCodes.map(perCode)
  const keys = [
    'registered',
    'placed',
    'withdrawn',
    'followed6',
    'returned6',
    'followed12',
    'returned12',
  ] as const
  const columns = Object.fromEntries(keys.map((k) => [k, suppressColumn(figures.map((f) => f[k]))]))
  const total = (k: (typeof keys)[number]) => shown(figures.reduce((s, f) => s + f[k], 0))
  return {
    name: 'flows',
    title: 'Flöden: nya, placerade, avslutade och återkomster',
    covers: covers(q),
    suppressionThreshold,
    tables: [
      {
        id: 'flows',
        title: 'Per situation',
        columns: [
          { key: 'situation', label: 'Situation', kind: 'label' },
          { key: 'registered', label: 'Nya', kind: 'count' },
          { key: 'placed', label: 'Placerade', kind: 'count' },
          { key: 'withdrawn', label: 'Avslutade', kind: 'count' },
          { key: 'followed6', label: 'Följda 6 mån', kind: 'count' },
          { key: 'returned6', label: 'Åter inom 6 mån', kind: 'count' },
          { key: 'followed12', label: 'Följda 12 mån', kind: 'count' },
          { key: 'returned12', label: 'Åter inom 12 mån', kind: 'count' },
        ],
        rows: [
          ...situationCodes.map((code, i) => ({
            situation: situationLabels[code],
            ...Object.fromEntries(keys.map((k) => [k, columns[k]?.[i] ?? null])),
          })),
          { situation: 'Totalt', ...Object.fromEntries(keys.map((k) => [k, total(k)])) },
        ],
      },
      preventionFlows(households, q),
    ],
    notes: [
      'Nya räknas i den situation hushållet registrerades i, placerade i den situation de lämnade och avslutade i sin sista situation.',
      'Återkomst: en ny situation som började efter placeringens startdag och inom 6 eller 12 månader. Bara placeringar vars 6 eller 12 månader har gått ut före periodens sista dag följs.',
      'Förebyggande ärenden (risk för vräkning) räknas för sig: nya ärenden och avslutade ärenden per utfall. Ett avtal om att bo kvar är ett utfall, ingen bostad.',
      'Antal från 1 till 4 visas som "<5"; ".." döljer ett större antal som annars skulle avslöja ett litet ur summan.',
    ],
  }
}

export const preventionOutcomeLabels: Record<PreventionOutcome, string> = preventionOutcomeNames

/**
 * Prevention cases over a period: those registered, and those that ended, per outcome (a stay-put
 * agreement is an outcome, not a vacancy: rule PV6), with the children in the households that
 * ended. Apart from the situations' flows, which never count a prevention case.
 */
function preventionFlows(households: readonly FollowUpHousehold[], q: ReportQuery): Table {
  const cases = households.filter((h) => h.prevention !== undefined)
  const registered = cases.filter((h) => inPeriod(h.registeredOn, q))
  const ended = (kind: PreventionOutcome) =>
    cases.filter((h) => h.prevention?.outcome?.kind === kind && inPeriod(h.prevention.outcome.on, q))
  const rows = [
    { label: 'Nya förebyggande ärenden', hs: registered, day: (h: FollowUpHousehold) => h.registeredOn },
    ...preventionOutcomes.map((kind) => ({
      label: `Avslutade: ${preventionOutcomeLabels[kind]}`,
      hs: ended(kind),
      day: (h: FollowUpHousehold) => h.prevention?.outcome?.on ?? h.registeredOn,
    })),
  ]
  const households_ = suppressColumn(rows.map((r) => r.hs.length))
  const children = suppressColumn(rows.map((r) => r.hs.reduce((s, h) => s + childrenUnder18(h, r.day(h)), 0)))
  return {
    id: 'prevention',
    title: 'Förebyggande ärenden (ingår inte i situationerna)',
    columns: [
      { key: 'what', label: 'Ärenden', kind: 'label' },
      { key: 'households', label: 'Hushåll', kind: 'count' },
      { key: 'children', label: 'Barn', kind: 'count' },
    ],
    rows: rows.map((r, i) => ({
      what: r.label,
      households: households_[i] ?? null,
      children: children[i] ?? null,
    })),
  }
}

/**
 * Time to housing for the placements of the period: days from registration to the offer that
 * led to the placement and to the placement's start, median and 90th percentile, per situation
 * at registration, per vacancy type and with or without children. Fewer than five placements
 * in a group: no figures.
 */
export function timeToHousing(data: FollowUpData, q: ReportQuery): Report {
  const households = scoped(data, q)
  const byId = new Map(households.map((h) => [h.id, h]))
  const offers = new Map(data.offers.map((o) => [o.id, o]))
  const cases = data.placements
    .filter((p) => byId.has(p.applicantId) && inPeriod(p.startDate, q))
    .map((p) => {
      const h = byId.get(p.applicantId) as FollowUpHousehold
      const offer = offers.get(p.offerId)
      return {
        situation: h.situations[0]?.code,
        type: p.vacancyType,
        children: h.children > 0,
        toOffer: offer === undefined ? undefined : daysBetween(h.registeredOn, offer.offeredOn),
        toPlacement: daysBetween(h.registeredOn, p.startDate),
      }
    })
  type Case = (typeof cases)[number]
  const row = (dimension: string, value: string, group: readonly Case[]) => {
    const offer = spread(group.flatMap((c) => (c.toOffer === undefined ? [] : [c.toOffer])))
    const placed = spread(group.map((c) => c.toPlacement))
    return {
      dimension,
      value,
      placements: shown(group.length),
      offerMedian: offer.median,
      offerP90: offer.p90,
      placementMedian: placed.median,
      placementP90: placed.p90,
    }
  }
  const rows = [
    row('alla', 'alla', cases),
    ...situationCodes.map((code) =>
      row(
        'situation',
        situationLabels[code],
        cases.filter((c) => c.situation === code),
      ),
    ),
    ...vacancyTypes.map((t) =>
      row(
        'bostadstyp',
        typeLabels[t] ?? t,
        cases.filter((c) => c.type === t),
      ),
    ),
    row(
      'barn i hushållet',
      'ja',
      cases.filter((c) => c.children),
    ),
    row(
      'barn i hushållet',
      'nej',
      cases.filter((c) => !c.children),
    ),
  ]
  return {
    name: 'time-to-housing',
    title: 'Tid till bostad',
    covers: covers(q),
    suppressionThreshold,
    tables: [
      {
        id: 'days',
        title: 'Dagar från registrering, för placeringar som började under perioden',
        columns: [
          { key: 'dimension', label: 'Grupp', kind: 'label' },
          { key: 'value', label: 'Värde', kind: 'label' },
          { key: 'placements', label: 'Placeringar', kind: 'count' },
          { key: 'offerMedian', label: 'Till erbjudande, median', kind: 'days' },
          { key: 'offerP90', label: 'Till erbjudande, 90:e percentil', kind: 'days' },
          { key: 'placementMedian', label: 'Till inflyttning, median', kind: 'days' },
          { key: 'placementP90', label: 'Till inflyttning, 90:e percentil', kind: 'days' },
        ],
        rows,
      },
    ],
    notes: [
      'Situation är den hushållet registrerades i. En grupp med färre än 5 placeringar får inga tider ("–").',
      'Percentiler enligt närmaste rang: 90:e percentilen är den dag då 9 av 10 hade fått sitt erbjudande eller flyttat in.',
    ],
  }
}

/**
 * Declines and overrides over the period, per vacancy type: offers made, accepted, declined by
 * the household and by the landlord, closed without an answer; then the reasons given for
 * declines, overrides and rejections.
 */
export function declines(data: FollowUpData, q: ReportQuery): Report {
  const ids = new Set(scoped(data, q).map((h) => h.id))
  const offers = data.offers.filter((o) => ids.has(o.applicantId))
  const perType = vacancyTypes.map((t) => {
    const ofType = offers.filter((o) => o.vacancyType === t)
    const answered = (status: string, by?: string) =>
      ofType.filter(
        (o) => o.status === status && inPeriod(o.answeredOn, q) && (by === undefined || o.declinedBy === by),
      ).length
    return {
      made: ofType.filter((o) => inPeriod(o.offeredOn, q)).length,
      accepted: answered('accepted'),
      declinedHousehold: answered('declined', 'household'),
      declinedLandlord: answered('declined', 'landlord'),
      noAnswer: answered('no_answer'),
      overrides: data.decisions.filter(
        (d) => d.kind === 'override' && d.vacancyType === t && inPeriod(d.decidedOn, q),
      ).length,
      rejections: data.decisions.filter(
        (d) => d.kind === 'reject' && d.vacancyType === t && inPeriod(d.decidedOn, q),
      ).length,
    }
  })
  const keys = [
    'made',
    'accepted',
    'declinedHousehold',
    'declinedLandlord',
    'noAnswer',
    'overrides',
    'rejections',
  ] as const
  const cols = Object.fromEntries(keys.map((k) => [k, suppressColumn(perType.map((f) => f[k]))]))
  const reasonRows = (kind: string, reasons: readonly string[], count: (reason: string) => number) => {
    const counts = reasons.map(count)
    const cells = suppressColumn(counts)
    return reasons.flatMap((r, i) =>
      counts[i] === 0
        ? []
        : [{ kind, reason: reasonLabels[r] ?? declineLabels[r] ?? r, count: cells[i] ?? null }],
    )
  }
  const declined = offers.filter((o) => o.status === 'declined' && inPeriod(o.answeredOn, q))
  const decided = data.decisions.filter((d) => inPeriod(d.decidedOn, q))
  return {
    name: 'declines',
    title: 'Tackade nej, ändrade och avvisade förslag',
    covers: covers(q),
    suppressionThreshold,
    tables: [
      {
        id: 'per-type',
        title: 'Per bostadstyp',
        columns: [
          { key: 'type', label: 'Bostadstyp', kind: 'label' },
          { key: 'made', label: 'Erbjudanden', kind: 'count' },
          { key: 'accepted', label: 'Ja', kind: 'count' },
          { key: 'declinedHousehold', label: 'Nej, hushållet', kind: 'count' },
          { key: 'declinedLandlord', label: 'Nej, hyresvärden', kind: 'count' },
          { key: 'noAnswer', label: 'Inget svar', kind: 'count' },
          { key: 'overrides', label: 'Ändrade förslag', kind: 'count' },
          { key: 'rejections', label: 'Avvisade förslag', kind: 'count' },
        ],
        rows: vacancyTypes.map((t, i) => ({
          type: typeLabels[t] ?? t,
          ...Object.fromEntries(keys.map((k) => [k, cols[k]?.[i] ?? null])),
        })),
      },
      {
        id: 'reasons',
        title: 'Skäl',
        columns: [
          { key: 'kind', label: 'Vad', kind: 'label' },
          { key: 'reason', label: 'Skäl', kind: 'label' },
          { key: 'count', label: 'Antal', kind: 'count' },
        ],
        rows: [
          ...reasonRows(
            'nej till erbjudande',
            declineReasons,
            (r) => declined.filter((o) => o.declineReason === r).length,
          ),
          ...reasonRows(
            'ändrat förslag',
            overrideReasons,
            (r) => decided.filter((d) => d.kind === 'override' && d.reasonCode === r).length,
          ),
          ...reasonRows(
            'avvisat förslag',
            rejectReasons,
            (r) => decided.filter((d) => d.kind === 'reject' && d.reasonCode === r).length,
          ),
        ],
      },
    ],
    notes: [
      'Erbjudanden räknas den dag de lämnades, svar den dag de gavs. Antal från 1 till 4 visas som "<5".',
    ],
  }
}

/**
 * Vacancy days: how long a vacancy waited from the day it was available to the start of its
 * placement (placements of the period), and how many are still waiting on the period's last day.
 */
export function vacancyDays(data: FollowUpData, q: ReportQuery): Report {
  const vacancies = new Map(data.vacancies.map((v) => [v.id, v]))
  const placed = data.placements.filter((p) => inPeriod(p.startDate, q))
  const waitingDays = (p: FollowUpPlacement) => {
    const v = vacancies.get(p.vacancyId)
    return v === undefined ? 0 : Math.max(0, daysBetween(v.availableFrom, p.startDate))
  }
  const letIds = new Set(data.placements.filter((p) => p.startDate <= q.to).map((p) => p.vacancyId))
  const open = data.vacancies.filter(
    (v) => v.status !== 'withdrawn' && v.availableFrom <= q.to && !letIds.has(v.id),
  )
  const letCounts = suppressColumn(vacancyTypes.map((t) => placed.filter((p) => p.vacancyType === t).length))
  const waitingCounts = suppressColumn(vacancyTypes.map((t) => open.filter((v) => v.type === t).length))
  const rows = vacancyTypes.map((t, i) => {
    const days = spread(placed.filter((p) => p.vacancyType === t).map(waitingDays))
    const waiting = spread(open.filter((v) => v.type === t).map((v) => daysBetween(v.availableFrom, q.to)))
    return {
      type: typeLabels[t] ?? t,
      let: letCounts[i] ?? null,
      median: days.median,
      p90: days.p90,
      waiting: waitingCounts[i] ?? null,
      waitingMedian: waiting.median,
    }
  })
  const totalDays = spread(placed.map(waitingDays))
  return {
    name: 'vacancy-days',
    title: 'Vakansdagar',
    covers: covers(q),
    suppressionThreshold,
    tables: [
      {
        id: 'per-type',
        title: 'Dagar från ledig till inflyttning, och bostäder som väntar',
        columns: [
          { key: 'type', label: 'Bostadstyp', kind: 'label' },
          { key: 'let', label: 'Uthyrda', kind: 'count' },
          { key: 'median', label: 'Vakansdagar, median', kind: 'days' },
          { key: 'p90', label: 'Vakansdagar, 90:e percentil', kind: 'days' },
          { key: 'waiting', label: 'Väntar nu', kind: 'count' },
          { key: 'waitingMedian', label: 'Har väntat, median', kind: 'days' },
        ],
        rows: [
          ...rows,
          {
            type: 'Alla',
            let: shown(placed.length),
            median: totalDays.median,
            p90: totalDays.p90,
            waiting: shown(open.length),
            waitingMedian: spread(open.map((v) => daysBetween(v.availableFrom, q.to))).median,
          },
        ],
      },
    ],
    notes: [
      'En uthyrd bostad är en placerad person: antal från 1 till 4 visas som "<5" ("..": ett större antal som annars skulle avslöja ett litet). Medianer över färre än 5 bostäder visas inte ("–").',
    ],
  }
}

/**
 * Placements per district over the period, against the segregation caps: the count per district,
 * whether the policy counts it as vulnerable, the most placed there in one round and that
 * round's cap.
 */
export function districts(data: FollowUpData, q: ReportQuery): Report {
  const ids = new Set(scoped(data, q).map((h) => h.id))
  const placed = data.placements.filter((p) => ids.has(p.applicantId) && inPeriod(p.startDate, q))
  const rounds = new Map(data.rounds.map((r) => [r.id, r]))
  const names = [...new Set(placed.map((p) => p.district))].sort((a, b) => a.localeCompare(b, 'sv'))
  const counts = names.map((d) => placed.filter((p) => p.district === d).length)
  const cells = suppressColumn(counts)
  const rows = names.map((d, i) => {
    const perRound = new Map<string, number>()
    for (const p of placed.filter((x) => x.district === d))
      perRound.set(p.roundId, (perRound.get(p.roundId) ?? 0) + 1)
    const caps = [...perRound.keys()].flatMap((id) => {
      const cap = rounds.get(id)?.districtCap
      return cap?.districts.includes(d) ? [cap.maxPerDistrict] : []
    })
    const most = Math.max(0, ...perRound.values())
    return {
      district: d,
      placements: cells[i] ?? null,
      vulnerable: caps.length > 0 ? 'ja' : 'nej',
      mostInOneRound: shown(most),
      cap: caps.length > 0 ? Math.min(...caps) : null,
    }
  })
  return {
    name: 'districts',
    title: 'Placeringar per område',
    covers: covers(q),
    suppressionThreshold,
    tables: [
      {
        id: 'per-district',
        title: 'Placeringar som började under perioden',
        columns: [
          { key: 'district', label: 'Område', kind: 'label' },
          { key: 'placements', label: 'Placeringar', kind: 'count' },
          { key: 'vulnerable', label: 'Utsatt område med tak', kind: 'label' },
          { key: 'mostInOneRound', label: 'Flest i en runda', kind: 'count' },
          { key: 'cap', label: 'Tak per runda', kind: 'count' },
        ],
        rows,
      },
    ],
    notes: [
      'Taket är policyns högsta antal placeringar per runda i ett socioekonomiskt utsatt område. Antal från 1 till 4 visas som "<5"; ".." döljer ett större antal som annars skulle avslöja ett litet ur summan.',
    ],
  }
}

/**
 * Housing First retention on a day: of the Housing First placements that started at least 6
 * (12) months before it, the share with no return to homelessness within 6 (12) months.
 */
export function housingFirstRetention(data: FollowUpData, on: string, caseload?: string): Report {
  const households = new Map(
    scoped(data, { from: on, to: on, ...(caseload === undefined ? {} : { caseload }) }).map((h) => [h.id, h]),
  )
  const hf = data.placements.filter((p) => p.vacancyType === 'housing_first' && households.has(p.applicantId))
  const row = (months: number) => {
    const followed = hf.filter((p) => addMonths(p.startDate, months) <= on)
    const kept = followed.filter(
      (p) => !returnedWithin(households.get(p.applicantId) as FollowUpHousehold, p, months),
    )
    const [f, k] = suppressColumn([followed.length, kept.length])
    return {
      months: `${months} månader`,
      followed: f ?? null,
      stillHoused: k ?? null,
      share: share(kept.length, followed.length),
    }
  }
  return {
    name: 'housing-first-retention',
    title: 'Bostad först: kvar i bostaden',
    covers: { on, ...(caseload === undefined ? {} : { caseload }) },
    suppressionThreshold,
    tables: [
      {
        id: 'retention',
        title: 'Andel som bor kvar',
        columns: [
          { key: 'months', label: 'Efter', kind: 'label' },
          { key: 'followed', label: 'Placeringar följda', kind: 'count' },
          { key: 'stillHoused', label: 'Bor kvar', kind: 'count' },
          { key: 'share', label: 'Andel', kind: 'share' },
        ],
        rows: [row(6), row(12)],
      },
    ],
    notes: [
      'Bor kvar: ingen ny hemlöshetssituation har registrerats inom tiden. Bara placeringar som började minst 6 eller 12 månader före dagen följs.',
    ],
  }
}

const formLabels: Record<string, string> = {
  social_contract: 'socialt kontrakt',
  training: 'träningslägenhet',
  trial: 'försökslägenhet',
}

/**
 * The tenancy pathway over the period, per sublet form (social contract, training and trial
 * flat): placements that started, contracts the households took over (övertagande), trial periods
 * that ended without a take-over while the household still lived there, placements that ended
 * (for any reason: a move, an own home, an eviction, leaving, death), moves on to another sublet
 * among them, and, on the period's last day, households still in a sublet and those among them whose
 * trial period ends within 90 days.
 */
export function pathway(data: FollowUpData, q: ReportQuery): Report {
  const ids = new Set(scoped(data, q).map((h) => h.id))
  const sublets = data.placements.filter(
    (p) => ids.has(p.applicantId) && subletForms.includes(p.contractForm),
  )
  const soon = addMonths(q.to, 3)
  const active = (p: FollowUpPlacement, day: string) =>
    p.startDate <= day &&
    (p.endedOn === undefined || p.endedOn > day) &&
    (p.takenOverOn === undefined || p.takenOverOn > day)
  const movedToSublet = (p: FollowUpPlacement) =>
    p.endedOn !== undefined &&
    data.placements.some(
      (n) =>
        n.applicantId === p.applicantId && n.startDate === p.endedOn && subletForms.includes(n.contractForm),
    )
  const figures = subletForms.map((form) => {
    const of = sublets.filter((p) => p.contractForm === form)
    return [
      of.filter((p) => inPeriod(p.startDate, q)).length,
      of.filter((p) => inPeriod(p.takenOverOn, q)).length,
      of.filter(
        (p) =>
          inPeriod(p.trialPeriodEndsOn, q) &&
          (p.takenOverOn === undefined || p.takenOverOn > (p.trialPeriodEndsOn as string)) &&
          (p.endedOn === undefined || p.endedOn > (p.trialPeriodEndsOn as string)),
      ).length,
      of.filter((p) => inPeriod(p.endedOn, q)).length,
      of.filter((p) => inPeriod(p.endedOn, q) && movedToSublet(p)).length,
      of.filter((p) => active(p, q.to)).length,
      of.filter(
        (p) =>
          active(p, q.to) &&
          p.trialPeriodEndsOn !== undefined &&
          p.trialPeriodEndsOn > q.to &&
          p.trialPeriodEndsOn <= soon,
      ).length,
    ]
  })
  const keys = [
    'started',
    'takenOver',
    'trialEndedNotTakenOver',
    'ended',
    'movedToSublet',
    'inSubletOnLastDay',
    'trialEndsWithin90',
  ] as const
  // Suppressed column by column, so that a small count hidden in one row cannot be worked out from the others.
  const columns = keys.map((_k, c) => suppressColumn(figures.map((f) => f[c] ?? 0)))
  const row = (label: string, i: number) => ({
    form: label,
    ...Object.fromEntries(keys.map((k, c) => [k, columns[c]?.[i] ?? null])),
  })
  return {
    name: 'pathway',
    title: 'Boendekedjan: övertaganden och prövotider',
    covers: covers(q),
    suppressionThreshold,
    tables: [
      {
        id: 'pathway',
        title: 'Kommunens andrahandskontrakt under perioden',
        columns: [
          { key: 'form', label: 'Kontrakt', kind: 'label' },
          { key: 'started', label: 'Placeringar som började', kind: 'count' },
          { key: 'takenOver', label: 'Övertagna kontrakt', kind: 'count' },
          { key: 'trialEndedNotTakenOver', label: 'Prövotid slut utan övertagande', kind: 'count' },
          { key: 'ended', label: 'Placeringar som upphörde', kind: 'count' },
          { key: 'movedToSublet', label: 'Flyttat till annat andrahandskontrakt', kind: 'count' },
          { key: 'inSubletOnLastDay', label: 'Bor i andrahandskontrakt sista dagen', kind: 'count' },
          { key: 'trialEndsWithin90', label: 'Prövotiden slutar inom 3 månader', kind: 'count' },
        ],
        rows: subletForms.map((form, i) => row(formLabels[form] ?? form, i)),
      },
    ],
    notes: [
      'Övertagande: hushållet tar över andrahandskontraktet som sitt eget förstahandskontrakt och bor kvar. Räknas den dag det gäller från.',
      'Prövotid slut utan övertagande: prövotiden slutade under perioden medan hushållet bodde kvar i andrahand. Sista dagen och de kommande 3 månaderna räknas från periodens sista dag.',
      'Placeringar som upphörde: av vilket skäl som helst (flytt till en annan placering, egen bostad, avhysning, hushållet lämnade bostaden, dödsfall). En flytt till ett annat andrahandskontrakt räknas både här och i kolumnen efter. Ett övertaget kontrakt har inte upphört: hushållet bor kvar på eget kontrakt.',
      'Antal från 1 till 4 visas som "<5"; ".." döljer ett större antal som annars skulle avslöja ett litet ur summan.',
    ],
  }
}

const attributeLabels: Record<string, string> = {
  gender: 'kön',
  ageBand: 'ålder',
  bornAbroad: 'född utomlands',
  hasChildren: 'barn i hushållet',
}
const valueLabel = (attribute: string, value: string) =>
  attribute === 'gender'
    ? (genderLabels[value] ?? value)
    : value === 'true'
      ? 'ja'
      : value === 'false'
        ? 'nej'
        : value === 'unknown'
          ? 'okänt'
          : value

/**
 * Equality monitoring: for gender, age band, born abroad and households with children, the
 * eligible and matched households of each round of the period (by its date), the match rate,
 * its ratio to the round's overall rate, and a flag where the rate lies further from the overall
 * rate than the round's policy allows; then the same summed over the period.
 */
export function equality(data: FollowUpData, q: ReportQuery): Report {
  const rounds = data.rounds.filter((r) => inPeriod(r.asOf, q) && r.equality !== undefined)
  const attributes = Object.keys(attributeLabels)
  const rowsOf = (
    label: string,
    eligible: number,
    matched: number,
    groups: readonly { attribute: string; value: string; eligible: number; matched: number }[],
    epsilon: number | undefined,
  ) => {
    const overall = share(matched, eligible)
    const sorted = groups
      .filter((g) => attributes.includes(g.attribute))
      .sort(
        (a, b) =>
          attributes.indexOf(a.attribute) - attributes.indexOf(b.attribute) || (a.value < b.value ? -1 : 1),
      )
    // Within one attribute the groups add up to the round's total, so each attribute's counts are
    // suppressed together (a second cell hidden where one would otherwise follow from the total),
    // and a group's matched count is hidden with its eligible count.
    const shownCounts = new Map<(typeof sorted)[number], { eligible: Value; matched: Value }>()
    for (const attribute of attributes) {
      const of = sorted.filter((g) => g.attribute === attribute)
      const eligibleCells = suppressColumn(of.map((g) => g.eligible))
      const matchedCells = suppressColumn(of.map((g) => g.matched))
      of.forEach((g, k) => {
        const e = eligibleCells[k] ?? null
        const m = matchedCells[k] ?? null
        shownCounts.set(g, { eligible: e, matched: isHidden(e) && !isHidden(m) ? complementaryHidden : m })
      })
    }
    return sorted.map((g) => {
      const counts = shownCounts.get(g) ?? { eligible: null, matched: null }
      const visible = !isHidden(counts.eligible) && !isHidden(counts.matched)
      const rate = visible ? share(g.matched, g.eligible) : null
      const ratio =
        rate === null || overall === null || overall === 0 ? null : Math.round((rate / overall) * 100) / 100
      const flagged =
        rate === null || overall === null || epsilon === undefined
          ? null
          : Math.abs(rate - overall) > epsilon
            ? 'ja'
            : 'nej'
      return {
        round: label,
        attribute: attributeLabels[g.attribute] ?? g.attribute,
        value: valueLabel(g.attribute, g.value),
        eligible: counts.eligible,
        matched: counts.matched,
        rate,
        ratio,
        flagged,
      }
    })
  }
  const perRound = rounds.flatMap((r) => {
    const e = r.equality as NonNullable<typeof r.equality>
    return rowsOf(`${r.asOf} (${r.id.slice(0, 8)})`, e.eligible, e.matched, e.groups, r.parityEpsilon)
  })
  const summed = new Map<string, { attribute: string; value: string; eligible: number; matched: number }>()
  let eligible = 0
  let matched = 0
  for (const r of rounds) {
    const e = r.equality as NonNullable<typeof r.equality>
    eligible += e.eligible
    matched += e.matched
    for (const g of e.groups) {
      const key = `${g.attribute}=${g.value}`
      const s = summed.get(key) ?? { attribute: g.attribute, value: g.value, eligible: 0, matched: 0 }
      s.eligible += g.eligible
      s.matched += g.matched
      summed.set(key, s)
    }
  }
  const epsilons = rounds.map((r) => r.parityEpsilon)
  const overall = share(matched, eligible)
  const band = epsilons.length === 0 ? undefined : Math.min(...epsilons)
  const columns = [
    { key: 'round', label: 'Runda', kind: 'label' },
    { key: 'attribute', label: 'Grupp', kind: 'label' },
    { key: 'value', label: 'Värde', kind: 'label' },
    { key: 'eligible', label: 'Behöriga', kind: 'count' },
    { key: 'matched', label: 'Matchade', kind: 'count' },
    { key: 'rate', label: 'Andel matchade', kind: 'share' },
    { key: 'ratio', label: 'Kvot mot alla', kind: 'ratio' },
    { key: 'flagged', label: 'Utanför bandet', kind: 'label' },
  ] as const
  return {
    name: 'equality',
    title: 'Jämlikhet: andel matchade per grupp',
    covers: covers(q),
    suppressionThreshold,
    tables: [
      {
        id: 'period',
        title: 'Hela perioden',
        columns,
        rows: rowsOf('alla rundor', eligible, matched, [...summed.values()], band),
      },
      { id: 'per-round', title: 'Per runda', columns, rows: perRound },
    ],
    ...(overall === null
      ? {}
      : { reference: { label: 'Andel för alla', value: overall, ...(band === undefined ? {} : { band }) } }),
    notes: [
      'Behöriga: hushåll i rundan med minst en bostad de kunde få. Bandet är policyns största tillåtna skillnad mot andelen för alla; för perioden gäller den snävaste rundans band.',
      'Grupper med färre än 5 behöriga eller matchade visar "<5" och ingen andel; ".." döljer ett större antal som annars skulle avslöja ett litet ur summan för alla grupper med samma egenskap.',
    ],
  }
}

/** Runs a report by name. */
export function runReport(name: ReportName, data: FollowUpData, q: ReportQuery): Report {
  switch (name) {
    case 'map':
      return situationMap(data, q.to, q.caseload)
    case 'trend':
      return situationTrend(data.days, q)
    case 'flows':
      return flows(data, q)
    case 'time-to-housing':
      return timeToHousing(data, q)
    case 'declines':
      return declines(data, q)
    case 'vacancy-days':
      return vacancyDays(data, q)
    case 'districts':
      return districts(data, q)
    case 'housing-first-retention':
      return housingFirstRetention(data, q.to, q.caseload)
    case 'pathway':
      return pathway(data, q)
    case 'equality':
      return equality(data, q)
  }
}

export type { AgeBand }

/** One day's raw counts per situation: what the worker stores for the map over time. */
export type SituationCounts = Record<SituationCode, { households: number; adults: number; children: number }>

/** The raw (unsuppressed) counts of the map on `day`, for all households and per caseload. */
export function dailyCounts(
  data: FollowUpData,
  day: string,
): { all: SituationCounts; caseloads: Record<string, SituationCounts> } {
  const empty = (): SituationCounts =>
    Object.fromEntries(
      situationCodes.map((c) => [c, { households: 0, adults: 0, children: 0 }]),
    ) as SituationCounts
  const all = empty()
  const caseloads: Record<string, SituationCounts> = {}
  for (const h of data.households) {
    const code = homelessOn(h, day, data.placements)
    if (code === undefined) continue
    caseloads[h.caseload] ??= empty()
    for (const counts of [all, caseloads[h.caseload] as SituationCounts]) {
      counts[code].households += 1
      counts[code].adults += h.adults
      counts[code].children += h.children
    }
  }
  return { all, caseloads }
}

/**
 * The map over time from the stored daily counts: households per situation on each stored day
 * of the period (at most one row a week when the period is longer than three months, so a chart
 * stays readable), suppressed as every count is.
 */
export function situationTrend(days: FollowUpData['days'], q: ReportQuery): Report {
  const inRange = days.filter((d) => inPeriod(d.day, q)).sort((a, b) => (a.day < b.day ? -1 : 1))
  const weekly = inRange.length > 92
  const picked = weekly ? inRange.filter((_, i) => i % 7 === 0 || i === inRange.length - 1) : inRange
  const rows = picked.map((d) => {
    const counts = q.caseload === undefined ? d.counts.all : d.counts.caseloads[q.caseload]
    const values = situationCodes.map((c) => counts?.[c]?.households ?? 0)
    const cells = suppressColumn(values)
    return {
      day: d.day,
      ...Object.fromEntries(situationCodes.map((c, i) => [c, cells[i] ?? null])),
      total: shown(values.reduce((s, n) => s + n, 0)),
    }
  })
  return {
    name: 'trend',
    title: 'Hemlöshetskartläggningen över tid',
    covers: covers(q),
    suppressionThreshold,
    tables: [
      {
        id: 'households-per-day',
        title: weekly ? 'Hushåll per situation, en dag i veckan' : 'Hushåll per situation och dag',
        columns: [
          { key: 'day', label: 'Dag', kind: 'label' },
          ...situationCodes.map((c) => ({ key: c, label: situationLabels[c], kind: 'count' as const })),
          { key: 'total', label: 'Totalt', kind: 'count' },
        ],
        rows,
      },
    ],
    notes: [
      'Räknat av hemvist varje dag (den dagens läge, som kartläggningen räknar). Dagar då tjänsten inte var igång saknas.',
      'Antal från 1 till 4 visas som "<5"; ".." döljer ett större antal som annars skulle avslöja ett litet ur summan.',
    ],
  }
}
