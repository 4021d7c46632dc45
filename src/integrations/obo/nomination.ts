/**
 * A nomination to ÖBO: what ÖBO needs to offer its flat to the household the
 * allocator approved, and nothing else. Pure: built from the offer, the
 * household's size and ÖBO's own priority reference, and the round's ranked
 * alternates.
 *
 * It carries a pseudonymous household reference, ÖBO's own priority decision
 * reference (how ÖBO finds the household in its queue), the household's size,
 * the flat, the answer-by day and the contact route through the case-worker
 * team. It never carries a name, a personal identity number, health, support
 * needs, addiction, criminal history, violence, exclusion districts, a
 * protected identity or where the household lives now: the builder copies
 * named fields into a new object, so nothing else can ride along.
 */
import { createHash } from 'node:crypto'
import type { Applicant } from '../../domain/applicant.ts'
import { isEligible } from '../../domain/match/eligibility.ts'
import { householdFacts, vacancyFacts } from '../../domain/match/household-facts.ts'
import { priorityTerms, scorePair, sumCents } from '../../domain/match/scoring.ts'
import type { RoundInput } from '../../domain/round.ts'

/** How many alternates a nomination names at most. */
export const maxAlternates = 3

/** The event type of a nomination delivery. */
export const nominationEvent = 'nomination.created'

export interface HouseholdSize {
  persons: number
  adults: number
  children: number
}

export interface NominationAlternate {
  rank: number
  householdRef: string
  priorityDecisionRef: string | null
  householdSize: HouseholdSize
}

export interface Nomination {
  type: typeof nominationEvent
  /** ISO time the nomination was made (the decision's time). */
  timestamp: string
  data: {
    /** hemvist's reference of the nomination; ÖBO's outcome names it. */
    nominationId: string
    objectNo: string
    householdRef: string
    priorityDecisionRef: string | null
    householdSize: HouseholdSize
    offeredOn: string
    answerBy: string
    /** ÖBO reaches the household through its case-worker team, never directly from this message. */
    contact: { via: 'case_worker'; caseload: string; decidedBy: string }
    alternates: NominationAlternate[]
  }
}

/**
 * The household's pseudonymous reference: a digest of hemvist's (random,
 * meaningless) household id, so the same household has the same reference in
 * every nomination and the reference says nothing about the person.
 */
export function householdRef(applicantId: string): string {
  return `HH-${createHash('sha256').update(`hemvist-obo:${applicantId}`).digest('hex').slice(0, 16).toUpperCase()}`
}

export function householdSizeOf(a: Pick<Applicant, 'household'>): HouseholdSize {
  const children = a.household.children.length
  return { persons: a.household.adults + children, adults: a.household.adults, children }
}

/**
 * The next eligible households for the vacancy in the round's order: every
 * household of the round's snapshot that passes every hard rule for it,
 * ranked by the pair's score (highest first), then the lottery number, then
 * the id (the engine's own tie-break), leaving out `exclude`.
 *
 * @example
 * rankAlternates(snapshot, 'v-3', new Set(['a-1'])) // ['a-7', 'a-2', 'a-9']
 */
export function rankAlternates(
  round: RoundInput,
  vacancyId: string,
  exclude: ReadonlySet<string>,
  limit = maxAlternates,
): string[] {
  const vacancy = round.vacancies.find((v) => v.id === vacancyId)
  if (vacancy === undefined) return []
  const ctx = { asOf: round.asOf, policy: round.policy }
  const v = vacancyFacts({ ...vacancy, status: 'open' }, round.policy)
  const ranked: { id: string; cents: number; lottery: number }[] = []
  for (const applicant of round.applicants) {
    if (exclude.has(applicant.id)) continue
    const h = householdFacts(applicant, round.asOf, round.policy)
    if (!isEligible(h, v, ctx)) continue
    const priority = priorityTerms(h, round.asOf, round.policy)
    const cents = scorePair(priority, sumCents(priority), h, v, round.policy).cents
    ranked.push({ id: applicant.id, cents, lottery: applicant.lotteryNumber })
  }
  ranked.sort(
    (a, b) => b.cents - a.cents || a.lottery - b.lottery || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )
  return ranked.slice(0, limit).map((r) => r.id)
}

/**
 * The nomination for one offer.
 *
 * @example
 * buildNomination({ offer, objectNo: '1234-0101', household, caseload: 'team-norr', decidedBy: 'Anna Allokerare', alternates: [] })
 */
export function buildNomination(input: {
  offer: { id: string; offeredOn: string; answerBy: string; createdAt: string }
  objectNo: string
  household: Pick<Applicant, 'id' | 'household' | 'oboPriority'>
  caseload: string
  decidedBy: string
  alternates: readonly Pick<Applicant, 'id' | 'household' | 'oboPriority'>[]
}): Nomination {
  const h = input.household
  return {
    type: nominationEvent,
    timestamp: input.offer.createdAt,
    data: {
      nominationId: input.offer.id,
      objectNo: input.objectNo,
      householdRef: householdRef(h.id),
      priorityDecisionRef: h.oboPriority?.decisionRef ?? null,
      householdSize: householdSizeOf(h),
      offeredOn: input.offer.offeredOn,
      answerBy: input.offer.answerBy,
      contact: { via: 'case_worker', caseload: input.caseload, decidedBy: input.decidedBy },
      alternates: input.alternates.map((a, i) => ({
        rank: i + 1,
        householdRef: householdRef(a.id),
        priorityDecisionRef: a.oboPriority?.decisionRef ?? null,
        householdSize: householdSizeOf(a),
      })),
    },
  }
}
