/**
 * Retention (gallring): how long each kind of record is kept, where the default comes from, and
 * what culling leaves of a household. Pure: the service (`src/services/retention/`) finds the
 * records past their time and culls them in one transaction.
 *
 * To add a kind of record: one entry in `retentionKinds` (its period and source), one in
 * `RetentionSettings` and the configuration (`src/config.ts`), and its step in the service's list
 * of steps. A new table that holds a household's data joins the household step's list of tables.
 */
import type { Applicant } from './applicant.ts'
import { addMonths } from './follow-up/data.ts'

/** The kinds of record retention culls, in the order a run takes them. */
export const retentionKindCodes = ['household', 'round', 'audit', 'staff_session'] as const
export type RetentionKind = (typeof retentionKindCodes)[number]

export interface RetentionKindRule {
  readonly kind: RetentionKind
  readonly sv: string
  readonly en: string
  /** What the clock starts from, in words. */
  readonly clock: { readonly sv: string; readonly en: string }
  /** What a run does with a record past its time. */
  readonly action: { readonly sv: string; readonly en: string }
  readonly unit: 'years' | 'days'
  readonly defaultPeriod: number
  /** The environment variable that sets the period. */
  readonly variable: string
  /** Where the default comes from. */
  readonly source: { readonly sv: string; readonly en: string }
}

/** Sources of the defaults, read 2026-12-02 (SoL 2001:453 as amended by SFS 2003:135). */
const personaktSource = {
  sv: 'Socialtjänstlagen (2001:453) 12 kap. 1 §: uppgifter i en personakt gallras fem år efter den sista anteckningen; uppgifter i en sammanställning fem år efter att förhållandena upphört. Kommunens dokumenthanteringsplan kan kräva längre tid (t.ex. för forskningens behov).',
  en: 'Social Services Act (2001:453) ch. 12 s. 1: a personal file is culled five years after its last entry; a compilation five years after the circumstances it records ended. The municipality’s archive decision may require longer (e.g. for research).',
} as const

export const retentionKinds: Readonly<Record<RetentionKind, RetentionKindRule>> = {
  household: {
    kind: 'household',
    sv: 'hushåll',
    en: 'household',
    clock: {
      sv: 'hushållet är avslutat (bostad ordnad eller avregistrerat) och den sista anteckningen (situation, beslut, erbjudande, placering, ändring) gjordes',
      en: 'the household is closed (housed or withdrawn) and its last entry (situation, decision, offer, placement, change) was made',
    },
    action: {
      sv: 'avidentifieras: kvar blir bara det uppföljningen räknar (antal vuxna och barn, barnens födelseår, kön, födelseår, född utomlands, situationer med datum); fritext i beslut och svar, förklaringar, ÖBO:s förtursbeslut och nomineringar tas bort',
      en: 'anonymised: only what the follow-up counts is kept (adults and children, the children’s birth years, gender, year of birth, born abroad, situations with dates); free text in decisions and answers, explanations, ÖBO’s priority decisions and nominations are removed',
    },
    unit: 'years',
    defaultPeriod: 5,
    variable: 'HEMVIST_RETENTION_HOUSEHOLD_YEARS',
    source: personaktSource,
  },
  round: {
    kind: 'round',
    sv: 'matchningsrunda',
    en: 'match round',
    clock: { sv: 'rundan avslutades', en: 'the round closed' },
    action: {
      sv: 'underlaget (ögonblicksbilden av alla hushåll) och förklaringarna tas bort; förslagen, besluten och jämlikhetssiffrorna blir kvar (rundan kan då inte köras om)',
      en: 'the snapshot (every household of the pool) and the explanations are removed; the proposals, decisions and equality figures stay (the round can then not be replayed)',
    },
    unit: 'years',
    defaultPeriod: 5,
    variable: 'HEMVIST_RETENTION_ROUND_YEARS',
    source: personaktSource,
  },
  audit: {
    kind: 'audit',
    sv: 'loggrader som namnger ett hushåll',
    en: 'audit rows that name a household',
    clock: {
      sv: 'raden skrevs, och hushållet är gallrat',
      en: 'the row was written, and the household has been culled',
    },
    action: {
      sv: 'raderna tas bort och ersätts av en gravsten (radens hash, ingen data), så att loggkedjan kan verifieras; en rad per hushåll om gallringen blir kvar',
      en: 'the rows are removed, each leaving a tombstone (its hash, no data) so that the chain still verifies; one row per household recording the culling stays',
    },
    unit: 'years',
    defaultPeriod: 5,
    variable: 'HEMVIST_RETENTION_AUDIT_YEARS',
    source: {
      sv: 'Ingen författning anger tiden för registrets åtkomstlogg; loggen visar vem som läst akten och sparas lika länge som akten (5 år), om inte kommunens dokumenthanteringsplan säger annat.',
      en: 'No statute sets the period for this register’s access log; it shows who read the file and is kept as long as the file (5 years) unless the municipality’s archive decision says otherwise.',
    },
  },
  staff_session: {
    kind: 'staff_session',
    sv: 'personalens inloggningar',
    en: 'staff sessions',
    clock: { sv: 'inloggningen avslutades eller gick ut', en: 'the session ended or expired' },
    action: {
      sv: 'tas bort (öppning och avslut finns kvar i loggen)',
      en: 'deleted (its opening and end stay in the audit log)',
    },
    unit: 'days',
    defaultPeriod: 7,
    variable: 'HEMVIST_RETENTION_SESSION_DAYS',
    source: {
      sv: 'Ingen akthandling: en inloggning behövs bara för säkerheten, en vecka räcker för att utreda en incident.',
      en: 'Not a record of a case: a session is kept for security only; a week is enough to look into an incident.',
    },
  },
}

