/**
 * What the follow-up reports are computed from: the households with their situation history,
 * and the offers, decisions, placements, vacancies and rounds of the match lifecycle. The
 * services load it from the database (`src/services/follow-up/load.ts`); the reports are pure
 * functions of it, so each one is tested on a hand-made history with hand-computed answers.
 */
import type { PlacementEndReason } from '../round-lifecycle.ts'
import type { Gender, PreventionOutcome, SituationCode, VacancyType } from '../vocabulary.ts'

/** One person of a household, as counted by Socialstyrelsen: adult or child, gender, year of birth. */
export interface FollowUpPerson {
  readonly child: boolean
  /** `unknown` where the household's record does not give it. */
  readonly gender: Gender
  readonly birthYear?: number
  readonly birthMonth?: number
}

/** A prevention case (a household at risk of eviction, registered before it is homeless). */
export interface FollowUpPrevention {
  /** The day the municipality learned of the risk. */
  readonly since: string
  readonly landlordNotice: boolean
  /** A decided eviction date, if any. */
  readonly evictionDate?: string
  readonly outcome?: { readonly kind: PreventionOutcome; readonly on: string }
}

export interface FollowUpSituation {
  readonly code: SituationCode
  readonly kind: string
  /** YYYY-MM-DD: the day the household entered this situation. */
  readonly since: string
}

export interface FollowUpHousehold {
  readonly id: string
  readonly caseload: string
  readonly registeredOn: string
  /** The day the household was withdrawn (left the register), if it was. */
  readonly withdrawnOn?: string
  readonly adults: number
  readonly children: number
  /** The main applicant's monitoring attributes: the only person whose gender and age are recorded. */
  readonly gender: Gender
  readonly birthYear?: number
  readonly bornAbroad?: boolean
  /** Every situation the household has been in, oldest first (appended, never rewritten). */
  readonly situations: readonly FollowUpSituation[]
  /**
   * Every person of the household: the adults as members where the record lists them (else the
   * main applicant from `monitoring` and the other adults unknown), and the children. Absent in
   * hand-made histories that predate persons: the main applicant and unknown others are assumed.
   */
  readonly persons?: readonly FollowUpPerson[]
  /** The prevention case the household was registered as, if it was one. */
  readonly prevention?: FollowUpPrevention
}

export interface FollowUpOffer {
  readonly id: string
  readonly applicantId: string
  readonly vacancyId: string
  readonly vacancyType: VacancyType
  readonly offeredOn: string
  readonly status: 'open' | 'accepted' | 'declined' | 'no_answer'
  /** YYYY-MM-DD of the answer (or of the day it closed unanswered). */
  readonly answeredOn?: string
  readonly declinedBy?: string
  readonly declineReason?: string
}

export interface FollowUpDecision {
  readonly kind: 'approve' | 'override' | 'reject'
  readonly reasonCode?: string
  readonly vacancyType: VacancyType
  readonly decidedOn: string
}

export interface FollowUpPlacement {
  readonly id: string
  readonly offerId: string
  readonly applicantId: string
  readonly vacancyId: string
  readonly vacancyType: VacancyType
  readonly district: string
  readonly contractForm: string
  readonly startDate: string
  /** The round whose decision made the offer. */
  readonly roundId: string
  /** A sublet's last day of its trial period, when one was set. */
  readonly trialPeriodEndsOn?: string
  /** The day the household took over the contract as its own (övertagande). */
  readonly takenOverOn?: string
  /** The day the placement ended: the household moved on to another placement, or rule P8's ends. */
  readonly endedOn?: string
  /** Why it ended, with `endedOn`. */
  readonly endReason?: PlacementEndReason
}

export interface FollowUpVacancy {
  readonly id: string
  readonly type: VacancyType
  readonly district: string
  readonly availableFrom: string
  readonly status: 'open' | 'offered' | 'let' | 'withdrawn'
}

export interface FollowUpGroup {
  readonly attribute: string
  readonly value: string
  readonly eligible: number
  readonly matched: number
}

export interface FollowUpRound {
  readonly id: string
  readonly asOf: string
  readonly status: string
  readonly policy: { readonly id: string; readonly version: number }
  /** The band the round's policy sets for group parity (the largest allowed gap to the overall rate). */
  readonly parityEpsilon: number
  /** The policy's per-round cap on placements in each vulnerable district, when caps are on. */
  readonly districtCap?: { readonly maxPerDistrict: number; readonly districts: readonly string[] }
  /** Equality figures of the stored result; absent while the round has no result. */
  readonly equality?: {
    readonly eligible: number
    readonly matched: number
    readonly groups: readonly FollowUpGroup[]
  }
}

/** One day's stored counts per situation (the worker writes one a day; see `dailyCounts`). */
export interface FollowUpDay {
  readonly day: string
  readonly counts: {
    readonly all: Record<string, { households: number; adults: number; children: number }>
    readonly caseloads: Record<
      string,
      Record<string, { households: number; adults: number; children: number }>
    >
  }
}

export interface FollowUpData {
  /** The stored daily counts, oldest first. */
  readonly days: readonly FollowUpDay[]
  readonly households: readonly FollowUpHousehold[]
  readonly offers: readonly FollowUpOffer[]
  readonly decisions: readonly FollowUpDecision[]
  readonly placements: readonly FollowUpPlacement[]
  readonly vacancies: readonly FollowUpVacancy[]
  readonly rounds: readonly FollowUpRound[]
}

/** Contract forms that are a home of one's own (a first-hand contract): the household is no longer homeless. */
export const ownHomeForms: readonly string[] = ['first_hand', 'housing_first']

/** Contract forms that are a sublet from the municipality with a trial period, which the household may take over. */
export const subletForms: readonly string[] = ['social_contract', 'training', 'trial']

/** `date` plus `months` calendar months (the last day of a shorter month when the day does not exist). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7)) - 1 + months
  const year = y + Math.floor(m / 12)
  const month = ((m % 12) + 12) % 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const day = Math.min(Number(date.slice(8, 10)), last)
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}
