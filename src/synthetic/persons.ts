/**
 * Persons and prevention cases for synthetic households, drawn from a stream of their own
 * (`streams.persons`), so the households, vacancies and rounds the generator makes for a seed stay
 * exactly what they were: this only adds to a household, after it is made.
 *
 * - Members: every adult as a person. The applicant has the household's monitored gender and year
 *   of birth; a co-applicant is of the other gender in 85 % of couples and two years apart on
 *   average (assumptions); children get a gender (even odds). No personnummer: synthetic data never
 *   carries one.
 * - Prevention cases: `share` of the households (Örebro's strategy puts evictions in its third area;
 *   the share is an assumption) are households at risk of losing their own lease, not homeless:
 *   rent arrears of 1–6 months of a 6,500–11,500 kr rent, the landlord's notice (Jordabalken
 *   12 kap. 44 §) 0–60 days ago, a decided eviction date 20–120 days ahead for half of them, and
 *   for a third an outcome already: a stay-put agreement or the arrears settled.
 */
import type { Applicant, Member } from '../domain/applicant.ts'
import { addDays } from '../domain/dates.ts'
import { Random } from './random.ts'

/** The stream of persons and prevention cases ('P'), apart from households ('A') and vacancies ('V'). */
export const personsStream = 0x50

/**
 * The household with its members (and, for about `preventionShare` of them, as a prevention case),
 * drawn from `seed` and the household's `index`.
 *
 * @example
 * const withPersons = round.applicants.map((a, i) => withPersonsAndPrevention(a, 2026, i, asOf, 0.04))
 */
export function withPersonsAndPrevention(
  a: Applicant,
  seed: number,
  index: number,
  asOf: string,
  preventionShare: number,
): Applicant {
  const r = Random.for(seed, personsStream, index)
  const applicantYear = a.monitoring.birthYear ?? Number(asOf.slice(0, 4)) - 40
  const members: Member[] = Array.from({ length: Math.min(a.household.adults, 4) }, (_, k): Member => {
    if (k === 0) {
      return {
        role: 'applicant',
        birthYear: applicantYear,
        birthMonth: r.int(1, 12),
        gender: a.monitoring.gender,
      }
    }
    const other =
      a.monitoring.gender === 'woman' ? 'man' : a.monitoring.gender === 'man' ? 'woman' : 'unknown'
    return {
      role: 'co_applicant',
      // An adult: at least 18 in the year of `asOf`.
      birthYear: Math.min(Number(asOf.slice(0, 4)) - 18, applicantYear + Math.round(r.normal(-2, 4))),
      birthMonth: r.int(1, 12),
      gender: r.chance(0.85) ? other : a.monitoring.gender,
    }
  })
  const children = a.household.children.map((c) => ({
    ...c,
    gender: r.chance(0.5) ? ('woman' as const) : ('man' as const),
  }))
  const withPersons: Applicant = { ...a, household: { ...a.household, children, members } }
  // Only a household registered recently, in its own kind of trouble, is a prevention case.
  if (!r.chance(preventionShare)) return withPersons
  const { situation: _none, ...rest } = withPersons
  const noticeDaysAgo = r.int(0, 60)
  const since = addDays(asOf, -noticeDaysAgo)
  const rent = r.int(65, 115) * 100
  const months = r.int(1, 6)
  const ended = r.chance(1 / 3)
  const evictionDate = r.chance(0.5) ? addDays(asOf, r.int(20, 120)) : undefined
  return {
    ...rest,
    // Registered when the municipality learned of the risk.
    registeredOn: since,
    urgency: evictionDate === undefined ? {} : { evictionDate },
    prevention: {
      tenure: r.chance(0.9) ? 'first_hand_lease' : 'sublet',
      since,
      signals: {
        rentArrears: { amount: rent * months, months },
        landlordNotice: { receivedOn: since },
      },
      ...(ended
        ? {
            outcome: {
              kind: r.chance(0.6) ? ('stay_put_agreement' as const) : ('arrears_settled' as const),
              on: addDays(since, r.int(0, noticeDaysAgo)),
            },
          }
        : {}),
    },
  }
}