/** The period of each kind, in its unit (years or days). */
export type RetentionSettings = Readonly<Record<RetentionKind, number>>

export const defaultRetentionSettings: RetentionSettings = {
  household: retentionKinds.household.defaultPeriod,
  round: retentionKinds.round.defaultPeriod,
  audit: retentionKinds.audit.defaultPeriod,
  staff_session: retentionKinds.staff_session.defaultPeriod,
}

/**
 * The instant before which a record of `kind` is past its time, counted back from `now`: whole
 * calendar years (a 29 February becomes the 28th) or days.
 *
 * @example
 * retentionCutoff('household', 5, new Date('2026-12-02T10:00:00Z')) // '2021-12-02T10:00:00.000Z'
 */
export function retentionCutoff(kind: RetentionKind, period: number, now: Date): string {
  const iso = now.toISOString()
  if (retentionKinds[kind].unit === 'days') return new Date(now.getTime() - period * 86_400_000).toISOString()
  return `${addMonths(iso.slice(0, 10), -12 * period)}${iso.slice(10)}`
}

/** The statuses of a closed household: only these are ever culled. */
export const closedStatuses: readonly Applicant['status'][] = ['housed', 'withdrawn']

/**
 * What is left of a household's record after culling: the statistics skeleton the follow-up
 * counts, built from an allow-list (a field added to the applicant later is dropped unless added
 * here). Fields the schema requires but culling removes get neutral values (no needs, no
 * preferences of districts, rent 0), which `culled_households` marks as culled, never as facts.
 * `safety.protectedIdentity` is kept: the household's placement still points to a flat, and that
 * flat's address must stay hidden as before.
 *
 * @example
 * householdSkeleton(applicant).needs.supportLevel // 'none'
 */
export function householdSkeleton(a: Applicant): Applicant {
  return {
    id: a.id,
    registeredOn: a.registeredOn,
    lotteryNumber: a.lotteryNumber,
    ...(a.situation === undefined ? {} : { situation: { ...a.situation } }),
    household: {
      adults: a.household.adults,
      // The count, the birth years and the genders (children are counted by age and gender); the month goes.
      children: a.household.children.map((c) => ({
        birthYear: c.birthYear,
        birthMonth: 1,
        ...(c.gender === undefined ? {} : { gender: c.gender }),
      })),
      // The adults as the follow-up counts them (role, birth, gender); the personnummer's pseudonym goes.
      ...(a.household.members === undefined
        ? {}
        : {
            members: a.household.members.map((m) => ({
              role: m.role,
              birthYear: m.birthYear,
              birthMonth: m.birthMonth,
              gender: m.gender,
            })),
          }),
    },
    // A prevention case keeps what its counts read (what was at risk, since when, the landlord's
    // notice, a decided eviction date, the outcome); the rent arrears' figures go.
    ...(a.prevention === undefined
      ? {}
      : {
          prevention: {
            tenure: a.prevention.tenure,
            since: a.prevention.since,
            signals: {
              ...(a.prevention.signals.landlordNotice === undefined
                ? {}
                : { landlordNotice: a.prevention.signals.landlordNotice }),
              ...(a.prevention.signals.evictionApplication === undefined
                ? {}
                : { evictionApplication: a.prevention.signals.evictionApplication }),
            },
            ...(a.prevention.outcome === undefined ? {} : { outcome: a.prevention.outcome }),
          },
        }),
    needs: {
      supportLevel: 'none',
      housingFirstAssessed: false,
      skillsTrainingNeed: false,
      wheelchair: false,
      elevator: false,
      groundFloor: false,
      pets: false,
    },
    safety: { excludedDistricts: [], protectedIdentity: a.safety.protectedIdentity, domesticViolence: false },
    urgency:
      a.prevention !== undefined && a.urgency.evictionDate !== undefined
        ? { evictionDate: a.urgency.evictionDate }
        : {},
    economy: { maxRent: 0, rentCarriedByMunicipality: false },
    resident: false,
    // The schema needs one accepted type; the first is kept (the follow-up counts by the vacancy's type, not this).
    preferences: { districts: [], vacancyTypes: a.preferences.vacancyTypes.slice(0, 1) },
    declinedVacancyIds: [],
    caseload: a.caseload,
    status: a.status,
    monitoring: {
      gender: a.monitoring.gender,
      ...(a.monitoring.birthYear === undefined ? {} : { birthYear: a.monitoring.birthYear }),
      ...(a.monitoring.bornAbroad === undefined ? {} : { bornAbroad: a.monitoring.bornAbroad }),
    },
  }
}

/**
 * A stored round result with its explanations removed (the shape `hemvist solve --no-explain`
 * writes): they name each household's circumstances. Everything else (pairs, scores, equality
 * figures) stays.
 */
export function resultWithoutExplanations(result: unknown): unknown {
  if (typeof result !== 'object' || result === null) return result
  const out: Record<string, unknown> = { ...(result as Record<string, unknown>) }
  for (const key of ['proposals', 'unmatched'] as const) {
    const list = out[key]
    if (Array.isArray(list)) {
      out[key] = list.map((item: unknown) => {
        if (typeof item !== 'object' || item === null) return item
        const { explanation: _dropped, ...rest } = item as Record<string, unknown>
        return rest
      })
    }
  }
  return out
}
