/**
 * A subject access extract (registerutdrag): what hemvist stores about one household, and the
 * readable document in Swedish that answers the person's request. The data is gathered by
 * `src/services/applicants/extract.ts`; this file only shapes and words it.
 */
import type { Applicant } from './applicant.ts'
import type { ChildPerspective } from './child-perspective.ts'
import { situationName, vacancyTypeName } from './match/words.ts'
import { preventionOutcomeNames, preventionSignalsSv, preventionTenureNames } from './prevention.ts'

export interface ApplicantExtract {
  /** When the extract was made (ISO-8601 UTC). */
  readonly madeAt: string
  readonly applicant: Applicant
  readonly version: number
  /**
   * Present only when retention has culled the household (on that day): the record's personal
   * details are then neutral placeholders kept for the follow-up, not facts about the household.
   */
  readonly culled?: { readonly on: string }
  readonly situations: readonly { code: string; kind: string; since: string; recordedAt: string }[]
  readonly proposals: readonly {
    roundId: string
    vacancyId: string
    vacancyType: string
    district: string
    score: number
    status: string
    createdAt: string
  }[]
  readonly decisions: readonly {
    roundId: string
    kind: string
    /** Whether the decision gave this household the vacancy, or gave its proposal to another household. */
    forThisHousehold: boolean
    vacancyId: string
    legalBasis: string
    reasonCode: string | null
    reasonText: string | null
    decidedBy: string
    decidedAt: string
    policy: { id: string; version: number }
    childPerspective: ChildPerspective | null
  }[]
  readonly offers: readonly {
    id: string
    vacancyId: string
    status: string
    offeredOn: string
    answerBy: string
    answeredAt: string | null
    answeredBy: string | null
    declinedBy: string | null
    declineReason: string | null
  }[]
  readonly placements: readonly {
    id: string
    vacancyId: string
    contractForm: string
    startDate: string
    recordedBy: string
  }[]
  /** Who read or changed the record: newest first, at most the last 1,000. */
  readonly accesses: readonly { at: string; role: string; by: string | null; action: string }[]
}

const swedishDate = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number)
  const months = [
    'januari',
    'februari',
    'mars',
    'april',
    'maj',
    'juni',
    'juli',
    'augusti',
    'september',
    'oktober',
    'november',
    'december',
  ]
  return `${d} ${months[(m ?? 1) - 1]} ${y}`
}
const yesNo = (b: boolean | undefined) => (b === undefined ? 'inte angivet' : b ? 'ja' : 'nej')
const decisionWords: Record<string, string> = { approve: 'godkänt', override: 'ändrat', reject: 'avvisat' }
const offerWords: Record<string, string> = {
  open: 'väntar på svar',
  accepted: 'ja',
  declined: 'nej',
  no_answer: 'inget svar',
}
const legalBasisWords: Record<string, string> = {
  sol_4_1: 'bistånd enligt socialtjänstlagen 4 kap. 1 §',
  obo_priority: 'ÖBO:s beslut om förtur',
}

const genderWords: Record<string, string> = { woman: 'kvinna', man: 'man', other: 'annat', unknown: 'okänt' }

const heardWords: Record<string, string> = {
  yes: 'ja',
  no: 'nej',
  not_old_enough: 'inte tillräckligt gammalt',
}

/** The child's perspective of a decision, as a clause: "; barnets situation beaktad: ja, barnet hört: ja (stable_housing)". */
function childPerspectiveWords(p: ChildPerspective | null): string {
  if (p === null) return ''
  return `; barnets situation beaktad: ${p.considered ? 'ja' : 'nej'}, barnet hört: ${heardWords[p.heard] ?? p.heard} (${p.reason})`
}

/** The prevention case, where the household was registered as one. */
function preventionLines(a: Applicant): string[] {
  const p = a.prevention
  if (p === undefined) return []
  const signals = preventionSignalsSv(p, a.urgency.evictionDate)
  return [
    `- Förebyggande ärende sedan ${swedishDate(p.since)}: risk att förlora ${preventionTenureNames[p.tenure]}${signals.length === 0 ? '' : `; ${signals.join('; ')}`}`,
    p.outcome === undefined
      ? '- Det förebyggande ärendet pågår.'
      : `- Det förebyggande ärendet avslutades ${swedishDate(p.outcome.on)}: ${preventionOutcomeNames[p.outcome.kind]}`,
  ]
}

/** The adults as persons, where listed; a personnummer is stored only as a keyed pseudonym. */
function memberLines(a: Applicant): string[] {
  const members = a.household.members ?? []
  return [
    ...members.map(
      (m) =>
        `- ${m.role === 'applicant' ? 'Sökande' : 'Medsökande'}: född ${m.birthYear}-${String(m.birthMonth).padStart(2, '0')}, kön ${genderWords[m.gender] ?? m.gender}, personnummer ${m.pnrPseudonym === undefined ? 'inte angivet' : 'angivet (sparas bara som en nyckelad pseudonym, aldrig i klartext)'}`,
    ),
    ...a.household.children.flatMap((c, i) =>
      c.gender === undefined ? [] : [`- Barn ${i + 1}: kön ${genderWords[c.gender] ?? c.gender}`],
    ),
  ]
}

