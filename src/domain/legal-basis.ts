/**
 * The legal basis of a placement: on what ground the municipality may house a
 * household, and on whose decision. Pure: the engine's rules, the decision
 * record and the pages read these functions.
 *
 * - The municipality's own programmes (social contract, training and trial
 *   flats, Housing First, supported housing) are support (bistånd) under the
 *   Social Services Act, SoL (2001:453) chapter 4 section 1: a household gets
 *   one on a granted support decision of that kind, valid on the day.
 * - A structural case (no other problem than lacking a home) has no right to a
 *   home from the municipality; the policy says what is open to it (ÖBO
 *   priority by default).
 * - The responsible municipality follows SoL chapter 2 a (where the person is
 *   settled, or stays), not a yes/no "resident" flag.
 * - An ÖBO priority flat is let on ÖBO's own priority decision.
 */
import type { Applicant, SupportDecision } from './applicant.ts'
import type { LegalBasis } from './round-lifecycle.ts'
import type { ResponsibilityGround, SituationKind, SupportGrant, VacancyType } from './vocabulary.ts'
import { vacancyTypes } from './vocabulary.ts'

/** The grant a vacancy type needs, for the municipality's own programmes; undefined for an ÖBO priority flat. */
export function grantFor(type: VacancyType): SupportGrant | undefined {
  return type === 'obo_priority' ? undefined : type
}

/** True when a decision is in force on `day` (YYYY-MM-DD): decided on or before it, valid through it. */
export function inForce(decision: SupportDecision, day: string): boolean {
  return decision.decidedOn <= day && (decision.validUntil === undefined || decision.validUntil >= day)
}

/**
 * The household's support decision that grants `type` and is in force on `day`; when several are,
 * the latest decided (then the greatest reference), so the choice never depends on the list's order.
 *
 * @example validDecisionFor(applicant, 'social_contract', '2026-12-07') // { reference: 'SOC-2026-114', … }
 */
export function validDecisionFor(
  applicant: Pick<Applicant, 'legalBasis'>,
  type: VacancyType,
  day: string,
): SupportDecision | undefined {
  const grant = grantFor(type)
  if (grant === undefined) return undefined
  let best: SupportDecision | undefined
  for (const d of applicant.legalBasis?.supportDecisions ?? []) {
    if (d.grants !== grant || !inForce(d, day)) continue
    if (
      best === undefined ||
      d.decidedOn > best.decidedOn ||
      (d.decidedOn === best.decidedOn && d.reference > best.reference)
    ) {
      best = d
    }
  }
  return best
}

/** Why a household has no valid decision for a type: none of that kind, or only ones not in force on the day. */
export function missingDecision(
  applicant: Pick<Applicant, 'legalBasis'>,
  type: VacancyType,
  day: string,
): { state: 'none' } | { state: 'expired'; validUntil: string } | { state: 'later'; decidedOn: string } {
  const grant = grantFor(type)
  const ofKind = (applicant.legalBasis?.supportDecisions ?? []).filter((d) => d.grants === grant)
  const expired = ofKind
    .filter((d) => d.validUntil !== undefined && d.validUntil < day)
    .map((d) => d.validUntil as string)
    .sort()
  if (expired.length > 0) return { state: 'expired', validUntil: expired[expired.length - 1] as string }
  const later = ofKind
    .filter((d) => d.decidedOn > day)
    .map((d) => d.decidedOn)
    .sort()
  if (later.length > 0) return { state: 'later', decidedOn: later[0] as string }
  return { state: 'none' }
}

/** Bit i stands for `vacancyTypes[i]`: a set of vacancy types as one number, for the engine's pair loop. */
export function typeBit(type: VacancyType): number {
  return 1 << vacancyTypes.indexOf(type)
}

/** The vacancy types the household holds a support decision for on `day`, as bits (`typeBit`). */
export function grantedTypeBits(applicant: Pick<Applicant, 'legalBasis'>, day: string): number {
  let bits = 0
  for (const d of applicant.legalBasis?.supportDecisions ?? []) {
    if (d.grants !== 'obo_priority_recommendation' && inForce(d, day)) bits |= typeBit(d.grants)
  }
  return bits
}

/**
 * On what ground the municipality is responsible for the household (SoL chapter 2 a). Without a
 * recorded ground, a household registered (folkbokförd) here counts as settled here; for one that
 * is not, the responsible municipality has not been established (undefined).
 */
export function responsibilityOf(
  applicant: Pick<Applicant, 'legalBasis' | 'resident'>,
): ResponsibilityGround | undefined {
  return applicant.legalBasis?.responsibility ?? (applicant.resident ? 'settled_here' : undefined)
}

/** True when this municipality is the one responsible for the household's support. */
export function municipalityResponsible(applicant: Pick<Applicant, 'legalBasis' | 'resident'>): boolean {
  const ground = responsibilityOf(applicant)
  return ground === 'settled_here' || ground === 'staying_here' || ground === 'moving_in'
}

/** True when the household's homelessness is recorded as structural. */
export function isStructural(applicant: Pick<Applicant, 'legalBasis'>): boolean {
  return applicant.legalBasis?.homelessness === 'structural'
}

/** The situation kinds that are one of the municipality's sublets with conditions (situation 3). */
export const subletKinds: readonly SituationKind[] = [
  'social_contract',
  'training_flat',
  'trial_flat',
  'municipal_contract',
]

/** True when the household lives in one of the municipality's sublets now (Socialstyrelsen's situation 3). */
export function livesInSublet(applicant: Pick<Applicant, 'situation'>): boolean {
  // A prevention case (no situation) lives in its own home, not in one of the municipality's sublets.
  const s = applicant.situation
  return s !== undefined && s.code === 'long_term_solution' && subletKinds.includes(s.kind)
}

/** The legal ground a decision rests on, with the reference and date of the decision behind it. */
export type DecisionBasis =
  | {
      readonly ok: true
      readonly legalBasis: LegalBasis
      /** The reference of the support decision (SoL) or of ÖBO's priority decision; null when ÖBO's has none recorded. */
      readonly reference: string | null
      readonly decidedOn: string | null
    }
  | { readonly ok: false; readonly grant: SupportGrant }

/**
 * Rule D1: the legal basis of an approval or override follows from the household's own decisions,
 * not from the vacancy type alone. A municipal programme rests on the household's support decision
 * of that kind in force on the day (none: not ok, and nothing can be offered); an ÖBO priority flat
 * rests on ÖBO's priority decision (its reference when the household holds one).
 *
 * @example decisionBasis(applicant, 'social_contract', '2026-12-07')
 * // { ok: true, legalBasis: 'sol_4_1', reference: 'SOC-2026-114', decidedOn: '2026-10-02' }
 */
export function decisionBasis(
  applicant: Pick<Applicant, 'legalBasis' | 'oboPriority'>,
  type: VacancyType,
  day: string,
): DecisionBasis {
  if (type === 'obo_priority') {
    return {
      ok: true,
      legalBasis: 'obo_priority_decision',
      reference: applicant.oboPriority?.decisionRef ?? null,
      decidedOn: applicant.oboPriority?.decidedOn ?? null,
    }
  }
  const decision = validDecisionFor(applicant, type, day)
  if (decision === undefined) return { ok: false, grant: type }
  return { ok: true, legalBasis: 'sol_4_1', reference: decision.reference, decidedOn: decision.decidedOn }
}
