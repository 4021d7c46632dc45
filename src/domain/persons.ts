/**
 * The persons of a household. Socialstyrelsen's national surveys of homelessness count persons,
 * adults and children, with gender and age, and a household is several persons. A household's
 * record lists its adults as members (`household.members`, optional: a client that sends only the
 * counts is served as before) and its children (`household.children`, with gender where given).
 *
 * How the counts and the members relate (written in docs/domain.md and docs/api.md):
 * - `household.adults` and `household.children` stay the household's size: the engine's rules
 *   (rooms, ÖBO's caps, children first) read them, so the same facts decide whatever a client sends.
 * - Where members are listed, they are adults of the household: no more than `adults` (rule in
 *   `householdRecordIssues`); more is a 422 naming `household.members`.
 *   Adults not listed are counted with gender and age unknown.
 * - Where none are listed, the persons counted are the main applicant (gender and year of birth
 *   from `monitoring`) and the other adults with gender and age unknown.
 */
import type { Applicant } from './applicant.ts'
import type { FollowUpPerson } from './follow-up/data.ts'

/**
 * Every person of the household, adults first (the applicant, then co-applicants), then children.
 *
 * @example
 * personsOf(a).filter((p) => !p.child && p.gender === 'woman').length // adult women in the household
 */
export function personsOf(a: Pick<Applicant, 'household' | 'monitoring'>): FollowUpPerson[] {
  const members = a.household.members
  const listed: FollowUpPerson[] =
    members !== undefined && members.length > 0
      ? [...members]
          .sort((x, y) => (x.role === y.role ? 0 : x.role === 'applicant' ? -1 : 1))
          .map((m) => ({ child: false, gender: m.gender, birthYear: m.birthYear, birthMonth: m.birthMonth }))
      : [
          {
            child: false,
            gender: a.monitoring.gender,
            ...(a.monitoring.birthYear === undefined ? {} : { birthYear: a.monitoring.birthYear }),
          },
        ]
  const unlisted = Math.max(0, a.household.adults - listed.length)
  const adults = [
    ...listed.slice(0, a.household.adults),
    ...Array.from({ length: unlisted }, (): FollowUpPerson => ({ child: false, gender: 'unknown' })),
  ]
  const children = a.household.children.map(
    (c): FollowUpPerson => ({
      child: true,
      gender: c.gender ?? 'unknown',
      birthYear: c.birthYear,
      birthMonth: c.birthMonth,
    }),
  )
  return [...adults, ...children]
}