/** The extract as a readable Markdown document in Swedish. */
export function extractDocument(e: ApplicantExtract): string {
  const a = e.applicant
  const lines: string[] = [
    `# Registerutdrag från hemvist: hushåll ${a.id}`,
    '',
    `Utdraget gjordes ${swedishDate(e.madeAt)}. Det visar allt hemvist har sparat om hushållet, de beslut som gäller det och vem som har läst eller ändrat uppgifterna.`,
    '',
    ...(e.culled === undefined
      ? []
      : [
          `Hushållets uppgifter gallrades ${swedishDate(e.culled.on)}. Det som visas nedan är neutrala platshållare som finns kvar för uppföljningens räkning, inte uppgifter om hushållet.`,
          '',
        ]),
    '## Hushållet',
    '',
    `- Registrerat: ${swedishDate(a.registeredOn)}`,
    `- Ärendegrupp: ${a.caseload}`,
    `- Status: ${a.status}`,
    `- Vuxna: ${a.household.adults}; barn: ${a.household.children.length}${a.household.children.length === 0 ? '' : ` (födda ${a.household.children.map((c) => `${c.birthYear}-${String(c.birthMonth).padStart(2, '0')}`).join(', ')})`}`,
    a.situation === undefined
      ? '- Situation nu: ingen av de fyra hemlöshetssituationerna (förebyggande ärende: risk för vräkning)'
      : `- Situation nu: ${situationName('sv', a.situation.code)} (${a.situation.kind}) sedan ${swedishDate(a.situation.since)}`,
    ...preventionLines(a),
    ...memberLines(a),
    `- Stödbehov: ${a.needs.supportLevel}`,
    `- Skyddad identitet: ${yesNo(a.safety.protectedIdentity)}`,
    `- Områden att undvika: ${a.safety.excludedDistricts.length === 0 ? 'inga' : a.safety.excludedDistricts.join(', ')}`,
    `- Önskade områden: ${a.preferences.districts.length === 0 ? 'inga' : a.preferences.districts.join(', ')}`,
    `- Uppföljningsuppgifter: kön ${a.monitoring.gender}, födelseår ${a.monitoring.birthYear ?? 'inte angivet'}, född utomlands ${yesNo(a.monitoring.bornAbroad)}`,
    `- Lottnummer (avgör lika fall): ${a.lotteryNumber}`,
    '',
    'Alla sparade fält finns i utdragets JSON-del, som lämnas ut tillsammans med detta dokument.',
    '',
    '## Situationer över tid',
    '',
    ...e.situations.map(
      (s) =>
        `- Från ${swedishDate(s.since)}: ${situationName('sv', s.code)} (${s.kind}), registrerat ${swedishDate(s.recordedAt)}`,
    ),
    '',
    '## Förslag från matchningsrundor',
    '',
    ...(e.proposals.length === 0
      ? ['Inga.']
      : e.proposals.map(
          (p) =>
            `- ${swedishDate(p.createdAt)}: ${vacancyTypeName('sv', p.vacancyType)} ${p.vacancyId} i ${p.district}, ${String(p.score).replace('.', ',')} poäng (${p.status})`,
        )),
    '',
    '## Beslut',
    '',
    ...(e.decisions.length === 0
      ? ['Inga.']
      : e.decisions.map((d) =>
          d.forThisHousehold
            ? `- ${swedishDate(d.decidedAt)}: ${decisionWords[d.kind] ?? d.kind} av ${d.decidedBy}, bostad ${d.vacancyId}, grund: ${legalBasisWords[d.legalBasis] ?? d.legalBasis}${d.reasonCode === null ? '' : `, skäl: ${d.reasonCode}`}${d.reasonText === null ? '' : ` (${d.reasonText})`}${childPerspectiveWords(d.childPerspective)}`
            : `- ${swedishDate(d.decidedAt)}: förslaget ${decisionWords[d.kind] ?? d.kind} av ${d.decidedBy}${d.kind === 'override' ? ': bostaden gick till ett annat hushåll' : ''}${d.reasonCode === null ? '' : `, skäl: ${d.reasonCode}`}${d.reasonText === null ? '' : ` (${d.reasonText})`}`,
        )),
    '',
    '## Erbjudanden',
    '',
    ...(e.offers.length === 0
      ? ['Inga.']
      : e.offers.map(
          (o) =>
            `- ${swedishDate(o.offeredOn)}: bostad ${o.vacancyId}, svar senast ${swedishDate(o.answerBy)}: ${offerWords[o.status] ?? o.status}${o.answeredBy === null ? '' : `, registrerat av ${o.answeredBy}`}${o.declineReason === null ? '' : `, skäl: ${o.declineReason}`}`,
        )),
    '',
    '## Placeringar',
    '',
    ...(e.placements.length === 0
      ? ['Inga.']
      : e.placements.map(
          (p) =>
            `- Från ${swedishDate(p.startDate)}: bostad ${p.vacancyId}, ${p.contractForm}, registrerat av ${p.recordedBy}`,
        )),
    '',
    '## Vem har läst eller ändrat uppgifterna',
    '',
    ...(e.accesses.length === 0
      ? ['Ingen.']
      : e.accesses.map(
          (r) => `- ${r.at.slice(0, 16).replace('T', ' ')} UTC: ${r.by ?? 'okänd'} (${r.role}), ${r.action}`,
        )),
    '',
  ]
  return `${lines.join('\n')}\n`
}
